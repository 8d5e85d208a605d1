"""Job plan parsing, parameter substitution and redaction of the Flink driver (pure python3)."""

from __future__ import annotations

import json
import os
import tempfile
import unittest

from sluice_runtime.flink_plan import (
    PARAMS_FILE_ENV,
    PLAN_FORMAT,
    PlanError,
    Redactor,
    extend_argv,
    load_params,
    load_plan,
    parse_plan,
    render_ddl,
    resolve_parts,
)


def plan_data(**overrides):
    data = {
        "format": PLAN_FORMAT,
        "job": {"name": "orders", "version": 1},
        "pipelineName": "sluice/orders/v1",
        "config": {"parallelism.default": "1"},
        "parameters": [{"name": "db_password", "secret": True}, {"name": "host", "secret": False}],
        "tables": [
            {
                "node": "n3",
                "name": "db",
                "kind": "sink",
                "ddl": "CREATE TABLE `db` (`id` BIGINT) WITH ('connector' = 'jdbc', 'url' = '__sluice_param_0__', 'password' = '__sluice_param_1__')",
                "substitutions": [
                    {"token": "__sluice_param_0__", "option": "url", "parts": ["jdbc:mysql://", {"param": "host"}, ":3306/x"]},
                    {"token": "__sluice_param_1__", "option": "password", "parts": [{"param": "db_password"}]},
                ],
            }
        ],
        "steps": [
            {
                "node": "n2",
                "name": "enrich",
                "code": "def process(r, ctx):\n    return r\n",
                "inputs": [{"kind": "query", "sql": "SELECT `id` FROM `src`"}],
                "outputs": [{"kind": "sink", "name": "db", "view": "v", "columns": [{"name": "id", "type": "BIGINT", "tree": {"kind": "BIGINT"}}]}],
            }
        ],
        "inserts": ["INSERT INTO `db` (`id`) SELECT `id` FROM `v`"],
    }
    data.update(overrides)
    return data


class ParsePlanTest(unittest.TestCase):
    def test_reads_a_complete_plan(self):
        plan = parse_plan(plan_data())
        self.assertEqual(plan.job_name, "orders")
        self.assertEqual(plan.secret_params, frozenset({"db_password"}))
        self.assertEqual(plan.tables[0].substitutions[1].option, "password")
        self.assertEqual(plan.steps[0].inputs[0].sql, "SELECT `id` FROM `src`")

    def test_refuses_another_format_version(self):
        with self.assertRaisesRegex(PlanError, "format 'sluice.flink-plan/v9' is not supported"):
            parse_plan(plan_data(format="sluice.flink-plan/v9"))

    def test_refuses_a_substitution_part_that_is_neither_text_nor_a_reference(self):
        data = plan_data()
        data["tables"][0]["substitutions"][0]["parts"] = [7]
        with self.assertRaisesRegex(PlanError, r"plan\.tables\[0\]\.substitutions\[0\]\.parts\[0\]: expected text"):
            parse_plan(data)

    def test_errors_name_the_json_path(self):
        data = plan_data()
        del data["steps"][0]["outputs"][0]["columns"][0]["tree"]
        with self.assertRaisesRegex(PlanError, r"plan\.steps\[0\]\.outputs\[0\]\.columns\[0\]: missing `tree`"):
            parse_plan(data)
        data = plan_data()
        data["tables"][0]["kind"] = "view"
        with self.assertRaisesRegex(PlanError, r"plan\.tables\[0\]\.kind: expected source or sink"):
            parse_plan(data)

    def test_load_plan_reports_a_missing_or_broken_file_by_path(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "sluice_plan.json")
            with self.assertRaisesRegex(PlanError, f"job plan {path} does not exist"):
                load_plan(path)
            with open(path, "w") as f:
                f.write("{nope")
            with self.assertRaisesRegex(PlanError, "is not valid JSON"):
                load_plan(path)


