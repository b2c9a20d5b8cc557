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

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from opentelemetry import trace
from opentelemetry.propagate import extract
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased

EXPORTERS = ("none", "console", "zipkin", "otlp")
tracer = trace.get_tracer("shopmesh")


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
    )
    span_exporter = _exporter(exporter, endpoint)
    if span_exporter is not None:
        provider.add_span_processor(BatchSpanProcessor(span_exporter))
    trace.set_tracer_provider(provider)
    return provider


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
