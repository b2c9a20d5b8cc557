"""JSON logs, one object a line, carrying the RPC method, request id and trace id of the current call.

Lines go to stderr in batches: a line waits in a buffer until a WARNING or worse arrives, the buffer fills, or
the next periodic flush (every 0.2 s), and everything left is written at exit. Under load this turns one
write per RPC into one write per batch, for the service and for whatever collects its stderr. A SIGKILL can
lose at most the last 0.2 s of INFO lines.

The RPC access log (one line per call, :mod:`.pipeline`) skips the ``logging`` machinery once :func:`configure`
ran: :class:`AccessLog` writes the very line :class:`JsonFormatter` would, built from a prefix computed once per
method, at a fraction of a LogRecord's cost. Anywhere else (tests capturing records) it is an ordinary record.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
import time
from json.encoder import encode_basestring_ascii as _quoted
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
        return self.timestamp(record.created, int(record.msecs))

    def timestamp(self, created: float, msecs: int | None = None) -> str:
        """``created`` (seconds since the epoch) as the lines show it: ISO 8601, UTC, milliseconds."""
        second = int(created)
        if second != self._second:  # most lines share their second with the one before
            self._second, self._second_text = second, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
        if msecs is None:
            msecs = int((created - second) * 1000)
        return f"{self._second_text}.{msecs:03d}Z"

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


class AccessLog:
    """The access-log lines of one logger: a record per RPC, formatted as :class:`JsonFormatter` formats it."""

    def __init__(self, logger: logging.Logger) -> None:
        self._logger = logger
        self._prefixes: dict[tuple[int, str], str] = {}

    def write(self, level: int, code: str, duration_ms: float) -> None:
        """Logs the call being served (the method and request id of the context) as ``rpc`` with its outcome."""
        if not self._logger.isEnabledFor(level):
            return
        direct = _direct
        if direct is None or not _direct_allowed(self._logger):
            self._logger.log(level, "rpc", extra={"code": code, "duration_ms": duration_ms})
            return
        method, rid = rpc_method.get(), request_id.get()
        key = (level, method or "")
        prefix = self._prefixes.get(key)
        if prefix is None:
            prefix = self._prefixes[key] = (
                f', "level": "{logging.getLevelName(level)}", "service": {_quoted(direct[1].service)}, '
                f'"logger": {_quoted(self._logger.name)}, "message": "rpc"'
                + (f', "rpc_method": {_quoted(method)}' if method else "")
            )
        now = time.time()
        parts = ['{"time": "', direct[1].timestamp(now), '"', prefix]
        if rid:
            parts += (', "request_id": ', _quoted(rid))
        span = trace.get_current_span().get_span_context()
        if span.is_valid:
            parts += (', "trace_id": "', format(span.trace_id, "032x"), '", "span_id": "')
            parts += (format(span.span_id, "016x"), '"')
        parts += (', "code": ', _quoted(code), ', "duration_ms": ', repr(duration_ms), "}\n")
        direct[0].write_line("".join(parts), level)


class BatchingStreamHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """A stream handler that leaves flushing to WARNING-or-worse records, a full buffer and its flusher.

    The flusher sleeps until something is written (an idle process's flusher never wakes: a thread waking five
    times a second in each of the stack's processes was a measurable part of an idle stack's CPU)."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._written = threading.Event()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.stream.write(self.format(record) + "\n")
            if record.levelno >= logging.WARNING:
                self.flush()
            elif not self._written.is_set():
                self._written.set()
        except Exception:
            self.handleError(record)

    def write_line(self, line: str, level: int) -> None:
        """A line already formatted (see :class:`AccessLog`), under the handler's lock like a record's."""
        self.acquire()
        try:
            self.stream.write(line)
            if level >= logging.WARNING:
                self.stream.flush()
            elif not self._written.is_set():
                self._written.set()
        except Exception:
            self.handleError(logging.makeLogRecord({"msg": line}))
        finally:
            self.release()

    def start_flushing(self, interval_seconds: float) -> None:
        """Flushes what was written at most ``interval_seconds`` after it was written."""

        def flush_forever() -> None:
            while True:
                self._written.wait()
                time.sleep(interval_seconds)  # what else is written meanwhile goes out with it
                self._written.clear()  # before the flush: a line written after it sets it again
                self.flush()

        threading.Thread(target=flush_forever, name="log-flusher", daemon=True).start()


# The handler configure() installed and its formatter, for AccessLog.
_direct: tuple[BatchingStreamHandler, JsonFormatter] | None = None


def _direct_allowed(logger: logging.Logger) -> bool:
    """The access line may skip ``logging`` only if the configured handler is the one place records go."""
    return (
        _direct is not None
        and not logger.handlers
        and logger.propagate
        and logging.getLogger().handlers == [_direct[0]]
    )


def configure(service: str, level: str) -> None:
    """Sends every log record to stderr as JSON. Called once from ``main()``."""
    # Nothing reads where a record was logged from (file, line, thread, process): skip gathering it.
    logging._srcfile = None
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    stream = open(  # noqa: SIM115 - lives as long as the process
        sys.stderr.fileno(), "w", buffering=1 << 16, encoding="utf-8", errors="backslashreplace", closefd=False
    )
    handler = BatchingStreamHandler(stream)
    formatter = JsonFormatter(service)
    handler.setFormatter(formatter)
    handler.start_flushing(FLUSH_INTERVAL_SECONDS)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    global _direct
    _direct = (handler, formatter)
    root.setLevel(level.upper())
    for noisy in ("aiokafka", "sqlalchemy.engine", "alembic"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
