"""Smoke/demo PyFlink job: a few rows -> MariaDB/MySQL table through Flink's `jdbc` connector.

It proves that the JDBC connector (core), its MySQL dialect and the MySQL JDBC driver load in the
session cluster: the sink declares a primary key, so the dialect's upsert statement
(INSERT ... ON DUPLICATE KEY UPDATE) is used, and the duplicate key below must end up with its
last value. The job is bounded: it reaches FINISHED on its own.

The target table must exist:  CREATE TABLE <table> (id BIGINT PRIMARY KEY, name VARCHAR(64))
The password is read from the environment (SLUICE_SMOKE_JDBC_PASSWORD), never from the command
line, so it does not appear in `ps`, in the job's arguments or in the Flink Dashboard.

    SLUICE_SMOKE_JDBC_PASSWORD=sluice .data/flink-venv/bin/flink run -m 127.0.0.1:8081 -d \
        -py infra/smoke/upsert_to_jdbc.py --url jdbc:mysql://127.0.0.1:3306/sluice \
        --table smoke_upsert --username sluice
"""

import argparse
import os

from pyflink.table import EnvironmentSettings, TableEnvironment

# (id, name): id 1 appears twice, so an upsert sink must keep 'one-updated'.
ROWS = [(1, "one"), (2, "two"), (3, "three"), (1, "one-updated")]


def sql_string(value: str) -> str:
    """Quotes a value as a Flink SQL string literal (single quotes doubled)."""
    return "'" + value.replace("'", "''") + "'"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="jdbc:mysql://host:port/database")
    parser.add_argument("--table", required=True)
    parser.add_argument("--username", required=True)
    parser.add_argument("--job-name", default="sluice-smoke-upsert-to-jdbc")
    args = parser.parse_args()
    password = os.environ.get("SLUICE_SMOKE_JDBC_PASSWORD")
    if password is None:
        parser.error("set SLUICE_SMOKE_JDBC_PASSWORD in the environment")

    t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())
    t_env.get_config().set("pipeline.name", args.job_name)
    t_env.get_config().set("parallelism.default", "1")

    # 'driver' is explicit because the MySQL dialect's default is the legacy com.mysql.jdbc.Driver
    # alias, which Connector/J 9 still loads but warns about in the TaskManager log.
    t_env.execute_sql(
        f"""
        CREATE TABLE smoke_jdbc_sink (
          id BIGINT,
          name STRING,
          PRIMARY KEY (id) NOT ENFORCED
        ) WITH (
          'connector' = 'jdbc',
          'url' = {sql_string(args.url)},
          'table-name' = {sql_string(args.table)},
          'username' = {sql_string(args.username)},
          'password' = {sql_string(password)},
          'driver' = 'com.mysql.cj.jdbc.Driver',
          'sink.buffer-flush.max-rows' = '1'
        )
        """
    )
    values = ", ".join(f"({row_id}, {sql_string(name)})" for row_id, name in ROWS)
    # One row per flush and parallelism 1 keep the rows in order, so the last value of id 1 wins.
    result = t_env.execute_sql(
        f"INSERT INTO smoke_jdbc_sink SELECT * FROM (VALUES {values}) AS t(id, name)"
    )
    client = result.get_job_client()
    if client is not None:
        print(f"sluice-smoke: submitted job {client.get_job_id()}", flush=True)


if __name__ == "__main__":
    main()
