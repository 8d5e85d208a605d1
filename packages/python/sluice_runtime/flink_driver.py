"""The PyFlink job driver: builds a compiled Sluice job from its plan inside the PyFlink client.

A compiled job is a small script plus ``sluice_plan.json`` (see :mod:`.flink_plan`). The script is
SREWorks-shaped: it has ``env`` and ``t_env``, creates the tables, wires the record steps, runs the
``pyflink`` fragments as written, and submits one job::

    sluice = JobDriver.from_script(__file__)        # or JobDriver.attach(env, t_env, __file__)
    env, t_env = sluice.env, sluice.t_env
    sluice.create_tables()
    sluice.build_record_steps()
    sluice.begin_fragments()
    # ... pyflink fragments: t_env.from_path("src")...execute_insert("sink")
    sluice.execute()

Record steps run as a ``ProcessFunction`` over ``to_data_stream`` of their inputs: each row
becomes the JSON-shaped dict of :mod:`.flink_values`, ``process(record, ctx)`` of
:mod:`.step_contract` runs on it, and :mod:`.flink_records` routes each output record to side
outputs, one per downstream target; a sink target's side output becomes a temporary view that the
plan's ``INSERT`` statements read. Every ``INSERT`` (the plan's and the fragments') goes into ONE
statement set, so the whole DAG is one Flink job with one checkpoint.

Secrets: parameter values come from the file named by ``SLUICE_PARAMS_FILE`` and are put into
the DDL here, in the client, right before ``execute_sql``; errors leaving this process have every
secret value replaced by ``***``.
"""

from __future__ import annotations

import linecache
import logging
import os
import re
import sys
import traceback
from collections.abc import Callable, Mapping
from typing import Any

from pyflink.common import Configuration, Row, Types
from pyflink.common.time import Instant
from pyflink.common.typeinfo import TypeInformation
from pyflink.datastream import DataStream, OutputTag, ProcessFunction, StreamExecutionEnvironment
from pyflink.table import StreamTableEnvironment, Table

from .flink_plan import (
    PARAMS_FILE_ENV,
    PLAN_FILE_NAME,
    JobPlan,
    PlanError,
    Redactor,
    StepPlan,
    load_params,
    load_plan,
    render_ddl,
)
from .flink_records import OutputRouter, RecordRoutingError, preview, targets_from_plan
from .flink_values import to_record_value
from .step_contract import StepContext, StepOutputError, load_step

#: Printed on its own line once the job is submitted; the Node submitter reads the job id from it.
JOB_ID_MARKER = "SLUICE_JOB_ID="


class StepFailedError(Exception):
    """A record step raised; the message carries the step, the record and the user's traceback."""


def _row(names: list[str], values: list[Any]) -> Row:
    row = Row(*values)
    row.set_field_names(names)
    return row


def _instant(seconds: int, nanos: int) -> Instant:
    return Instant(seconds, nanos)


def type_information(tree: Mapping[str, Any]) -> TypeInformation:
    """The pyflink TypeInformation that carries values of a Flink SQL type (a `parseFlinkType` tree)
    from a python operator back into the table world; the INSERT then CASTs to the exact type."""
    kind = tree["kind"]
    simple: dict[str, Callable[[], TypeInformation]] = {
        "BOOLEAN": Types.BOOLEAN,
        "TINYINT": Types.BYTE,
        "SMALLINT": Types.SHORT,
        "INT": Types.INT,
        "BIGINT": Types.LONG,
        "FLOAT": Types.FLOAT,
        "DOUBLE": Types.DOUBLE,
        "CHAR": Types.STRING,
        "VARCHAR": Types.STRING,
        "DECIMAL": Types.BIG_DEC,
        "DATE": Types.SQL_DATE,
        "TIME": Types.SQL_TIME,
        "TIMESTAMP": Types.SQL_TIMESTAMP,
        "TIMESTAMP_LTZ": Types.INSTANT,
    }
    if kind in simple:
        return simple[kind]()
    if kind in ("BINARY", "VARBINARY"):
        return Types.PRIMITIVE_ARRAY(Types.BYTE())
    if kind == "ARRAY":
        return Types.OBJECT_ARRAY(type_information(tree["element"]))
    if kind == "MAP":
        return Types.MAP(type_information(tree["key"]), type_information(tree["value"]))
    if kind == "ROW":
        fields = tree["fields"]
        return Types.ROW_NAMED([f["name"] for f in fields], [type_information(f["type"]) for f in fields])
    raise PlanError(f"a python step cannot produce values of type {kind}")


