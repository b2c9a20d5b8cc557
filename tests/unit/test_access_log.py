"""The RPC access log's direct line is the line the JSON formatter writes for the same record, whatever the
request id, method, outcome and duration: log readers cannot tell which path wrote it."""

import io
import json
import logging
import time

from hypothesis import given
from hypothesis import strategies as st
from opentelemetry import context as context_api
from opentelemetry import trace

from services.runtime import call_context, jsonlog

TRACE, SPAN = 0x4BF92F3577B34DA6A3CE929D0E0E4736, 0x00F067AA0BA902B7


def _formatted_both_ways(level: int, method: str | None, rid: str | None, code: str, ms: float, traced: bool):
    stream = io.StringIO()
    handler = jsonlog.BatchingStreamHandler(stream)
    formatter = jsonlog.JsonFormatter("catalog")
    handler.setFormatter(formatter)
    logger = logging.Logger("shopmesh.rpc.test", logging.DEBUG)
    tokens = [(call_context.rpc_method, call_context.rpc_method.set(method))]
    tokens.append((call_context.request_id, call_context.request_id.set(rid)))
    span = trace.NonRecordingSpan(trace.SpanContext(TRACE, SPAN, False)) if traced else trace.INVALID_SPAN
    attached = context_api.attach(trace.set_span_in_context(span))
    saved_direct, saved_handlers = jsonlog._direct, logging.getLogger().handlers[:]
    try:
        jsonlog._direct = (handler, formatter)
        logging.getLogger().handlers[:] = [handler]
        logger.parent = logging.getLogger()
        jsonlog.AccessLog(logger).write(level, code, ms)
        direct = stream.getvalue()
        record = logger.makeRecord(logger.name, level, "", 0, "rpc", (), None, extra={"code": code, "duration_ms": ms})
        as_record = formatter.format(record) + "\n"
    finally:
        jsonlog._direct = saved_direct
        logging.getLogger().handlers[:] = saved_handlers
        context_api.detach(attached)
        for var, token in reversed(tokens):
            var.reset(token)
    return direct, as_record


@given(
    level=st.sampled_from([logging.DEBUG, logging.INFO, logging.WARNING]),
    method=st.one_of(st.none(), st.text(max_size=40)),
    rid=st.one_of(st.none(), st.text(max_size=130)),
    code=st.sampled_from(["OK", "NOT_FOUND", "INTERNAL", "CANCELLED"]),
    ms=st.floats(min_value=0, max_value=1e6, allow_nan=False),
    traced=st.booleans(),
)
def test_the_direct_line_is_the_formatted_record(level, method, rid, code, ms, traced):
    direct, as_record = _formatted_both_ways(level, method, rid, code, ms, traced)
    parsed, expected = json.loads(direct), json.loads(as_record)
    expected["time"] = parsed["time"]  # two clock readings: the same shape, a moment apart
    assert parsed == expected
    assert direct.replace(parsed["time"], "") == as_record.replace(json.loads(as_record)["time"], "")


def test_without_the_configured_handler_it_is_an_ordinary_record(caplog):
    caplog.set_level(logging.INFO, logger="shopmesh.rpc")
    jsonlog.AccessLog(logging.getLogger("shopmesh.rpc")).write(logging.INFO, "NOT_FOUND", 1.5)
    (record,) = [r for r in caplog.records if r.name == "shopmesh.rpc"]
    assert (record.getMessage(), record.code, record.duration_ms) == ("rpc", "NOT_FOUND", 1.5)


def test_a_level_below_the_logger_s_writes_nothing():
    stream = io.StringIO()
    handler = jsonlog.BatchingStreamHandler(stream)
    formatter = jsonlog.JsonFormatter("catalog")
    handler.setFormatter(formatter)
    logger = logging.Logger("shopmesh.rpc.quiet", logging.INFO)
    saved_direct, saved_handlers = jsonlog._direct, logging.getLogger().handlers[:]
    try:
        jsonlog._direct = (handler, formatter)
        logging.getLogger().handlers[:] = [handler]
        logger.parent = logging.getLogger()
        jsonlog.AccessLog(logger).write(logging.DEBUG, "OK", 0.2)
    finally:
        jsonlog._direct = saved_direct
        logging.getLogger().handlers[:] = saved_handlers
    assert stream.getvalue() == ""


class _Flushes(io.StringIO):
    """A stream that says how much of what was written had been flushed."""

    def __init__(self) -> None:
        super().__init__()
        self.flushed = ""

    def flush(self) -> None:
        self.flushed = self.getvalue()


def test_the_flusher_sends_out_every_line_soon_after_it_was_written_whichever_way_it_was_written():
    stream = _Flushes()
    handler = jsonlog.BatchingStreamHandler(stream)
    handler.setFormatter(jsonlog.JsonFormatter("catalog"))
    handler.start_flushing(0.01)
    logger = logging.Logger("shopmesh.flush.test", logging.DEBUG)
    logger.addHandler(handler)
    for round_ in range(3):  # the flusher waits again after each flush, and wakes for the next line
        logger.info("an info record %d", round_)
        handler.write_line(f'{{"direct": {round_}}}\n', logging.INFO)
        deadline = time.monotonic() + 5
        while stream.flushed != stream.getvalue():
            assert time.monotonic() < deadline, "a line written was never flushed"
            time.sleep(0.01)
        assert f"an info record {round_}" in stream.flushed
        assert f'{{"direct": {round_}}}' in stream.flushed
