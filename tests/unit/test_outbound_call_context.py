"""What an outbound call to another service carries: the caller's trace context, request id and deadline."""

import time

from opentelemetry import trace

from services.runtime import call_context, telemetry
from services.runtime.channels import ServiceChannel


class _Recording:
    """Stands in for grpc's channel: keeps what each call was given."""

    def __init__(self) -> None:
        self.calls: list[dict] = []

    def unary_unary(self, method: str, *args, **kwargs):
        def call(request, **options):
            self.calls.append({"method": method, "request": request, **options})
            return "call"

        return call


def test_a_call_carries_the_current_trace_the_request_id_and_the_remaining_deadline():
    if isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider):  # no SDK yet in this process
        telemetry.configure("unit-outbound", "none")
    inner = _Recording()
    method = ServiceChannel(inner, default_timeout=5.0).unary_unary("/shop.test.v1.Things/Get")  # type: ignore[arg-type]
    tokens = [
        (call_context.request_id, call_context.request_id.set("req-9")),
        (call_context.deadline, call_context.deadline.set(time.monotonic() + 2.0)),
    ]
    try:
        with trace.get_tracer(__name__).start_as_current_span("caller") as span:
            assert method("request", metadata=(("authorization", "Bearer t"),)) == "call"
            context = span.get_span_context()
    finally:
        for var, token in reversed(tokens):
            var.reset(token)
    (sent,) = inner.calls
    metadata = dict(sent["metadata"])
    assert metadata["authorization"] == "Bearer t"
    assert metadata["x-request-id"] == "req-9"
    assert metadata["traceparent"].split("-")[1:3] == [
        format(context.trace_id, "032x"),
        format(context.span_id, "016x"),
    ]
    assert 1.5 < sent["timeout"] <= 2.0  # the caller's remaining time, not the 5 s default


def test_without_a_caller_deadline_the_default_timeout_applies():
    inner = _Recording()
    ServiceChannel(inner, default_timeout=0.4).unary_unary("/shop.test.v1.Things/Get")("request")  # type: ignore[arg-type]
    assert inner.calls[0]["timeout"] == 0.4
