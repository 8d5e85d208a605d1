"""Values crossing the boundary between Flink rows and `record` steps (pure Python, no pyflink).

A step sees the same JSON-shaped record on both runtimes (the batch runner's mapping, see
``apps/api/src/runner/record-values.ts``), so one step's code runs unchanged as a cron job or a
Flink job:

=================================  ============================================================
Flink type                         record value
=================================  ============================================================
TINYINT, SMALLINT, INT             int
BIGINT                             int within +-(2^53-1), else a decimal string (as in batch)
FLOAT, DOUBLE                      float
DECIMAL(p, s)                      str, exact (``"12.50"``)
BOOLEAN                            bool
CHAR, VARCHAR, STRING              str
BINARY, VARBINARY, BYTES           base64 str
DATE                               ``"2024-05-01"``
TIME(p)                            ``"13:45:00"`` (fraction kept when non-zero)
TIMESTAMP(p)                       ``"2024-05-01T13:45:00.123"`` wall-clock time, no zone
TIMESTAMP_LTZ(p)                   ``"2024-05-01T13:45:00.123Z"`` an instant in UTC
ARRAY, MAP, ROW                    list / dict
NULL                               None
=================================  ============================================================

On the way out, :func:`column_converter` reads those forms (and native Python values such as
``datetime`` or ``Decimal``) and produces what pyflink's serializer for the column type expects.
Types are the JSON trees of ``@sluice/dag``'s ``parseFlinkType`` (``{"kind": "DECIMAL",
"precision": 10, "scale": 2, "nullable": true}``), written into the job plan by the compiler.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import decimal
import json
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

MAX_SAFE_INTEGER = 2**53 - 1

INT_RANGES = {
    "TINYINT": (-(2**7), 2**7 - 1),
    "SMALLINT": (-(2**15), 2**15 - 1),
    "INT": (-(2**31), 2**31 - 1),
    "BIGINT": (-(2**63), 2**63 - 1),
}

_INTEGER = re.compile(r"^[+-]?\d+$")
_TIME = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?$")
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.timezone.utc)


class ValueConversionError(ValueError):
    """A value cannot be stored in its column's type; the message says what was expected."""


Converter = Callable[[Any], Any]
RowFactory = Callable[[list[str], list[Any]], Any]
InstantFactory = Callable[[int, int], Any]


# --- Flink row values -> record values ------------------------------------------------------------


def _fraction(microsecond: int) -> str:
    if microsecond == 0:
        return ""
    if microsecond % 1000 == 0:
        return f".{microsecond // 1000:03d}"
    return f".{microsecond:06d}"


def _wall_clock(value: _dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S") + _fraction(value.microsecond)


def to_record_value(value: Any) -> Any:
    """A value pyflink hands over for a table column -> the record mapping above.

    >>> to_record_value(decimal.Decimal("12.50"))
    '12.50'
    """
    if value is None or isinstance(value, (bool, str, float)):
        return value
    if isinstance(value, int):
        return value if -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER else str(value)
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    if isinstance(value, _dt.datetime):
        if value.tzinfo is not None:
            return _wall_clock(value.astimezone(_dt.timezone.utc).replace(tzinfo=None)) + "Z"
        return _wall_clock(value)
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, _dt.time):
        return value.strftime("%H:%M:%S") + _fraction(value.microsecond)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if hasattr(value, "as_dict"):  # pyflink Row with field names
        try:
            return {k: to_record_value(v) for k, v in value.as_dict().items()}
        except TypeError:  # a Row without names: positional
            return [to_record_value(v) for v in value]
    if hasattr(value, "seconds") and hasattr(value, "nanos"):  # pyflink Instant (TIMESTAMP_LTZ)
        instant = _EPOCH + _dt.timedelta(seconds=value.seconds, microseconds=value.nanos // 1000)
        return _wall_clock(instant.replace(tzinfo=None)) + "Z"
    if isinstance(value, Mapping):
        return {k: to_record_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_record_value(v) for v in value]
    return value


def record_from_row(names: list[str], values: Any) -> dict[str, Any]:
    """A table row (field names + values in column order) -> the dict a step receives."""
    return {name: to_record_value(value) for name, value in zip(names, values)}


# --- record values -> values for pyflink's serializers ------------------------------------------


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)
    return text if len(text) <= 80 else text[:80] + "…"


