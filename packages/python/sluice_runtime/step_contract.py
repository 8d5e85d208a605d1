"""The `record` step contract, shared by the batch host and the PyFlink job driver.

A step is Python source that defines::

    def open(ctx): ...                   # optional
    def process(record: dict, ctx): ...  # required: dict, list of dicts, or None (drop)
    def close(ctx): ...                  # optional

Both runtimes load the code with :func:`load_step` and call it through :class:`Step`, so a step
behaves the same whether a cron tick or a Flink task manager runs it.
"""

from __future__ import annotations

import base64
import datetime as _dt
import decimal
import logging
import types
import uuid
from collections.abc import Callable, Mapping
from typing import Any


class StepDefinitionError(Exception):
    """The step's code cannot be used: syntax error, missing `process`, wrong signature."""


class StepOutputError(Exception):
    """`process` returned something other than a dict, a list of dicts, or None."""


class StepContext:
    """What a step sees besides its records.

    `params` are the job's start parameters (secret values included: the step is trusted code, the
    platform keeps them out of logs and scripts). `log` is a logger whose lines reach the run log.
    `state` is a dict the step may use freely between `open` and `close`.
    """

    def __init__(self, step: str, params: Mapping[str, Any], log: logging.Logger) -> None:
        self.step = step
        self.params = types.MappingProxyType(dict(params))
        self.log = log
        self.state: dict[str, Any] = {}

    def __repr__(self) -> str:  # never print parameter values: some are secrets
        return f"StepContext(step={self.step!r}, params=<{len(self.params)} keys>)"


class Step:
    """A loaded record step. Call :meth:`open`, then :meth:`process` per record, then :meth:`close`."""

    def __init__(self, name: str, ctx: StepContext, fns: dict[str, Callable[..., Any] | None]) -> None:
        self.name = name
        self.ctx = ctx
        self._open = fns.get("open")
        self._process = fns["process"]
        self._close = fns.get("close")

    def open(self) -> None:
        if self._open is not None:
            self._open(self.ctx)

    def process(self, record: dict[str, Any]) -> list[dict[str, Any]]:
        return normalise_output(self._process(record, self.ctx), self.name)

    def close(self) -> None:
        if self._close is not None:
            self._close(self.ctx)


def load_step(name: str, code: str, ctx: StepContext) -> Step:
    """Compile and execute a step's code in a fresh module namespace and pick out its functions."""
    filename = f"<step {name}>"
    try:
        compiled = compile(code, filename, "exec")
    except SyntaxError as err:
        where = f"line {err.lineno}" + (f", column {err.offset}" if err.offset else "")
        raise StepDefinitionError(f"step '{name}' has a syntax error at {where}: {err.msg}") from err
    module = types.ModuleType(f"sluice_step_{name}")
    module.__file__ = filename
    exec(compiled, module.__dict__)  # noqa: S102 - running the user's step is the point
    fns: dict[str, Callable[..., Any] | None] = {}
    for fn_name, arity, required in (("open", 1, False), ("process", 2, True), ("close", 1, False)):
        fn = module.__dict__.get(fn_name)
        if fn is None:
            if required:
                raise StepDefinitionError(
                    f"step '{name}' must define `def process(record, ctx)`; it defines no `process`"
                )
            fns[fn_name] = None
            continue
        if not callable(fn):
            raise StepDefinitionError(f"step '{name}': `{fn_name}` must be a function")
        code_obj = getattr(fn, "__code__", None)
        if code_obj is not None and code_obj.co_argcount != arity and not (code_obj.co_flags & 0x04):
            expected = "(record, ctx)" if fn_name == "process" else "(ctx)"
            raise StepDefinitionError(
                f"step '{name}': `{fn_name}` takes {code_obj.co_argcount} argument(s), expected {fn_name}{expected}"
            )
        fns[fn_name] = fn
    return Step(name, ctx, fns)


def normalise_output(result: Any, step: str) -> list[dict[str, Any]]:
    """dict -> [dict]; list/tuple of dicts -> list; None -> [] (the record is dropped)."""
    if result is None:
        return []
    if isinstance(result, dict):
        return [result]
    if isinstance(result, (list, tuple)):
        for i, item in enumerate(result):
            if not isinstance(item, dict):
                raise StepOutputError(
                    f"step '{step}': process() returned a list whose item {i} is {type(item).__name__}, expected dict"
                )
        return list(result)
    raise StepOutputError(
        f"step '{step}': process() returned {type(result).__name__}, expected a dict, a list of dicts, or None"
    )


def to_json_value(value: Any) -> Any:
    """`json.dumps(default=...)` hook: values steps commonly return that JSON has no type for."""
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    raise TypeError(f"value of type {type(value).__name__} is not JSON serialisable")
