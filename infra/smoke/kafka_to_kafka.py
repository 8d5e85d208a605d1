"""Smoke/demo PyFlink job: Kafka topic -> Python UDF running JavaScript in V8 -> Kafka topic.

It proves, end to end, what Sluice's real-time jobs rely on: the Kafka SQL connector jar in the
session cluster's lib/, Python UDFs executed by TaskManager-side Python workers from the Flink
venv (python.executable), and mini-racer's V8 inside those workers (the clustering core runs
there as JavaScript).

Input records are JSON objects {"id": <int>, "message": <string>}; each output record is
{"id", "message", "shouted", "length"} where `shouted` is message.toUpperCase() computed by V8.

Submit to the local session cluster (detached; the JobID is printed):
    .data/flink-venv/bin/flink run -m 127.0.0.1:8081 -d -py infra/smoke/kafka_to_kafka.py \
        --bootstrap 127.0.0.1:9092 --source-topic in --sink-topic out --job-name smoke
Both topics must exist (auto topic creation is off on the local broker).
"""

import argparse

from pyflink.table import DataTypes, EnvironmentSettings, TableEnvironment
from pyflink.table.udf import ScalarFunction, udf


class JsUpper(ScalarFunction):
    """Upper-cases a string with JavaScript's toUpperCase, evaluated by an embedded V8."""

    def open(self, function_context):
        # Imported here, not at module level: this runs in the TaskManager's Python worker, which
        # must find mini-racer in its own interpreter (python.executable), not the client's.
        from py_mini_racer import MiniRacer

        self._ctx = MiniRacer()
        self._ctx.eval("function shout(s) { return s.toUpperCase(); }")

    def eval(self, message):
        return None if message is None else self._ctx.call("shout", message)


def sql_string(value: str) -> str:
    """Quotes a value as a Flink SQL string literal (single quotes doubled)."""
    return "'" + value.replace("'", "''") + "'"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bootstrap", default="127.0.0.1:9092")
    parser.add_argument("--source-topic", required=True)
    parser.add_argument("--sink-topic", required=True)
    parser.add_argument("--group-id", default=None, help="defaults to <job-name>")
    parser.add_argument("--job-name", default="sluice-smoke-kafka-to-kafka")
    parser.add_argument("--parallelism", type=int, default=1)
    args = parser.parse_args()

    t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    config = t_env.get_config()
    config.set("pipeline.name", args.job_name)
    config.set("parallelism.default", str(args.parallelism))

    t_env.create_temporary_system_function(
        "js_upper", udf(JsUpper(), result_type=DataTypes.STRING())
    )

    bootstrap = sql_string(args.bootstrap)
    t_env.execute_sql(
        f"""
        CREATE TABLE smoke_source (
          id BIGINT,
          message STRING
        ) WITH (
          'connector' = 'kafka',
          'topic' = {sql_string(args.source_topic)},
          'properties.bootstrap.servers' = {bootstrap},
          'properties.group.id' = {sql_string(args.group_id or args.job_name)},
          'scan.startup.mode' = 'earliest-offset',
          'format' = 'json',
          'json.ignore-parse-errors' = 'true'
        )
        """
    )
    t_env.execute_sql(
        f"""
        CREATE TABLE smoke_sink (
          id BIGINT,
          message STRING,
          shouted STRING,
          length INT
        ) WITH (
          'connector' = 'kafka',
          'topic' = {sql_string(args.sink_topic)},
          'properties.bootstrap.servers' = {bootstrap},
          'format' = 'json'
        )
        """
    )
    # Submits the job; with `flink run -d` the client returns as soon as it is accepted.
    result = t_env.execute_sql(
        "INSERT INTO smoke_sink "
        "SELECT id, message, js_upper(message), CHAR_LENGTH(message) FROM smoke_source"
    )
    client = result.get_job_client()
    if client is not None:
        print(f"sluice-smoke: submitted job {client.get_job_id()}", flush=True)


if __name__ == "__main__":
    main()
