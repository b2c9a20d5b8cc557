"""OpenTelemetry tracing: a tracer provider per process, W3C trace context across gRPC hops and events.

Traces are sampled at their root: ``sample_ratio`` of the requests that start a trace here are recorded, and
every hop after the root follows the root's decision (parent-based). A request through the gateway arrives
with Envoy's decision already made (Envoy is the root there). Unsampled requests still carry their trace id to
every peer, event and log line; they just cost no span recording.

Where spans go (``exporter``): ``none``; ``console`` (stdout); ``zipkin`` (Zipkin's v2 JSON API, e.g. the dev
stack's Zipkin at ``http://127.0.0.1:9411/api/v2/spans``); ``otlp`` (OTLP over HTTP, e.g. an OpenTelemetry
Collector at ``http://collector:4318/v1/traces``). Spans leave in batches from a background thread.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from opentelemetry import trace
from opentelemetry.propagate import extract
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from opentelemetry.sdk.trace.id_generator import RandomIdGenerator
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased

EXPORTERS = ("none", "console", "zipkin", "otlp")
tracer = trace.get_tracer("shopmesh")


class _DrawnTraceIds(RandomIdGenerator):
    """Random ids, except the trace id of a root that :func:`server_span` drew just before (to decide its
    sampling as the SDK's ratio sampler will) and hands the SDK for the span it makes of it."""

    def __init__(self) -> None:
        self.drawn: int | None = None

    def generate_trace_id(self) -> int:
        drawn, self.drawn = self.drawn, None
        return drawn if drawn is not None else super().generate_trace_id()


_ids = _DrawnTraceIds()
# Set by configure(): a root trace is sampled when its trace id's low 64 bits are below it (TraceIdRatioBased).
_root_bound: int | None = None
_LOW_64_BITS = (1 << 64) - 1


def _exporter(kind: str, endpoint: str | None) -> SpanExporter | None:
    if kind == "console":
        return ConsoleSpanExporter()
    if kind == "zipkin":
        from opentelemetry.exporter.zipkin.json import ZipkinExporter

        return ZipkinExporter(endpoint=endpoint) if endpoint else ZipkinExporter()
    if kind == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter(endpoint=endpoint) if endpoint else OTLPSpanExporter()
    return None


def configure(service: str, exporter: str, sample_ratio: float = 1.0, endpoint: str | None = None) -> TracerProvider:
    """Installs the global tracer provider; ``exporter`` is one of :data:`EXPORTERS`."""
    provider = TracerProvider(
        resource=Resource.create({"service.name": f"shopmesh-{service}"}),
        sampler=ParentBased(TraceIdRatioBased(sample_ratio)),
        id_generator=_ids,
    )
    span_exporter = _exporter(exporter, endpoint)
    if span_exporter is not None:
        provider.add_span_processor(BatchSpanProcessor(span_exporter))
    trace.set_tracer_provider(provider)
    global _root_bound
    _root_bound = TraceIdRatioBased.get_bound_for_rate(sample_ratio)
    return provider


def server_span(name: str, metadata: Mapping[str, str], attributes: Mapping[str, Any]) -> trace.Span:
    """The SERVER span of an incoming call, continuing the caller's trace context found in ``metadata``.

    Sampling is decided as the SDK's parent-based ratio sampler decides it, but a span that will not be recorded
    is made directly (a trace id, the caller's or a new one, and a span id of its own), at a fraction of what the
    SDK spends on it; recorded spans are the SDK's. Before :func:`configure` (in-process tests) the SDK does all."""
    header = metadata.get("traceparent")
    bound = _root_bound
    if bound is None:
        parent = extract(metadata) if header is not None else None
        return tracer.start_span(name, context=parent, kind=trace.SpanKind.SERVER, attributes=attributes)
    if header is None:  # this call starts the trace
        trace_id = random.getrandbits(128) or 1
        if trace_id & _LOW_64_BITS >= bound:
            return _unrecorded(trace_id, _RANDOM_ID)
        _ids.drawn = trace_id
        try:
            return tracer.start_span(name, kind=trace.SpanKind.SERVER, attributes=attributes)
        finally:
            _ids.drawn = None  # taken by now, unless the SDK is disabled: never lent to another root
    if "tracestate" not in metadata:
        found = _unsampled_traceparent(header)
        if found is not None:
            return _unrecorded(*found)
    parent = extract(metadata)
    caller = trace.get_current_span(parent).get_span_context()
    if caller.is_valid and not caller.trace_flags.sampled:
        flags = _RANDOM_ID if caller.trace_flags.random_trace_id else _NO_FLAGS
        return _unrecorded(caller.trace_id, flags, caller.trace_state)
    return tracer.start_span(name, context=parent, kind=trace.SpanKind.SERVER, attributes=attributes)


_NO_FLAGS = trace.TraceFlags(trace.TraceFlags.DEFAULT)
_RANDOM_ID = trace.TraceFlags(trace.TraceFlags.RANDOM_TRACE_ID)  # W3C level 2: the trace id is random


def _unrecorded(trace_id: int, flags: trace.TraceFlags, state: trace.TraceState | None = None) -> trace.Span:
    """The span the SDK makes when it does not sample: the trace id and flags, a span id of its own."""
    return trace.NonRecordingSpan(trace.SpanContext(trace_id, random.getrandbits(64) or 1, False, flags, state))


_HEX = frozenset("0123456789abcdef")
_UNSAMPLED_FLAGS = {"00": _NO_FLAGS, "02": _RANDOM_ID}


def _unsampled_traceparent(header: str) -> tuple[int, trace.TraceFlags] | None:
    """The trace id and flags of a version-00 ``traceparent`` of a trace that is not sampled, written as our
    peers write it (``00-<32 hex>-<16 hex>-00`` or ``-02``); None for anything else, which the propagator then
    reads in full."""
    flags = _UNSAMPLED_FLAGS.get(header[53:])
    if flags is None or len(header) != 55 or not header.startswith("00-") or header[35] != "-" or header[52] != "-":
        return None
    trace_hex, span_hex = header[3:35], header[36:52]
    if not (_HEX.issuperset(trace_hex) and _HEX.issuperset(span_hex)):
        return None
    trace_id = int(trace_hex, 16)
    return (trace_id, flags) if trace_id and int(span_hex, 16) else None


@contextmanager
def client_span(
    name: str,
    *,
    carrier: Mapping[str, str] | None = None,
    kind: trace.SpanKind = trace.SpanKind.CLIENT,
    **attributes: Any,
) -> Iterator[None]:
    """A span around one call to a backing service (a PostgreSQL transaction, Redis, SMTP, a Kafka send).

    It is a child of the current span, or of the trace context in ``carrier`` (headers saved with an event or a
    mail) when given; it is recorded only when that trace is, so an unsampled request pays one check. Not made
    current: nothing nests under it. An exception marks it failed and goes on."""
    parent = extract(carrier) if carrier is not None else None
    if not trace.get_current_span(parent).get_span_context().trace_flags.sampled:
        yield
        return
    span = tracer.start_span(name, context=parent, kind=kind, attributes=attributes)
    try:
        yield
    except BaseException as error:
        span.record_exception(error)
        span.set_status(trace.StatusCode.ERROR, type(error).__name__)
        raise
    finally:
        span.end()
