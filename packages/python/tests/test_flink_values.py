"""Row <-> record value conversion of the Flink driver (pure: runs in plain python3)."""

from __future__ import annotations

import datetime as dt
import decimal
import unittest
from types import SimpleNamespace

from sluice_runtime.flink_values import ValueConversionError, column_converter, record_from_row, to_record_value


class FakeRow:
    """Stands in for pyflink's Row (field names + `as_dict`)."""

    def __init__(self, **fields):
        self._fields = fields

    def as_dict(self):
        return dict(self._fields)


def row_factory(names, values):
    return ("row", tuple(names), tuple(values))


def instant_factory(seconds, nanos):
    return SimpleNamespace(seconds=seconds, nanos=nanos)


def conv(tree):
    return column_converter(tree, row_factory, instant_factory)


class ToRecordValueTest(unittest.TestCase):
    def test_maps_flink_values_to_the_batch_runtime_json_shapes(self):
        row = FakeRow(
            id=7,
            big=2**60,
            price=decimal.Decimal("12.50"),
            ts=dt.datetime(2024, 5, 1, 13, 45, 0, 123000),
            whole=dt.datetime(2024, 5, 1, 13, 45),
            day=dt.date(2024, 5, 1),
            at=dt.time(13, 45, 0),
            raw=b"\x00\x01",
            ltz=SimpleNamespace(seconds=1714571100, nanos=123_000_000),
            tags=[1, 2],
            nested=FakeRow(x=decimal.Decimal("1E+2")),
        )
        self.assertEqual(
            to_record_value(row),
            {
                "id": 7,
                "big": str(2**60),
                "price": "12.50",
                "ts": "2024-05-01T13:45:00.123",
                "whole": "2024-05-01T13:45:00",
                "day": "2024-05-01",
                "at": "13:45:00",
                "raw": "AAE=",
                "ltz": "2024-05-01T13:45:00.123Z",
                "tags": [1, 2],
                "nested": {"x": "100"},
            },
        )

    def test_keeps_microseconds_when_not_whole_milliseconds(self):
        self.assertEqual(to_record_value(dt.datetime(2024, 1, 1, 0, 0, 0, 5)), "2024-01-01T00:00:00.000005")

    def test_record_from_row_pairs_names_with_values(self):
        self.assertEqual(record_from_row(["a", "b"], [1, decimal.Decimal("2.0")]), {"a": 1, "b": "2.0"})


class ColumnConverterTest(unittest.TestCase):
    def test_integers_accept_numeric_text_and_check_the_range(self):
        c = conv({"kind": "INT"})
        self.assertEqual(c("42"), 42)
        self.assertEqual(c(42.0), 42)
        self.assertIsNone(c(None))
        with self.assertRaisesRegex(ValueConversionError, "out of range for INT"):
            c(2**31)
        with self.assertRaisesRegex(ValueConversionError, r'"4x2" \(str\) is not an integer'):
            c("4x2")
        with self.assertRaisesRegex(ValueConversionError, "is not an integer"):
            c(1.5)

    def test_decimal_rounds_half_up_to_the_scale_and_refuses_overflow(self):
        c = conv({"kind": "DECIMAL", "precision": 5, "scale": 2})
        self.assertEqual(c("12.345"), decimal.Decimal("12.35"))
        self.assertEqual(c(0.1), decimal.Decimal("0.10"))
        self.assertEqual(c(7), decimal.Decimal("7.00"))
        with self.assertRaisesRegex(ValueConversionError, r"does not fit DECIMAL\(5, 2\)"):
            c("1000")
        with self.assertRaisesRegex(ValueConversionError, "not a decimal number"):
            c("abc")

    def test_strings_take_any_scalar_and_json_encode_structures(self):
        c = conv({"kind": "VARCHAR", "length": 10})
        self.assertEqual(c("x"), "x")
        self.assertEqual(c(5), "5")
        self.assertEqual(c(True), "true")
        self.assertEqual(c({"a": [1]}), '{"a": [1]}')

    def test_booleans(self):
        c = conv({"kind": "BOOLEAN"})
        self.assertIs(c("TRUE"), True)
        self.assertIs(c(0), False)
        with self.assertRaises(ValueConversionError):
            c("yes")

    def test_timestamps_read_iso_text_epoch_millis_and_shift_zoned_values_to_utc(self):
        c = conv({"kind": "TIMESTAMP", "precision": 3})
        self.assertEqual(c("2024-05-01T13:45:00.123"), dt.datetime(2024, 5, 1, 13, 45, 0, 123000))
        self.assertEqual(c("2024-05-01 13:45:00"), dt.datetime(2024, 5, 1, 13, 45))
        self.assertEqual(c("2024-05-01T15:45:00+02:00"), dt.datetime(2024, 5, 1, 13, 45))
        self.assertEqual(c(0), dt.datetime(1970, 1, 1))
        with self.assertRaisesRegex(ValueConversionError, "not a timestamp"):
            c("yesterday")

    def test_timestamp_ltz_becomes_an_instant_and_zoneless_text_is_utc(self):
        c = conv({"kind": "TIMESTAMP_LTZ", "precision": 3})
        value = c("2024-05-01T13:45:00.123Z")
        self.assertEqual((value.seconds, value.nanos), (1714571100, 123_000_000))
        same = c("2024-05-01T13:45:00.123")
        self.assertEqual((same.seconds, same.nanos), (1714571100, 123_000_000))
        self.assertEqual(to_record_value(value), "2024-05-01T13:45:00.123Z")

    def test_dates_times_and_bytes(self):
        self.assertEqual(conv({"kind": "DATE"})("2024-05-01"), dt.date(2024, 5, 1))
        self.assertEqual(conv({"kind": "DATE"})("2024-05-01T23:00:00"), dt.date(2024, 5, 1))
        self.assertEqual(conv({"kind": "TIME", "precision": 0})("13:45"), dt.time(13, 45))
        self.assertEqual(conv({"kind": "TIME", "precision": 3})("13:45:01.5"), dt.time(13, 45, 1, 500000))
        self.assertEqual(conv({"kind": "VARBINARY", "length": 9})("AAE="), b"\x00\x01")
        with self.assertRaisesRegex(ValueConversionError, "base64"):
            conv({"kind": "VARBINARY", "length": 9})("not base64!")

    def test_structured_types_convert_their_parts_and_read_json_text(self):
        array = conv({"kind": "ARRAY", "element": {"kind": "INT"}})
        self.assertEqual(array(["1", 2]), [1, 2])
        self.assertEqual(array("[3, 4]"), [3, 4])
        mapping = conv({"kind": "MAP", "key": {"kind": "VARCHAR", "length": 5}, "value": {"kind": "DOUBLE"}})
        self.assertEqual(mapping({"a": 1}), {"a": 1.0})
        row = conv({"kind": "ROW", "fields": [{"name": "x", "type": {"kind": "INT"}}, {"name": "y", "type": {"kind": "VARCHAR", "length": 3}}]})
        self.assertEqual(row({"y": "b", "x": "1"}), ("row", ("x", "y"), (1, "b")))
        with self.assertRaisesRegex(ValueConversionError, "lacks field"):
            row({"x": 1})

    def test_types_a_step_cannot_produce_are_refused_when_the_converter_is_built(self):
        with self.assertRaisesRegex(ValueConversionError, "cannot produce values of type MULTISET"):
            conv({"kind": "MULTISET", "element": {"kind": "INT"}})


if __name__ == "__main__":
    unittest.main()
