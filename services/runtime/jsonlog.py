"""JSON logs, one object a line, carrying the RPC method, request id and trace id of the current call.

Lines go to stderr in batches: a line waits in a buffer until a WARNING or worse arrives, the buffer fills, or
the next periodic flush (every 0.2 s), and everything left is written at exit. Under load this turns one
write per RPC into one write per batch, for the service and for whatever collects its stderr. A SIGKILL can
lose at most the last 0.2 s of INFO lines.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from typing import Any

from opentelemetry import trace

from services.runtime.call_context import request_id, rpc_method

_RESERVED = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


FLUSH_INTERVAL_SECONDS = 0.2


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service
        self._second = -1
        self._second_text = ""

    def _time(self, record: logging.LogRecord) -> str:
        second = int(record.created)
        if second != self._second:  # most lines share their second with the one before
            self._second, self._second_text = second, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
        return f"{self._second_text}.{int(record.msecs):03d}Z"

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self._time(record),
            "level": record.levelname,
            "service": self.service,
            "logger": record.name,
            "message": record.getMessage(),
        }
        method, rid = rpc_method.get(), request_id.get()
        if method:
            entry["rpc_method"] = method
        if rid:
            entry["request_id"] = rid
        span = trace.get_current_span().get_span_context()
        if span.is_valid:
            entry["trace_id"] = format(span.trace_id, "032x")
            entry["span_id"] = format(span.span_id, "016x")
        entry.update({k: v for k, v in record.__dict__.items() if k not in _RESERVED and not k.startswith("_")})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class BatchingStreamHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A stream handler that leaves flushing to WARNING-or-worse records, a full buffer and its flusher."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.stream.write(self.format(record) + "\n")
            if record.levelno >= logging.WARNING:
                self.flush()
        except Exception:
            self.handleError(record)

    def start_flushing(self, interval_seconds: float) -> None:
        def flush_forever() -> None:
            while True:
                time.sleep(interval_seconds)
                self.flush()

        threading.Thread(target=flush_forever, name="log-flusher", daemon=True).start()


def configure(service: str, level: str) -> None:
    """Sends every log record to stderr as JSON. Called once from ``main()``."""
    # Nothing reads where a record was logged from (file, line, thread, process): skip gathering it.
    logging._srcfile = None
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    stream = open(  # noqa: SIM115 - lives as long as the process
        sys.stderr.fileno(), "w", buffering=1 << 16, encoding="utf-8", errors="backslashreplace", closefd=False
    )
    handler = BatchingStreamHandler(stream)
    handler.setFormatter(JsonFormatter(service))
    handler.start_flushing(FLUSH_INTERVAL_SECONDS)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("aiokafka", "sqlalchemy.engine", "alembic"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
