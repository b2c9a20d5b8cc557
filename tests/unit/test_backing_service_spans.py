"""Spans around calls to backing services (PostgreSQL, Redis, SMTP, Kafka sends): recorded only in a sampled
trace, as children of the current span or of the trace context an event or a mail carried."""

import pytest
from opentelemetry import trace
from opentelemetry.propagate import extract
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from services.runtime import telemetry

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT = "00f067aa0ba902b7"


@pytest.fixture
def finished() -> InMemorySpanExporter:
    if isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider):  # no SDK yet in this process
        telemetry.configure("unit-spans", "none")
    provider = trace.get_tracer_provider()
    assert isinstance(provider, TracerProvider)
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return exporter


def test_a_sampled_carrier_makes_the_span_a_child_of_the_trace_it_names(finished):
    with telemetry.client_span("smtp send", carrier={"traceparent": f"00-{TRACE}-{PARENT}-01"}, **{"a": "b"}):
        pass
    (span,) = [s for s in finished.get_finished_spans() if s.name == "smtp send"]
    assert format(span.context.trace_id, "032x") == TRACE
    assert format(span.parent.span_id, "016x") == PARENT
    assert span.kind == trace.SpanKind.CLIENT
    assert span.attributes["a"] == "b"


def test_an_unsampled_trace_or_none_records_nothing(finished):
    with telemetry.client_span("smtp send", carrier={"traceparent": f"00-{TRACE}-{PARENT}-00"}):
        pass
    with telemetry.client_span("smtp send", carrier={}):
        pass
    with telemetry.client_span("redis DEL"):  # no current span
        pass
    assert [s.name for s in finished.get_finished_spans()] == []


def test_inside_a_sampled_span_it_is_that_span_s_child_and_a_failure_marks_it(finished):
    tracer = trace.get_tracer(__name__)
    parent_context = extract({"traceparent": f"00-{TRACE}-{PARENT}-01"})
    with (
        tracer.start_as_current_span("handler", context=parent_context) as handler,
        pytest.raises(ConnectionError),
        telemetry.client_span("postgresql transaction"),
    ):
        raise ConnectionError("gone")
    span = next(s for s in finished.get_finished_spans() if s.name == "postgresql transaction")
    assert span.parent.span_id == handler.get_span_context().span_id
    assert span.status.status_code == trace.StatusCode.ERROR
    assert [e.name for e in span.events] == ["exception"]
