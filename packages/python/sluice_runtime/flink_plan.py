"""The job plan a compiled real-time job ships next to its script, and the start parameters that
reach it at submit time (pure Python, no pyflink).

`@sluice/flink`'s compiler writes ``sluice_plan.json`` (format ``sluice.flink-plan/v1``): tables
with their ``CREATE TABLE`` text, record steps with their code, inputs and outputs, the ``INSERT``
statements and the Flink configuration. The plan never holds a parameter value: option values
that reference ``${param}`` are replaced in the DDL by a token (``'__sluice_param_0__'``), and the
driver puts the value in at submit time, on the submitting host, from a JSON file named by the
``SLUICE_PARAMS_FILE`` environment variable (written with mode 0600 and deleted right after
submission by ``@sluice/flink``'s ``submitRealtimeJob``).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

PLAN_FORMAT = "sluice.flink-plan/v1"
PLAN_FILE_NAME = "sluice_plan.json"
PARAMS_FILE_ENV = "SLUICE_PARAMS_FILE"
REDACTED = "***"



class PlanError(Exception):
    """The plan file or the parameters file cannot be used; the message names the file and field."""


@dataclass(frozen=True)
class Substitution:
    #: Text of the SQL string literal to replace, e.g. ``__sluice_param_0__`` (without quotes).
    token: str
    #: The option key, for messages.
    option: str
    #: The option value split by the compiler: literal text, and ``{"param": name}`` references.
    #: (The compiler already turned the ``$${`` escape into a literal ``${``.)
    parts: Sequence[str | Mapping[str, str]]


@dataclass(frozen=True)
class TablePlan:
    node: str
    name: str
    kind: str  # "source" | "sink"
    ddl: str
    substitutions: Sequence[Substitution]


@dataclass(frozen=True)
class StepInput:
    kind: str  # "query" (rows of a SQL query over tables) | "step" (records of an upstream step)
    sql: str = ""
    step: str = ""


@dataclass(frozen=True)
class StepPlan:
    node: str
    name: str
    code: str
    inputs: Sequence[StepInput]
    #: Raw output specs: {"kind": "sink", "name", "view", "columns": [...]} | {"kind": "step", "name"}.
    outputs: Sequence[Mapping[str, Any]]


@dataclass(frozen=True)
class JobPlan:
    job_name: str
    pipeline_name: str
    config: Mapping[str, str]
    secret_params: frozenset[str]
    tables: Sequence[TablePlan]
    steps: Sequence[StepPlan]
    inserts: Sequence[str]
    #: Parameters an SREWorks template reads with argparse (``--name``); see :func:`extend_argv`.
    argv_parameters: Sequence[str] = ()


def _require(obj: Any, key: str, kind: type, where: str) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise PlanError(f"{where}: missing `{key}`")
    value = obj[key]
    if not isinstance(value, kind):
        raise PlanError(f"{where}.{key}: expected {kind.__name__}, got {type(value).__name__}")
    return value


def parse_plan(data: Any, source: str = "plan") -> JobPlan:
    """Checks the plan's shape and builds :class:`JobPlan`; errors name the JSON path."""
    fmt = _require(data, "format", str, source)
    if fmt != PLAN_FORMAT:
        raise PlanError(f"{source}: format {fmt!r} is not supported by this runtime (expected {PLAN_FORMAT!r})")
    job = _require(data, "job", dict, source)
    config = _require(data, "config", dict, source)
    for key, value in config.items():
        if not isinstance(value, str):
            raise PlanError(f"{source}.config.{key}: expected a string value")
    secret = frozenset(
        str(_require(p, "name", str, f"{source}.parameters[{i}]"))
        for i, p in enumerate(_require(data, "parameters", list, source))
        if p.get("secret")
    )
    tables = []
    for i, t in enumerate(_require(data, "tables", list, source)):
        where = f"{source}.tables[{i}]"
        subs = []
        for j, sub in enumerate(_require(t, "substitutions", list, where)):
            at = f"{where}.substitutions[{j}]"
            parts = _require(sub, "parts", list, at)
            for k, part in enumerate(parts):
                if not isinstance(part, str) and not (isinstance(part, dict) and isinstance(part.get("param"), str)):
                    raise PlanError(f"{at}.parts[{k}]: expected text or {{\"param\": name}}")
            subs.append(Substitution(_require(sub, "token", str, at), _require(sub, "option", str, at), parts))
        kind = _require(t, "kind", str, where)
        if kind not in ("source", "sink"):
            raise PlanError(f"{where}.kind: expected source or sink, got {kind!r}")
        tables.append(
            TablePlan(_require(t, "node", str, where), _require(t, "name", str, where), kind,
                      _require(t, "ddl", str, where), subs)
        )
    steps = []
    for i, s in enumerate(_require(data, "steps", list, source)):
        where = f"{source}.steps[{i}]"
        inputs = []
        for j, inp in enumerate(_require(s, "inputs", list, where)):
            kind = _require(inp, "kind", str, f"{where}.inputs[{j}]")
            if kind == "query":
                inputs.append(StepInput("query", sql=_require(inp, "sql", str, f"{where}.inputs[{j}]")))
            elif kind == "step":
                inputs.append(StepInput("step", step=_require(inp, "step", str, f"{where}.inputs[{j}]")))
            else:
                raise PlanError(f"{where}.inputs[{j}].kind: expected query or step, got {kind!r}")
        outputs = _require(s, "outputs", list, where)
        for j, out in enumerate(outputs):
            kind = _require(out, "kind", str, f"{where}.outputs[{j}]")
            _require(out, "name", str, f"{where}.outputs[{j}]")
            if kind == "sink":
                _require(out, "view", str, f"{where}.outputs[{j}]")
                for k, col in enumerate(_require(out, "columns", list, f"{where}.outputs[{j}]")):
                    for key, typ in (("name", str), ("type", str), ("tree", dict)):
                        _require(col, key, typ, f"{where}.outputs[{j}].columns[{k}]")
            elif kind != "step":
                raise PlanError(f"{where}.outputs[{j}].kind: expected sink or step, got {kind!r}")
        if not inputs:
            raise PlanError(f"{where}: a step needs at least one input")
        if not outputs:
            raise PlanError(f"{where}: a step needs at least one output")
        steps.append(
            StepPlan(_require(s, "node", str, where), _require(s, "name", str, where),
                     _require(s, "code", str, where), inputs, outputs)
        )
    inserts = _require(data, "inserts", list, source)
    for i, sql in enumerate(inserts):
        if not isinstance(sql, str):
            raise PlanError(f"{source}.inserts[{i}]: expected a string")
    argv_parameters = data.get("argvParameters", [])
    if not isinstance(argv_parameters, list) or not all(isinstance(n, str) for n in argv_parameters):
        raise PlanError(f"{source}.argvParameters: expected a list of parameter names")
    return JobPlan(
        job_name=_require(job, "name", str, f"{source}.job"),
        pipeline_name=_require(data, "pipelineName", str, source),
        config=dict(config),
        secret_params=secret,
        tables=tables,
        steps=steps,
        inserts=list(inserts),
        argv_parameters=list(argv_parameters),
    )