class ParametersTest(unittest.TestCase):
    def test_render_ddl_puts_quoted_values_in_place_of_the_tokens(self):
        plan = parse_plan(plan_data())
        ddl = render_ddl(plan.tables[0], {"host": "db.local", "db_password": "it's ' ); DROP"})
        self.assertIn("'url' = 'jdbc:mysql://db.local:3306/x'", ddl)
        # The quote is doubled: the value cannot end the literal.
        self.assertIn("'password' = 'it''s '' ); DROP')", ddl)

    def test_a_missing_value_names_the_table_option_and_parameter(self):
        plan = parse_plan(plan_data())
        with self.assertRaisesRegex(PlanError, "sink 'db': option `password` references parameter `db_password`, which has no value"):
            render_ddl(plan.tables[0], {"host": "h"})

    def test_a_token_missing_from_the_ddl_is_refused(self):
        data = plan_data()
        data["tables"][0]["ddl"] = "CREATE TABLE `db` (`id` BIGINT) WITH ('connector' = 'jdbc')"
        with self.assertRaisesRegex(PlanError, "exactly once"):
            render_ddl(parse_plan(data).tables[0], {"host": "h", "db_password": "p"})

    def test_non_string_values_read_as_the_batch_runner_writes_them(self):
        parts = [{"param": "a"}, "/", {"param": "b"}, "/${c}"]
        self.assertEqual(resolve_parts(parts, {"a": 3, "b": True, "c": "x"}, "w"), "3/true/${c}")

    def test_load_params_reads_the_file_and_never_echoes_broken_content(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "params.json")
            with open(path, "w") as f:
                json.dump({"db_password": "s3cret"}, f)
            self.assertEqual(load_params(path), {"db_password": "s3cret"})
            with open(path, "w") as f:
                f.write('{"db_password": "s3cret"')
            with self.assertRaises(PlanError) as caught:
                load_params(path)
            self.assertNotIn("s3cret", str(caught.exception))
        self.assertEqual(load_params(None), {})


class ExtendArgvTest(unittest.TestCase):
    def test_adds_only_the_parameters_the_template_reads_from_the_parameters_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "sluice_plan.json"), "w") as f:
                json.dump(plan_data(argvParameters=["host", "db_password", "absent"]), f)
            params_path = os.path.join(tmp, "params.json")
            with open(params_path, "w") as f:
                json.dump({"host": "db.local", "db_password": "p w", "other": "x"}, f)
            argv = ["job.py"]
            previous = os.environ.get(PARAMS_FILE_ENV)
            os.environ[PARAMS_FILE_ENV] = params_path
            try:
                extend_argv(os.path.join(tmp, "job.py"), argv)
            finally:
                if previous is None:
                    del os.environ[PARAMS_FILE_ENV]
                else:
                    os.environ[PARAMS_FILE_ENV] = previous
        self.assertEqual(argv, ["job.py", "--host=db.local", "--db_password=p w"])


class RedactorTest(unittest.TestCase):
    def test_redacts_secret_values_and_their_sql_and_json_escaped_forms(self):
        plan = parse_plan(plan_data())
        redactor = Redactor.for_params(plan, {"db_password": 'it\'s"x', "host": "db.local"})
        text = redactor.redact("""raw it's"x sql 'it''s"x' json "it's\\"x" host db.local""")
        self.assertNotIn("it's", text)
        self.assertNotIn("it''s", text)
        self.assertIn("db.local", text)  # not secret

    def test_longer_secrets_are_replaced_whole(self):
        self.assertEqual(Redactor(["abcd", "abcdef"]).redact("abcdef abcd"), "*** ***")

    def test_values_shorter_than_four_characters_are_left_alone(self):
        # They would mask ordinary text everywhere (the API refuses such secret values).
        self.assertEqual(Redactor(["a", "ab"]).redact("a cab"), "a cab")


if __name__ == "__main__":
    unittest.main()
