"""The SERVER span of each incoming call: sampled exactly as the SDK's parent-based ratio sampler decides, with the
caller's trace id whatever the caller sent, although unrecorded spans are made without the SDK."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from opentelemetry import trace
from opentelemetry.propagate import extract
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased

from services.runtime import telemetry

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT = "00f067aa0ba902b7"
ATTRIBUTES = {"rpc.system": "grpc", "rpc.method": "/shop.catalog.v1.CatalogService/GetProduct"}


@pytest.fixture(autouse=True)
def provider() -> TracerProvider:
    if isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider):  # no SDK yet in this process
        telemetry.configure("unit-spans", "none")
    found = trace.get_tracer_provider()
    assert isinstance(found, TracerProvider)
    return found


def _reference(metadata: dict[str, str], ratio: float) -> trace.Span:
    """What the SDK alone makes of the same call: its own provider, the same sampler."""
    sdk = TracerProvider(sampler=ParentBased(TraceIdRatioBased(ratio)))
    return sdk.get_tracer("reference").start_span(
        "m", context=extract(metadata), kind=trace.SpanKind.SERVER, attributes=ATTRIBUTES
    )


def test_a_caller_s_unsampled_trace_continues_unrecorded_with_its_trace_id():
    span = telemetry.server_span("m", {"traceparent": f"00-{TRACE}-{PARENT}-00"}, ATTRIBUTES)
    context = span.get_span_context()
    assert not span.is_recording()
    assert format(context.trace_id, "032x") == TRACE
    assert context.is_valid
    assert format(context.span_id, "016x") != PARENT
    assert not context.trace_flags.sampled


def test_a_caller_s_sampled_trace_is_recorded_as_a_child_of_the_caller(provider):
    finished = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(finished))
    span = telemetry.server_span("m", {"traceparent": f"00-{TRACE}-{PARENT}-01"}, ATTRIBUTES)
    span.end()
    (recorded,) = [s for s in finished.get_finished_spans() if s.context.span_id == span.get_span_context().span_id]
    assert format(recorded.parent.span_id, "016x") == PARENT
    assert recorded.kind == trace.SpanKind.SERVER
    assert recorded.attributes["rpc.method"] == ATTRIBUTES["rpc.method"]


@pytest.mark.parametrize("ratio", [0.0, 0.1, 0.5, 1.0])
def test_roots_are_sampled_at_the_configured_ratio_by_their_trace_id(monkeypatch, ratio):
    monkeypatch.setattr(telemetry, "_root_bound", TraceIdRatioBased.get_bound_for_rate(ratio))
    spans = [telemetry.server_span("m", {}, ATTRIBUTES) for _ in range(2000)]
    for span in spans:
        span.end()
    recorded = [s for s in spans if s.is_recording() or s.get_span_context().trace_flags.sampled]
    # Each decision is the ratio sampler's for the span's own trace id: never a second draw.
    for span in spans:
        low_bits = span.get_span_context().trace_id & ((1 << 64) - 1)
        assert span.get_span_context().trace_flags.sampled == (low_bits < telemetry._root_bound)
    assert abs(len(recorded) / len(spans) - ratio) < 0.05


hexes = st.text(alphabet="0123456789abcdefABCDEF_-+ x", max_size=34)


@given(
    version=st.sampled_from(["00", "01", "ff", "0", "000"]),
    trace_id=st.one_of(st.just(TRACE), st.just("0" * 32), hexes),
    parent=st.one_of(st.just(PARENT), st.just("0" * 16), hexes),
    flags=st.sampled_from(["00", "01", "02", "03", "0", "zz", "04", "06"]),
    tracestate=st.one_of(st.none(), st.just("vendor=a"), st.just("")),
    tail=st.sampled_from(["", "-extra", " "]),
)
def test_whatever_the_caller_sends_the_span_agrees_with_the_sdk(version, trace_id, parent, flags, tracestate, tail):
    metadata = {"traceparent": f"{version}-{trace_id}-{parent}-{flags}{tail}"}
    if tracestate is not None:
        metadata["tracestate"] = tracestate
    ours = telemetry.server_span("m", metadata, ATTRIBUTES)
    reference = _reference(metadata, 1.0)
    ours.end()
    reference.end()
    assert ours.is_recording() == reference.is_recording()
    assert ours.get_span_context().trace_flags == reference.get_span_context().trace_flags
    if extract(metadata) and trace.get_current_span(extract(metadata)).get_span_context().is_valid:
        assert ours.get_span_context().trace_id == reference.get_span_context().trace_id
        assert ours.get_span_context().trace_state == reference.get_span_context().trace_state