def _fail(value: Any, what: str) -> ValueConversionError:
    return ValueConversionError(f"{_show(value)} ({type(value).__name__}) is not {what}")


def _to_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("utf-8")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time, decimal.Decimal)):
        return to_record_value(value)
    return str(value)


def _to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return value == 1
    if isinstance(value, str):
        text = value.strip().lower()
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
    raise _fail(value, "a boolean")


def _integer(kind: str) -> Converter:
    low, high = INT_RANGES[kind]

    def convert(value: Any) -> int:
        if isinstance(value, bool):
            number = int(value)
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float) and value.is_integer():
            number = int(value)
        elif isinstance(value, decimal.Decimal) and value == value.to_integral_value():
            number = int(value)
        elif isinstance(value, str) and _INTEGER.match(value.strip()):
            number = int(value.strip())
        else:
            raise _fail(value, "an integer")
        if not low <= number <= high:
            raise ValueConversionError(f"{number} is out of range for {kind} ({low} to {high})")
        return number

    return convert


def _to_float(value: Any) -> float:
    if isinstance(value, bool):
        raise _fail(value, "a number")
    if isinstance(value, (int, float, decimal.Decimal)):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            pass
    raise _fail(value, "a number")


def _decimal(precision: int, scale: int) -> Converter:
    quantum = decimal.Decimal(1).scaleb(-scale)
    limit = decimal.Decimal(10) ** (precision - scale)

    def convert(value: Any) -> decimal.Decimal:
        if isinstance(value, bool):
            raise _fail(value, "a decimal number")
        try:
            if isinstance(value, decimal.Decimal):
                number = value
            elif isinstance(value, int):
                number = decimal.Decimal(value)
            elif isinstance(value, float):
                if not math.isfinite(value):
                    raise _fail(value, "a finite decimal number")
                number = decimal.Decimal(repr(value))  # repr: 0.1 -> 0.1, not 0.1000000000000000055...
            elif isinstance(value, str):
                number = decimal.Decimal(value.strip())
            else:
                raise _fail(value, "a decimal number")
        except decimal.InvalidOperation:
            raise _fail(value, "a decimal number") from None
        if not number.is_finite():
            raise _fail(value, "a finite decimal number")
        # Round here, as Flink's CAST would, so that the precision check sees the stored value.
        rounded = number.quantize(quantum, rounding=decimal.ROUND_HALF_UP)
        if abs(rounded) >= limit:
            raise ValueConversionError(f"{_show(value)} does not fit DECIMAL({precision}, {scale})")
        return rounded

    return convert


def _to_bytes(value: Any) -> bytes:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, str):  # the record form of bytes is base64 text
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise _fail(value, "bytes (base64 text)") from None
    raise _fail(value, "bytes (base64 text)")


def _parse_timestamp(value: Any) -> _dt.datetime:
    """Any accepted timestamp form -> datetime (aware when the input named a zone or an epoch)."""
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value):
            raise _fail(value, "a timestamp")
        return _EPOCH + _dt.timedelta(milliseconds=value)  # epoch millis, as Flink's JSON format reads
    if isinstance(value, str):
        text = value.strip()
        if text.endswith(("z", "Z")):
            text = text[:-1] + "+00:00"
        try:
            return _dt.datetime.fromisoformat(text)
        except ValueError:
            pass
    raise _fail(value, "a timestamp (expected e.g. 2024-05-01T13:45:00.123)")


def _to_timestamp(value: Any) -> _dt.datetime:
    parsed = _parse_timestamp(value)
    if parsed.tzinfo is not None:  # a zoned value means an instant: store its UTC wall clock
        parsed = parsed.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    return parsed


def _instant(factory: InstantFactory) -> Converter:
    def convert(value: Any) -> Any:
        if hasattr(value, "seconds") and hasattr(value, "nanos"):
            return value
        parsed = _parse_timestamp(value)
        if parsed.tzinfo is None:  # zoneless text for TIMESTAMP_LTZ is UTC, as in batch runs
            parsed = parsed.replace(tzinfo=_dt.timezone.utc)
        delta = parsed - _EPOCH
        seconds = delta.days * 86_400 + delta.seconds
        return factory(seconds, delta.microseconds * 1000)

    return convert


