"""Routing a `record` step's output to its downstream targets (pure Python, no pyflink).

The rule, shared with the compiler's documentation (packages/flink/README.md):

* a **sink** target receives each output record whose keys include every one of the sink's
  writable columns; extra keys are ignored, values are converted to the column types;
* a **step** target (another python `record` step) receives every output record as it is;
* a record that fits no target fails the job with a message naming what each target lacked:
  silently dropping it would lose data without anyone noticing.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .flink_values import Converter, InstantFactory, RowFactory, ValueConversionError, column_converter

RECORD_PREVIEW_CHARS = 500


class RecordRoutingError(Exception):
    """An output record fits no target, or a value does not fit its sink column."""


@dataclass(frozen=True)
class TargetColumn:
    name: str
    #: Normalised Flink SQL type text, for messages (`DECIMAL(10, 2)`).
    type: str
    #: The type tree (`parseFlinkType` JSON) the converter is built from.
    tree: Mapping[str, Any]


@dataclass(frozen=True)
class Target:
    #: Node name (the sink's table name, or the downstream step's name).
    name: str
    kind: str  # "sink" | "step"
    columns: Sequence[TargetColumn] = field(default_factory=tuple)


def preview(record: Any) -> str:
    text = json.dumps(record, ensure_ascii=False, default=repr)
    return text if len(text) <= RECORD_PREVIEW_CHARS else text[:RECORD_PREVIEW_CHARS] + "…"


class OutputRouter:
    """Decides, per output record, which targets get it and in which form.

    >>> router = OutputRouter("enrich", [Target("db", "sink", [TargetColumn("id", "BIGINT", {"kind": "BIGINT"})])],
    ...                       row_factory=None, instant_factory=None)
    >>> router.route({"id": "7", "extra": 1})
    [(0, (7,))]
    """

    def __init__(
        self,
        step: str,
        targets: Sequence[Target],
        row_factory: RowFactory,
        instant_factory: InstantFactory,
    ) -> None:
        self.step = step
        self.targets = list(targets)
        self._sinks: list[tuple[int, Target, list[tuple[TargetColumn, Converter]]]] = []
        self._steps: list[int] = []
        for index, target in enumerate(self.targets):
            if target.kind == "step":
                self._steps.append(index)
            elif target.kind == "sink":
                convs = [(c, column_converter(c.tree, row_factory, instant_factory)) for c in target.columns]
                self._sinks.append((index, target, convs))
            else:
                raise ValueError(f"unknown target kind {target.kind!r}")

    def route(self, record: Mapping[str, Any]) -> list[tuple[int, Any]]:
        """(target index, value) pairs: a tuple of column values for a sink, the dict for a step."""
        out: list[tuple[int, Any]] = []
        for index, target, convs in self._sinks:
            if not all(column.name in record for column, _ in convs):
                continue
            values = []
            for column, convert in convs:
                try:
                    values.append(convert(record[column.name]))
                except ValueConversionError as err:
                    raise RecordRoutingError(
                        f"step '{self.step}' -> sink '{target.name}': column `{column.name}` ({column.type}): {err}"
                        f"\nrecord: {preview(record)}"
                    ) from None
            out.append((index, tuple(values)))
        for n, index in enumerate(self._steps):
            # Chained python operators pass objects without copying; each downstream step gets
            # its own copy so that one step mutating a record cannot change what another sees
            # (in batch runs each step has its own process, so they never share).
            out.append((index, record if n == len(self._steps) - 1 else copy.deepcopy(record)))
        if not out:
            raise RecordRoutingError(self._no_target_message(record))
        return out

    def _no_target_message(self, record: Mapping[str, Any]) -> str:
        needs = []
        for _, target, convs in self._sinks:
            missing = [c.name for c, _ in convs if c.name not in record]
            needs.append(f"sink '{target.name}' needs {', '.join(f'`{m}`' for m in missing)}")
        keys = ", ".join(f"`{k}`" for k in record) or "(none)"
        return (
            f"step '{self.step}' returned a record that fits none of its targets; the record has keys {keys}, but "
            + "; ".join(needs)
            + f"\nrecord: {preview(record)}"
        )


def targets_from_plan(outputs: Sequence[Mapping[str, Any]]) -> list[Target]:
    """The plan's `outputs` list of a step -> :class:`Target` objects."""
    targets = []
    for output in outputs:
        columns = tuple(
            TargetColumn(str(c["name"]), str(c["type"]), c["tree"]) for c in output.get("columns", [])
        )
        targets.append(Target(str(output["name"]), str(output["kind"]), columns))
    return targets