def load_plan(path: str) -> JobPlan:
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise PlanError(f"job plan {path} does not exist; it is written next to the script at submit time") from None
    except ValueError as err:
        raise PlanError(f"job plan {path} is not valid JSON: {err}") from None
    return parse_plan(data, os.path.basename(path))


def load_params(path: str | None) -> dict[str, Any]:
    """Start parameter values from the file the submitter wrote; none when no file is named."""
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise PlanError(f"parameters file {path} (from ${PARAMS_FILE_ENV}) does not exist") from None
    except ValueError:
        # No details: the text may hold secret values.
        raise PlanError(f"parameters file {path} (from ${PARAMS_FILE_ENV}) is not valid JSON") from None
    if not isinstance(data, dict):
        raise PlanError(f"parameters file {path}: expected a JSON object of name -> value")
    return data


def param_text(value: Any) -> str:
    """How a parameter value reads inside an option string (same as the batch runner)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def resolve_parts(parts: Sequence[str | Mapping[str, str]], params: Mapping[str, Any], where: str) -> str:
    """Joins literal text and parameter values; a parameter without a value is an error."""
    out = []
    for part in parts:
        if isinstance(part, str):
            out.append(part)
            continue
        name = part["param"]
        value = params.get(name)
        if value is None:
            raise PlanError(f"{where} references parameter `{name}`, which has no value for this run")
        out.append(param_text(value))
    return "".join(out)


def sql_string(value: str) -> str:
    """A Flink SQL string literal: single quotes, inner quotes doubled (as `@sluice/dag` quotes)."""
    return "'" + value.replace("'", "''") + "'"


def render_ddl(table: TablePlan, params: Mapping[str, Any]) -> str:
    """The table's DDL with each substitution token replaced by its resolved, quoted value."""
    ddl = table.ddl
    for sub in table.substitutions:
        literal = sql_string(sub.token)
        if ddl.count(literal) != 1:
            raise PlanError(
                f"{table.kind} '{table.name}': the plan's DDL should hold {literal} exactly once for option "
                f"`{sub.option}`; the plan was not written by a matching compiler"
            )
        value = resolve_parts(sub.parts, params, f"{table.kind} '{table.name}': option `{sub.option}`")
        ddl = ddl.replace(literal, sql_string(value))
    return ddl


def extend_argv(script_file: str, argv: list[str] | None = None) -> None:
    """Gives an SREWorks template its start parameters the way it expects them, as ``--name=value``
    in ``sys.argv`` for its argparse, without them ever being program arguments: they come from
    the parameters file, so they are not in ``ps``, the Flink client log or the job's arguments.
    Only the parameters the template names (``argvParameters`` in the plan) are added, so a
    template's ``parse_args()`` never meets an option it does not know."""
    target = sys.argv if argv is None else argv
    plan = load_plan(os.path.join(os.path.dirname(os.path.abspath(script_file)), PLAN_FILE_NAME))
    params = load_params(os.environ.get(PARAMS_FILE_ENV))
    for name in plan.argv_parameters:
        value = params.get(name)
        if value is not None:
            target.append(f"--{name}={param_text(value)}")


SECRET_MIN_LENGTH = 4


class Redactor:
    """Replaces secret parameter values in text meant for people (errors, logs).

    >>> Redactor(["hunter2"]).redact("password hunter2 refused")
    'password *** refused'
    """

    def __init__(self, secrets: Sequence[str]) -> None:
        # Longest first, so a secret containing another is replaced whole.
        # Values shorter than SECRET_MIN_LENGTH would mask ordinary text everywhere; the API
        # refuses such secrets (the same rule as secretMasker in @sluice/dag, params/secret-values.ts).
        self._secrets = sorted({s for s in secrets if len(s) >= SECRET_MIN_LENGTH}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, REDACTED)
        return text

    @staticmethod
    def for_params(plan: JobPlan, params: Mapping[str, Any]) -> Redactor:
        values = [param_text(params[n]) for n in plan.secret_params if params.get(n) is not None]
        # Also the forms a value takes inside generated SQL and JSON, which error messages echo.
        variants = [v.replace("'", "''") for v in values] + [json.dumps(v)[1:-1] for v in values]
        return Redactor(values + variants)
