"""The PyFlink job driver end to end on a local Flink mini cluster.

Needs pyflink, so it skips cleanly in a plain python3; `@sluice/flink`'s vitest suite runs it with
the Flink venv's interpreter (`.data/flink-venv/bin/python -m unittest tests.test_flink_driver`).
Each case runs a real, bounded job in a subprocess (a JVM per run, ~10-20 s) and reads the rows
the `print` sinks wrote to stdout.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HAS_PYFLINK = importlib.util.find_spec("pyflink") is not None

SCRIPT = """
from sluice_runtime.flink_driver import JobDriver

if __name__ == "__main__":
    sluice = JobDriver.from_script(__file__)
    env, t_env = sluice.env, sluice.t_env
    sluice.create_tables()
    sluice.build_record_steps()
    sluice.begin_fragments()
{fragment}
    sluice.execute(wait=True)
"""


def column(name, type_text, tree):
    return {"name": name, "type": type_text, "tree": tree}


BIGINT = {"kind": "BIGINT", "nullable": True}
STRING = {"kind": "VARCHAR", "length": 2147483647, "nullable": True}
DECIMAL = {"kind": "DECIMAL", "precision": 10, "scale": 2, "nullable": True}
TS = {"kind": "TIMESTAMP", "precision": 3, "nullable": True}


def datagen(name, columns, rows):
    fields = ", ".join(f"`{c}` {t}" for c, t in columns)
    options = [("connector", "datagen"), ("number-of-rows", str(rows))]
    for c, t in columns:
        if t == "BIGINT":
            options += [(f"fields.{c}.kind", "sequence"), (f"fields.{c}.start", "1"), (f"fields.{c}.end", str(rows))]
        elif t == "STRING":
            options += [(f"fields.{c}.length", "4")]
    with_clause = ", ".join(f"'{k}' = '{v}'" for k, v in options)
    return {"node": name, "name": name, "kind": "source", "ddl": f"CREATE TABLE `{name}` ({fields}) WITH ({with_clause})", "substitutions": []}


def print_sink(name, columns, identifier="'{name}'", substitutions=()):
    fields = ", ".join(f"`{c}` {t}" for c, t in columns)
    ident = identifier.format(name=name)
    return {
        "node": name,
        "name": name,
        "kind": "sink",
        "ddl": f"CREATE TABLE `{name}` ({fields}) WITH ('connector' = 'print', 'print-identifier' = {ident})",
        "substitutions": list(substitutions),
    }


def plan(tables, steps, inserts, parameters=()):
    return {
        "format": "sluice.flink-plan/v1",
        "job": {"name": "driver-test", "version": 1},
        "pipelineName": "sluice/driver-test/v1",
        "config": {"parallelism.default": "1", "python.fn-execution.bundle.time": "50"},
        "parameters": list(parameters),
        "tables": tables,
        "steps": steps,
        "inserts": inserts,
    }


def run_job(plan_data, params=None, fragment=""):
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "job.py")
        with open(script, "w") as f:
            f.write(SCRIPT.format(fragment=textwrap.indent(fragment, "    ")))
        with open(os.path.join(tmp, "sluice_plan.json"), "w") as f:
            json.dump(plan_data, f)
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "JAVA_HOME")}
        env["PYTHONPATH"] = PACKAGE_ROOT
        if params is not None:
            params_path = os.path.join(tmp, "params.json")
            with open(params_path, "w") as f:
                json.dump(params, f)
            env["SLUICE_PARAMS_FILE"] = params_path
        proc = subprocess.run(
            [sys.executable, script], cwd=tmp, env=env, capture_output=True, text=True, timeout=300
        )
        return proc


def printed(stdout, identifier):
    prefix = f"{identifier}> "
    return sorted(line[len(prefix):] for line in stdout.splitlines() if line.startswith(prefix))


@unittest.skipUnless(HAS_PYFLINK, "pyflink is not importable in this interpreter (run with .data/flink-venv/bin/python)")
class JobDriverTest(unittest.TestCase):
    def test_record_steps_fan_in_and_out_and_fragments_share_one_job(self):
        orders = [("id", "BIGINT"), ("name", "STRING")]
        refunds = [("rid", "BIGINT")]
        out_a = [("id", "BIGINT"), ("label", "STRING"), ("amount", "DECIMAL(10, 2)"), ("ts", "TIMESTAMP(3)")]
        out_b = [("label", "STRING")]
        out_c = [("id", "BIGINT")]
        enrich = textwrap.dedent(
            """
            def open(ctx):
                ctx.state["seen"] = 0

            def process(record, ctx):
                ctx.state["seen"] += 1
                if "rid" in record:  # from the second input: a different shape, same step
                    return {"id": -record["rid"], "label": "refund", "amount": "-1.005", "ts": "2024-05-01T13:45:00.5"}
                return {"id": record["id"], "label": ctx.params["prefix"] + str(record["id"]), "amount": record["id"] * 1.5,
                        "ts": 1714571100000 + record["id"]}
            """
        )
        shout = "def process(record, ctx):\n    return {'label': record['label'].upper()} if record['id'] > 0 else None\n"
        data = plan(
            tables=[
                datagen("orders", orders, 3),
                datagen("refunds", refunds, 2),
                print_sink("out_a", out_a),
                print_sink("out_b", out_b),
                print_sink(
                    "out_c",
                    out_c,
                    identifier="'__sluice_param_0__'",
                    substitutions=[{"token": "__sluice_param_0__", "option": "print-identifier", "parts": ["c-", {"param": "ident"}]}],
                ),
            ],
            steps=[
                {
                    "node": "enrich",
                    "name": "enrich",
                    "code": enrich,
                    "inputs": [
                        {"kind": "query", "sql": "SELECT `id`, `name` FROM `orders`"},
                        {"kind": "query", "sql": "SELECT `rid` FROM `refunds`"},
                    ],
                    "outputs": [
                        {
                            "kind": "sink",
                            "name": "out_a",
                            "view": "__sluice_v_enrich_out_a",
                            "columns": [
                                column("id", "BIGINT", BIGINT),
                                column("label", "STRING", STRING),
                                column("amount", "DECIMAL(10, 2)", DECIMAL),
                                column("ts", "TIMESTAMP(3)", TS),
                            ],
                        },
                        {"kind": "step", "name": "shout"},
                    ],
                },
                {
                    "node": "shout",
                    "name": "shout",
                    "code": shout,
                    "inputs": [{"kind": "step", "step": "enrich"}],
                    "outputs": [
                        {"kind": "sink", "name": "out_b", "view": "__sluice_v_shout_out_b", "columns": [column("label", "STRING", STRING)]}
                    ],
                },
            ],
            inserts=[
                "INSERT INTO `out_a` (`id`, `label`, `amount`, `ts`) SELECT CAST(`id` AS BIGINT), CAST(`label` AS STRING), "
                "CAST(`amount` AS DECIMAL(10, 2)), CAST(`ts` AS TIMESTAMP(3)) FROM `__sluice_v_enrich_out_a`",
                "INSERT INTO `out_b` (`label`) SELECT CAST(`label` AS STRING) FROM `__sluice_v_shout_out_b`",
            ],
            parameters=[{"name": "prefix", "secret": False}, {"name": "ident", "secret": False}],
        )
        # An SREWorks-style fragment: reads a table by name and calls execute_insert(...).wait().
        fragment = 't_env.from_path("orders").select(col("id")).execute_insert("out_c").wait()\n'
        proc = run_job(data, params={"prefix": "o-", "ident": "frag"}, fragment="from pyflink.table.expressions import col\n" + fragment)
        self.assertEqual(proc.returncode, 0, proc.stdout[-3000:] + proc.stderr[-3000:])
        self.assertEqual(
            printed(proc.stdout, "out_a"),
            sorted(
                [
                    "+I[1, o-1, 1.50, 2024-05-01T13:45:00.001]",
                    "+I[2, o-2, 3.00, 2024-05-01T13:45:00.002]",
                    "+I[3, o-3, 4.50, 2024-05-01T13:45:00.003]",
                    "+I[-1, refund, -1.01, 2024-05-01T13:45:00.500]",
                    "+I[-2, refund, -1.01, 2024-05-01T13:45:00.500]",
                ]
            ),
        )
        self.assertEqual(printed(proc.stdout, "out_b"), ["+I[O-1]", "+I[O-2]", "+I[O-3]"])
        self.assertEqual(printed(proc.stdout, "c-frag"), ["+I[1]", "+I[2]", "+I[3]"])
        # One statement set: one job id printed, not one per INSERT.
        self.assertEqual(proc.stdout.count("SLUICE_JOB_ID="), 1)

    def test_a_raising_step_fails_the_job_with_its_traceback_and_secrets_redacted(self):
        code = "def process(record, ctx):\n    token = ctx.params['token']\n    raise ValueError('bad token ' + token)\n"
        data = plan(
            tables=[datagen("src", [("id", "BIGINT")], 2), print_sink("out", [("id", "BIGINT")])],
            steps=[
                {
                    "node": "bad",
                    "name": "bad",
                    "code": code,
                    "inputs": [{"kind": "query", "sql": "SELECT `id` FROM `src`"}],
                    "outputs": [{"kind": "sink", "name": "out", "view": "__sluice_v", "columns": [column("id", "BIGINT", BIGINT)]}],
                }
            ],
            inserts=["INSERT INTO `out` (`id`) SELECT CAST(`id` AS BIGINT) FROM `__sluice_v`"],
            parameters=[{"name": "token", "secret": True}],
        )
        proc = run_job(data, params={"token": "tok-S3CRET-value"})
        output = proc.stdout + proc.stderr
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("python step 'bad' raised ValueError: bad token ***", output)
        self.assertIn('File "<step bad>", line 3, in process', output)
        self.assertIn("raise ValueError('bad token ' + token)", output)  # the user's source line
        self.assertNotIn("tok-S3CRET-value", output)

    def test_a_syntax_error_fails_the_submission_before_any_job_starts(self):
        data = plan(
            tables=[datagen("src", [("id", "BIGINT")], 1), print_sink("out", [("id", "BIGINT")])],
            steps=[
                {
                    "node": "broken",
                    "name": "broken",
                    "code": "def process(record, ctx)\n    return record\n",
                    "inputs": [{"kind": "query", "sql": "SELECT `id` FROM `src`"}],
                    "outputs": [{"kind": "sink", "name": "out", "view": "__sluice_v", "columns": [column("id", "BIGINT", BIGINT)]}],
                }
            ],
            inserts=["INSERT INTO `out` (`id`) SELECT CAST(`id` AS BIGINT) FROM `__sluice_v`"],
        )
        proc = run_job(data, params={})
        self.assertNotEqual(proc.returncode, 0)
        self.assertIn("python step 'broken' has a syntax error at line 1", proc.stderr)
        self.assertNotIn("SLUICE_JOB_ID=", proc.stdout)


if __name__ == "__main__":
    unittest.main()
