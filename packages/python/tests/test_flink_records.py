"""Output routing of record steps in Flink jobs (pure: runs in plain python3)."""

from __future__ import annotations

import unittest

from sluice_runtime.flink_records import OutputRouter, RecordRoutingError, Target, TargetColumn, targets_from_plan


def col(name, type_text, tree):
    return TargetColumn(name, type_text, tree)


BIGINT = {"kind": "BIGINT"}
STRING = {"kind": "VARCHAR", "length": 2147483647}


def router(*targets):
    return OutputRouter("enrich", list(targets), row_factory=lambda n, v: tuple(v), instant_factory=None)


class OutputRouterTest(unittest.TestCase):
    def test_sink_gets_its_columns_in_order_converted_and_extra_keys_are_ignored(self):
        r = router(Target("db", "sink", [col("id", "BIGINT", BIGINT), col("msg", "STRING", STRING)]))
        self.assertEqual(r.route({"msg": 5, "id": "7", "other": True}), [(0, (7, "5"))])

    def test_records_go_to_every_sink_whose_columns_they_have(self):
        r = router(
            Target("counts", "sink", [col("id", "BIGINT", BIGINT)]),
            Target("texts", "sink", [col("msg", "STRING", STRING)]),
        )
        self.assertEqual(r.route({"id": 1}), [(0, (1,))])
        self.assertEqual(r.route({"msg": "x"}), [(1, ("x",))])
        self.assertEqual(r.route({"id": 1, "msg": "x"}), [(0, (1,)), (1, ("x",))])

    def test_a_record_fitting_no_target_fails_with_what_each_target_lacks(self):
        r = router(
            Target("counts", "sink", [col("id", "BIGINT", BIGINT)]),
            Target("texts", "sink", [col("msg", "STRING", STRING), col("id", "BIGINT", BIGINT)]),
        )
        with self.assertRaises(RecordRoutingError) as caught:
            r.route({"idd": 1})
        message = str(caught.exception)
        self.assertIn("step 'enrich' returned a record that fits none of its targets", message)
        self.assertIn("sink 'counts' needs `id`", message)
        self.assertIn("sink 'texts' needs `msg`, `id`", message)
        self.assertIn('record: {"idd": 1}', message)

    def test_a_bad_value_names_the_sink_column_and_type(self):
        r = router(Target("db", "sink", [col("id", "BIGINT", BIGINT)]))
        with self.assertRaisesRegex(RecordRoutingError, r"step 'enrich' -> sink 'db': column `id` \(BIGINT\): .*not an integer"):
            r.route({"id": "seven"})

    def test_step_targets_get_every_record_and_each_its_own_copy(self):
        r = router(Target("a", "step"), Target("b", "step"), Target("db", "sink", [col("id", "BIGINT", BIGINT)]))
        record = {"nested": {"n": 1}}
        routed = dict(r.route(record))
        self.assertEqual(set(routed), {0, 1})
        self.assertEqual(routed[0], record)
        self.assertIsNot(routed[0]["nested"], routed[1]["nested"])

    def test_targets_from_plan_reads_the_compiler_output_shape(self):
        targets = targets_from_plan(
            [
                {"kind": "sink", "name": "db", "view": "v", "columns": [{"name": "id", "type": "BIGINT", "tree": BIGINT}]},
                {"kind": "step", "name": "next"},
            ]
        )
        self.assertEqual(targets[0], Target("db", "sink", (TargetColumn("id", "BIGINT", BIGINT),)))
        self.assertEqual(targets[1], Target("next", "step", ()))


if __name__ == "__main__":
    unittest.main()
