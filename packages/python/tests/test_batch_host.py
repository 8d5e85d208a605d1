"""Drives the batch host as the Node runner does: a subprocess speaking JSON lines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import unittest

PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Host:
    def __init__(self, code: str, params: dict | None = None) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-u", "-m", "sluice_runtime.batch_host"],
            cwd=PACKAGE_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.logs: list[dict] = []
        self.send({"t": "open", "step": "s1", "code": code, "params": params or {}})

    def send(self, frame: dict) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(frame).encode() + b"\n")
        self.proc.stdin.flush()

    def reply(self) -> dict:
        """Next non-log frame; log frames are collected."""
        assert self.proc.stdout is not None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise EOFError("host closed its protocol stream")
            frame = json.loads(line)
            if frame["t"] == "log":
                self.logs.append(frame)
                continue
            return frame

    def finish(self) -> tuple[int, bytes]:
        try:
            self.send({"t": "close"})
        except BrokenPipeError:
            pass
        out, err = self.proc.communicate(timeout=10)
        for line in out.splitlines():
            frame = json.loads(line)
            if frame["t"] == "log":
                self.logs.append(frame)
        return self.proc.returncode, err


class BatchHostTest(unittest.TestCase):
    def test_processes_batches_with_open_and_close(self) -> None:
        host = Host(
            "def open(ctx):\n    ctx.state['n'] = 0\n"
            "def process(record, ctx):\n    ctx.state['n'] += 1\n"
            "    if record['v'] % 2: return None\n"
            "    return [{'v': record['v'], 'seen': ctx.state['n'], 'p': ctx.params['factor'] * record['v']}]\n"
            "def close(ctx):\n    ctx.log.info('processed %d', ctx.state['n'])\n",
            {"factor": 10},
        )
        self.assertEqual(host.reply(), {"t": "ready"})
        host.send({"t": "batch", "id": 1, "records": [{"v": i} for i in range(4)]})
        self.assertEqual(
            host.reply(),
            {"t": "result", "id": 1, "records": [{"v": 0, "seen": 1, "p": 0}, {"v": 2, "seen": 3, "p": 20}]},
        )
        host.send({"t": "batch", "id": 2, "records": [{"v": 4}]})
        self.assertEqual(host.reply()["records"], [{"v": 4, "seen": 5, "p": 40}])
        host.send({"t": "close"})
        self.assertEqual(host.reply(), {"t": "closed"})
        code, _ = host.finish()
        self.assertEqual(code, 0)
        self.assertIn({"t": "log", "stream": "log", "level": "info", "msg": "processed 5"}, host.logs)

    def test_an_exception_reports_the_user_traceback_and_the_record(self) -> None:
        host = Host("def process(record, ctx):\n    return {'x': 1 / record['d']}\n")
        host.reply()
        host.send({"t": "batch", "id": 7, "records": [{"d": 1}, {"d": 0}]})
        err = host.reply()
        self.assertEqual(err["t"], "error")
        self.assertEqual(err["phase"], "process")
        self.assertEqual(err["message"], "ZeroDivisionError: division by zero")
        self.assertEqual(err["recordIndex"], 1)
        self.assertIn('File "<step s1>", line 2, in process', err["traceback"])
        self.assertIn("return {'x': 1 / record['d']}", err["traceback"])
        self.assertNotIn("batch_host.py", err["traceback"])
        code, _ = host.finish()
        self.assertEqual(code, 1)

    def test_printing_garbage_cannot_corrupt_the_protocol(self) -> None:
        host = Host(
            "import os, sys\n"
            "def process(record, ctx):\n"
            "    print('{\"t\": \"result\", \"id\": 999, \"records\": []}')\n"
            "    print('\\x00\\x01 not json')\n"
            "    os.write(1, b'\\xff\\xfe raw bytes on fd 1\\n')\n"
            "    return record\n"
        )
        host.reply()
        host.send({"t": "batch", "id": 1, "records": [{"a": 1}]})
        self.assertEqual(host.reply(), {"t": "result", "id": 1, "records": [{"a": 1}]})
        code, stderr = host.finish()
        self.assertEqual(code, 0)
        printed = [f["msg"] for f in host.logs if f["stream"] == "stdout"]
        self.assertEqual(printed, ['{"t": "result", "id": 999, "records": []}', "\x00\x01 not json"])
        self.assertIn(b"raw bytes on fd 1", stderr)

    def test_missing_process_is_a_load_error(self) -> None:
        host = Host("def proces(record, ctx):\n    return record\n")
        err = host.reply()
        self.assertEqual(err["phase"], "load")
        self.assertIn("must define `def process(record, ctx)`", err["message"])
        self.assertEqual(host.finish()[0], 2)

    def test_syntax_error_names_the_line(self) -> None:
        host = Host("def process(record, ctx):\n    return {\n")
        err = host.reply()
        self.assertEqual(err["phase"], "load")
        self.assertIn("syntax error at line", err["message"])
        host.finish()

    def test_wrong_return_type_is_explained(self) -> None:
        host = Host("def process(record, ctx):\n    return 42\n")
        host.reply()
        host.send({"t": "batch", "id": 3, "records": [{}]})
        err = host.reply()
        self.assertEqual(err["message"], "step 's1': process() returned int, expected a dict, a list of dicts, or None")
        host.finish()

    def test_non_json_values_are_converted_or_refused_clearly(self) -> None:
        host = Host(
            "import datetime, decimal\n"
            "def process(record, ctx):\n"
            "    if record.get('nan'): return {'x': float('nan')}\n"
            "    return {'d': datetime.date(2024, 1, 2), 'n': decimal.Decimal('1.50'), 'b': b'hi'}\n"
        )
        host.reply()
        host.send({"t": "batch", "id": 1, "records": [{}]})
        self.assertEqual(host.reply()["records"], [{"d": "2024-01-02", "n": "1.50", "b": "aGk="}])
        host.send({"t": "batch", "id": 2, "records": [{"nan": True}]})
        err = host.reply()
        self.assertIn("returned a value JSON cannot carry", err["message"])
        host.finish()

    def test_context_repr_hides_parameter_values(self) -> None:
        host = Host("def process(record, ctx):\n    return {'r': repr(ctx)}\n", {"password": "hunter2"})
        host.reply()
        host.send({"t": "batch", "id": 1, "records": [{}]})
        self.assertNotIn("hunter2", host.reply()["records"][0]["r"])
        host.finish()


if __name__ == "__main__":
    unittest.main()