def _user_traceback(err: BaseException) -> str:
    """The traceback from the user's own frames on (this module's frames say nothing to them)."""
    here = os.path.dirname(os.path.abspath(__file__))
    tb = err.__traceback__
    while tb is not None and os.path.dirname(os.path.abspath(tb.tb_frame.f_code.co_filename)) == here:
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(err), err, tb))


class RecordStepFunction(ProcessFunction):
    """Runs one `record` step inside a Flink python worker. Pickled into the job graph (by
    reference: workers import this module from the shipped ``sluice_runtime``)."""

    def __init__(
        self,
        step: str,
        code: str,
        params: Mapping[str, Any],
        secret_values: list[str],
        outputs: list[Mapping[str, Any]],
        tags: list[OutputTag],
    ) -> None:
        self._name = step
        self._code = code
        self._params = dict(params)
        self._secret_values = secret_values
        self._outputs = outputs
        self._tags = tags
        self._step: Any = None
        self._router: OutputRouter | None = None
        self._redactor: Redactor | None = None

    def open(self, runtime_context: Any) -> None:
        filename = f"<step {self._name}>"
        # Tracebacks then show the user's source lines, not just line numbers.
        linecache.cache[filename] = (len(self._code), None, self._code.splitlines(True), filename)
        logger = logging.getLogger(f"sluice.step.{self._name}")
        self._redactor = Redactor(self._secret_values)
        ctx = StepContext(self._name, self._params, logger)
        self._step = load_step(self._name, self._code, ctx)
        self._router = OutputRouter(self._name, targets_from_plan(self._outputs), _row, _instant)
        self._step.open()

    def process_element(self, value: Any, ctx: Any):  # noqa: ANN201 - a generator of (tag, value)
        record = value if isinstance(value, dict) else to_record_value(value)
        try:
            results = self._step.process(record)
        except StepOutputError:
            raise
        except Exception as err:
            redact = self._redactor.redact if self._redactor else (lambda s: s)
            raise StepFailedError(
                redact(
                    f"python step '{self._name}' raised {type(err).__name__}: {err}\n"
                    f"record: {preview(record)}\n{_user_traceback(err)}"
                )
            ) from None
        assert self._router is not None
        for result in results:
            for index, routed in self._router.route(result):
                if self._outputs[index]["kind"] == "sink":
                    yield self._tags[index], Row(*routed)
                else:
                    yield self._tags[index], routed

    def close(self) -> None:
        if self._step is not None:
            self._step.close()


def _to_record(value: Any) -> dict[str, Any]:
    return to_record_value(value)


class _DeferredResult:
    """What a fragment's ``execute_insert`` / INSERT ``execute_sql`` returns: the insert joined the
    job's statement set and runs when the driver submits the job, so there is nothing to wait for."""

    def wait(self, timeout_ms: int | None = None) -> None:
        return None

    def get_job_client(self) -> None:
        return None

    def print(self) -> None:
        return None

    def collect(self) -> Any:
        raise RuntimeError("results of an INSERT inside a Sluice job cannot be collected")


class _SharedStatementSet:
    """A fragment's ``t_env.create_statement_set()``: adds to the job's one statement set."""

    def __init__(self, driver: JobDriver) -> None:
        self._driver = driver

    def add_insert_sql(self, stmt: str) -> _SharedStatementSet:
        self._driver._add_insert_sql(stmt)
        return self

    def add_insert(self, target: Any, table: Table, overwrite: bool = False) -> _SharedStatementSet:
        self._driver._statement_set.add_insert(target, table, overwrite)
        self._driver._inserts += 1
        return self

    def execute(self) -> _DeferredResult:
        return _DeferredResult()

    def attach_as_datastream(self) -> None:
        return None


_LEADING_TRIVIA = re.compile(r"^(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*", re.S)


def is_insert_statement(stmt: str) -> bool:
    """Whether a SQL statement is an INSERT (after leading whitespace and comments)."""
    rest = stmt[_LEADING_TRIVIA.match(stmt).end():]  # type: ignore[union-attr]
    return re.match(r"insert\b", rest, re.I) is not None