def _to_date(value: Any) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return _to_timestamp(value).date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return _dt.date.fromisoformat(text)
        except ValueError:
            pass
        try:
            return _to_timestamp(text).date()
        except ValueConversionError:
            pass
    raise _fail(value, "a date (expected e.g. 2024-05-01)")


def _to_time(value: Any) -> _dt.time:
    if isinstance(value, _dt.time):
        return value
    if isinstance(value, str):
        match = _TIME.match(value.strip())
        if match:
            hour, minute, second, fraction = match.groups()
            micro = int((fraction or ".0")[1:7].ljust(6, "0"))
            try:
                return _dt.time(int(hour), int(minute), int(second or 0), micro)
            except ValueError:
                pass
    raise _fail(value, "a time of day (expected e.g. 13:45:00)")


def _structured(value: Any) -> Any:
    """Text carries nested values as JSON, as in batch runs."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise _fail(value, "JSON for a structured column") from None
    return value


def column_converter(type_tree: Mapping[str, Any], row_factory: RowFactory, instant_factory: InstantFactory) -> Converter:
    """Builds the function that turns a record value into the Python value pyflink serializes for
    the column type. `None` passes through (Flink enforces NOT NULL at the sink).

    `row_factory(names, values)` builds a nested ROW value and `instant_factory(seconds, nanos)` a
    TIMESTAMP_LTZ value; the driver passes pyflink's ``Row`` and ``Instant``, tests pass stand-ins.

    >>> conv = column_converter({"kind": "DECIMAL", "precision": 5, "scale": 2}, None, None)
    >>> conv("12.345")
    Decimal('12.35')
    """
    kind = type_tree["kind"]
    convert: Converter
    if kind in ("CHAR", "VARCHAR"):
        convert = _to_text
    elif kind == "BOOLEAN":
        convert = _to_bool
    elif kind in INT_RANGES:
        convert = _integer(kind)
    elif kind in ("FLOAT", "DOUBLE"):
        convert = _to_float
    elif kind == "DECIMAL":
        convert = _decimal(int(type_tree["precision"]), int(type_tree["scale"]))
    elif kind in ("BINARY", "VARBINARY"):
        convert = _to_bytes
    elif kind == "DATE":
        convert = _to_date
    elif kind == "TIME":
        convert = _to_time
    elif kind == "TIMESTAMP":
        convert = _to_timestamp
    elif kind == "TIMESTAMP_LTZ":
        convert = _instant(instant_factory)
    elif kind == "ARRAY":
        element = column_converter(type_tree["element"], row_factory, instant_factory)

        def convert(value: Any) -> list[Any]:
            value = _structured(value)
            if not isinstance(value, (list, tuple)):
                raise _fail(value, "an array")
            return [element(v) for v in value]

    elif kind == "MAP":
        key_conv = column_converter(type_tree["key"], row_factory, instant_factory)
        value_conv = column_converter(type_tree["value"], row_factory, instant_factory)

        def convert(value: Any) -> dict[Any, Any]:
            value = _structured(value)
            if not isinstance(value, Mapping):
                raise _fail(value, "a map (dict)")
            return {key_conv(k): value_conv(v) for k, v in value.items()}

    elif kind == "ROW":
        names = [str(f["name"]) for f in type_tree["fields"]]
        convs = [column_converter(f["type"], row_factory, instant_factory) for f in type_tree["fields"]]

        def convert(value: Any) -> Any:
            value = _structured(value)
            if isinstance(value, Mapping):
                missing = [n for n in names if n not in value]
                if missing:
                    raise ValueConversionError(f"row value lacks field(s) {', '.join(missing)}")
                items = [value[n] for n in names]
            elif isinstance(value, (list, tuple)) and len(value) == len(names):
                items = list(value)
            else:
                raise _fail(value, f"a row with fields {', '.join(names)}")
            return row_factory(names, [c(v) for c, v in zip(convs, items)])

    else:
        raise ValueConversionError(f"a python step cannot produce values of type {kind}")

    def nullable(value: Any) -> Any:
        return None if value is None else convert(value)

    return nullable
