"""Long-lived host for one `record` step of a scheduled (batch) run.

The Node runner starts one host per python node (``python -m sluice_runtime.batch_host``) and talks
to it in JSON lines:

    stdin  <- {"t": "open", "step": name, "code": source, "params": {...}}
              {"t": "batch", "id": n, "records": [...]}        (any number)
              {"t": "close"}
    proto  -> {"t": "ready"} | {"t": "result", "id": n, "records": [...]}
              {"t": "error", "id": n|None, "phase": ..., "message": ..., "traceback": ...}
              {"t": "log", "stream": "stdout"|"stderr"|"log", "level": ..., "msg": ...}
              {"t": "closed"}

Replies go to a private copy of the original stdout, and file descriptor 1 is pointed at stderr, so
that nothing the step prints (``print``, a C extension writing to fd 1) can corrupt the protocol:
Python-level output becomes ``log`` frames, native output arrives on stderr. Parameters (secrets
included) arrive on stdin, never in argv or the environment, so they do not show up in ``ps``.
"""

from __future__ import annotations

import io
import json
import linecache
import logging
import os
import sys
import traceback
from typing import Any, BinaryIO

from .step_contract import Step, StepContext, StepDefinitionError, StepOutputError, load_step, to_json_value

RECORD_PREVIEW_CHARS = 1_000


class ProtocolWriter:
    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def send(self, frame: dict[str, Any]) -> None:
        data = json.dumps(frame, default=to_json_value, allow_nan=False, ensure_ascii=False)
        self._stream.write(data.encode("utf-8", "surrogatepass") + b"\n")
        self._stream.flush()


class LogLineWriter(io.TextIOBase):
    """A text stream that turns each written line into a ``log`` frame."""

    def __init__(self, proto: ProtocolWriter, stream: str) -> None:
        self._proto = proto
        self._stream = stream
        self._pending = ""

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._pending += text
        while "\n" in self._pending:
            line, self._pending = self._pending.split("\n", 1)
            self._proto.send({"t": "log", "stream": self._stream, "msg": line})
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._proto.send({"t": "log", "stream": self._stream, "msg": self._pending})
            self._pending = ""


class ProtocolLogHandler(logging.Handler):
    def __init__(self, proto: ProtocolWriter) -> None:
        super().__init__()
        self._proto = proto

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._proto.send(
                {"t": "log", "stream": "log", "level": record.levelname.lower(), "msg": self.format(record)}
            )
        except Exception:  # a broken log call must not kill the step
            self.handleError(record)


def user_traceback(err: BaseException) -> str:
    """The traceback without this host's own frames: the user wants to see their code."""
    tb = err.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename.startswith(os.path.dirname(__file__)):
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(err), err, tb))


def preview(record: Any) -> str:
    text = json.dumps(record, default=repr, ensure_ascii=False)
    return text if len(text) <= RECORD_PREVIEW_CHARS else text[:RECORD_PREVIEW_CHARS] + "…"


def serve(stdin: BinaryIO, proto: ProtocolWriter) -> int:
    step: Step | None = None
    for raw in stdin:
        frame = json.loads(raw)
        kind = frame.get("t")
        if kind == "open":
            name = str(frame["step"])
            code = str(frame["code"])
            # Register the source so tracebacks show the user's lines, not just line numbers.
            filename = f"<step {name}>"
            linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
            logger = logging.getLogger(f"step.{name}")
            logger.setLevel(logging.INFO)
            logger.addHandler(ProtocolLogHandler(proto))
            logger.propagate = False
            ctx = StepContext(name, frame.get("params") or {}, logger)
            try:
                step = load_step(name, code, ctx)
                step.open()
            except StepDefinitionError as err:
                proto.send({"t": "error", "id": None, "phase": "load", "message": str(err), "traceback": ""})
                return 2
            except Exception as err:
                proto.send(
                    {"t": "error", "id": None, "phase": "open", "message": f"{type(err).__name__}: {err}",
                     "traceback": user_traceback(err)}
                )
                return 2
            proto.send({"t": "ready"})
        elif kind == "batch":
            if step is None:
                proto.send({"t": "error", "id": frame.get("id"), "phase": "protocol", "message": "batch before open",
                            "traceback": ""})
                return 2
            out: list[dict[str, Any]] = []
            for index, record in enumerate(frame["records"]):
                try:
                    out.extend(step.process(record))
                except Exception as err:
                    message = str(err) if isinstance(err, StepOutputError) else f"{type(err).__name__}: {err}"
                    proto.send(
                        {"t": "error", "id": frame.get("id"), "phase": "process", "message": message,
                         "traceback": user_traceback(err), "recordIndex": index, "record": preview(record)}
                    )
                    return 1
            try:
                proto.send({"t": "result", "id": frame.get("id"), "records": out})
            except (TypeError, ValueError) as err:
                proto.send(
                    {"t": "error", "id": frame.get("id"), "phase": "process",
                     "message": f"step '{step.name}' returned a value JSON cannot carry: {err}", "traceback": ""}
                )
                return 1
        elif kind == "close":
            if step is not None:
                try:
                    step.close()
                except Exception as err:
                    proto.send(
                        {"t": "error", "id": None, "phase": "close", "message": f"{type(err).__name__}: {err}",
                         "traceback": user_traceback(err)}
                    )
                    return 1
            proto.send({"t": "closed"})
            return 0
        else:
            proto.send({"t": "error", "id": None, "phase": "protocol", "message": f"unknown frame {kind!r}",
                        "traceback": ""})
            return 2
    return 0  # stdin closed: the runner went away, nothing left to do


def main() -> int:
    # Keep a private handle on the real stdout for the protocol, then point fd 1 at stderr.
    proto_fd = os.dup(1)
    os.dup2(2, 1)
    proto = ProtocolWriter(os.fdopen(proto_fd, "wb", buffering=1 << 16))
    sys.stdout = LogLineWriter(proto, "stdout")
    sys.stderr = LogLineWriter(proto, "stderr")
    try:
        return serve(sys.stdin.buffer, proto)
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:
                pass


if __name__ == "__main__":
    sys.exit(main())