class JobDriver:
    """Builds and submits one compiled job. One driver per table environment."""

    _by_t_env: dict[int, JobDriver] = {}

    def __init__(self, env: StreamExecutionEnvironment, t_env: StreamTableEnvironment, plan: JobPlan,
                 params: Mapping[str, Any]) -> None:
        self.env = env
        self.t_env = t_env
        self.plan = plan
        self.params = dict(params)
        self.redactor = Redactor.for_params(plan, params)
        self._statement_set = t_env.create_statement_set()
        self._inserts = 0
        self._datastream_execute = False
        self._streams: dict[tuple[str, str], DataStream] = {}  # (step, downstream step) -> records
        self._tables_created: set[str] = set()
        self._install_redacting_excepthook()

    # --- construction -------------------------------------------------------------------------

    @staticmethod
    def _load(script_file: str) -> tuple[JobPlan, dict[str, Any]]:
        plan = load_plan(os.path.join(os.path.dirname(os.path.abspath(script_file)), PLAN_FILE_NAME))
        return plan, load_params(os.environ.get(PARAMS_FILE_ENV))

    @staticmethod
    def _configuration(plan: JobPlan) -> Configuration:
        conf = Configuration()
        for key, value in plan.config.items():
            conf.set_string(key, value)
        return conf

    @classmethod
    def from_script(cls, script_file: str) -> JobDriver:
        """Creates ``env`` and ``t_env`` with the plan's Flink configuration."""
        plan, params = cls._load(script_file)
        env = StreamExecutionEnvironment.get_execution_environment(cls._configuration(plan))
        t_env = StreamTableEnvironment.create(stream_execution_environment=env)
        driver = cls(env, t_env, plan, params)
        cls._by_t_env[id(t_env)] = driver
        return driver

    @classmethod
    def attach(cls, env: StreamExecutionEnvironment, t_env: StreamTableEnvironment, script_file: str) -> JobDriver:
        """For SREWorks templates that create ``env``/``t_env`` themselves: applies the plan's
        configuration to them (the template's own explicit settings, e.g. ``env.set_parallelism``,
        still win). Idempotent: every template block calls it."""
        existing = cls._by_t_env.get(id(t_env))
        if existing is not None:
            return existing
        plan, params = cls._load(script_file)
        conf = cls._configuration(plan)
        env.configure(conf)
        for key, value in plan.config.items():
            t_env.get_config().set(key, value)
        driver = cls(env, t_env, plan, params)
        cls._by_t_env[id(t_env)] = driver
        return driver

    def _install_redacting_excepthook(self) -> None:
        redactor = self.redactor

        def hook(kind: type[BaseException], err: BaseException, tb: Any) -> None:
            text = "".join(traceback.format_exception(kind, err, tb))
            sys.stderr.write(redactor.redact(text))
            sys.stderr.flush()

        sys.excepthook = hook

    # --- tables -------------------------------------------------------------------------------

    def create_tables(self, kind: str | None = None) -> None:
        """``CREATE TABLE`` for every source and sink (or only ``kind``), parameters resolved."""
        for table in self.plan.tables:
            if (kind is not None and table.kind != kind) or table.name in self._tables_created:
                continue
            ddl = render_ddl(table, self.params)
            try:
                self.t_env.execute_sql(ddl)
            except Exception as err:  # py4j errors echo the statement: redact before re-raising
                raise PlanError(
                    self.redactor.redact(f"{table.kind} '{table.name}': CREATE TABLE failed: {err}")
                ) from None
            self._tables_created.add(table.name)

    # --- record steps -------------------------------------------------------------------------

    def _input_stream(self, step: StepPlan) -> DataStream:
        streams: list[DataStream] = []
        rows: list[bool] = []
        for inp in step.inputs:
            if inp.kind == "query":
                try:
                    streams.append(self.t_env.to_data_stream(self.t_env.sql_query(inp.sql)))
                except Exception as err:
                    raise PlanError(
                        self.redactor.redact(
                            f"python step '{step.name}': cannot read its input ({inp.sql}): {err}\n"
                            "A record step reads insert-only rows; a source that produces updates "
                            "(upsert-kafka, CDC) needs a pyflink step instead."
                        )
                    ) from None
                rows.append(True)
            else:
                stream = self._streams.get((inp.step, step.name))
                if stream is None:
                    raise PlanError(f"python step '{step.name}': upstream step '{inp.step}' was not built before it")
                streams.append(stream)
                rows.append(False)
        if len(streams) == 1:
            return streams[0]
        # Rows of different tables have different types; as dicts they can be one stream.
        as_records = [
            s.map(_to_record, output_type=Types.PICKLED_BYTE_ARRAY()) if is_row else s
            for s, is_row in zip(streams, rows)
        ]
        return as_records[0].union(*as_records[1:])

    def build_record_steps(self) -> None:
        """Wires every record step (plan order is topological) and queues the plan's INSERTs."""
        secret_values = [
            str(self.params[n]) for n in self.plan.secret_params if self.params.get(n) is not None
        ]
        for index, step in enumerate(self.plan.steps):
            try:
                compile(step.code, f"<step {step.name}>", "exec")
            except SyntaxError as err:
                # Fail the submission now rather than the job later on a task manager.
                raise PlanError(f"python step '{step.name}' has a syntax error at line {err.lineno}: {err.msg}") from None
            outputs = [dict(o) for o in step.outputs]
            tags = []
            for t, out in enumerate(outputs):
                if out["kind"] == "sink":
                    names = [c["name"] for c in out["columns"]]
                    info = Types.ROW_NAMED(names, [type_information(c["tree"]) for c in out["columns"]])
                else:
                    info = Types.PICKLED_BYTE_ARRAY()
                tags.append(OutputTag(f"sluice-{index}-{t}", info))
            function = RecordStepFunction(step.name, step.code, self.params, secret_values, outputs, tags)
            processed = self._input_stream(step).process(function, output_type=Types.PICKLED_BYTE_ARRAY())
            processed.name(f"python step {step.name}")
            for out, tag in zip(outputs, tags):
                side = processed.get_side_output(tag)
                if out["kind"] == "sink":
                    self.t_env.create_temporary_view(out["view"], self.t_env.from_data_stream(side))
                else:
                    self._streams[(step.name, out["name"])] = side
        for sql in self.plan.inserts:
            self._statement_set.add_insert_sql(sql)
            self._inserts += 1

    # --- pyflink fragments --------------------------------------------------------------------

    def _add_insert_sql(self, stmt: str) -> None:
        self._statement_set.add_insert_sql(stmt)
        self._inserts += 1

    def begin_fragments(self) -> None:
        """From here on, a fragment's ``execute_insert``, INSERT ``execute_sql``, statement set and
        ``env.execute`` join the job's one statement set instead of submitting jobs of their own."""
        driver = self
        original_execute_sql = self.t_env.execute_sql

        def execute_insert(table: Table, table_path_or_descriptor: Any, overwrite: bool = False) -> _DeferredResult:
            driver._statement_set.add_insert(table_path_or_descriptor, table, overwrite)
            driver._inserts += 1
            return _DeferredResult()

        def execute_sql(stmt: str) -> Any:
            if is_insert_statement(stmt):
                driver._add_insert_sql(stmt)
                return _DeferredResult()
            return original_execute_sql(stmt)

        def env_execute(job_name: str | None = None) -> _DeferredResult:
            driver._datastream_execute = True
            return _DeferredResult()

        Table.execute_insert = execute_insert  # type: ignore[method-assign]
        self.t_env.execute_sql = execute_sql  # type: ignore[method-assign]
        self.t_env.create_statement_set = lambda: _SharedStatementSet(driver)  # type: ignore[method-assign]
        self.env.execute = env_execute  # type: ignore[method-assign]
        self.env.execute_async = env_execute  # type: ignore[method-assign]

    # --- submission ---------------------------------------------------------------------------

    def execute(self, wait: bool = False) -> str:
        """Submits the job (detached under ``flink run -d``) and prints its id for the submitter.
        ``wait=True`` blocks until a bounded job ends (tests on a local mini cluster)."""
        if self._inserts == 0 and not self._datastream_execute:
            raise PlanError(f"job '{self.plan.job_name}' writes to no sink: nothing would run")
        if self._inserts > 0:
            self._statement_set.attach_as_datastream()
        execute_async = StreamExecutionEnvironment.execute_async  # the unpatched method
        try:
            client = execute_async(self.env, self.plan.pipeline_name)
        except Exception as err:
            raise PlanError(self.redactor.redact(f"job '{self.plan.job_name}' could not be submitted: {err}")) from None
        job_id = str(client.get_job_id())
        print(f"{JOB_ID_MARKER}{job_id}", flush=True)
        if wait:
            client.get_job_execution_result().result()
        return job_id


__all__ = [
    "JOB_ID_MARKER",
    "JobDriver",
    "RecordRoutingError",
    "RecordStepFunction",
    "StepFailedError",
    "is_insert_statement",
    "type_information",
]
