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

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter, SpanExporter
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased

EXPORTERS = ("none", "console", "zipkin", "otlp")


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
