"""OpenTelemetry tracing: a tracer provider per process, W3C trace context across gRPC hops."""

from __future__ import annotations

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter


def configure(service: str, exporter: str) -> TracerProvider:
    """Installs the global tracer provider. ``exporter`` is "none" or "console"."""
    provider = TracerProvider(resource=Resource.create({"service.name": f"shopmesh-{service}"}))
    if exporter == "console":
        provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter()))
    trace.set_tracer_provider(provider)
    return provider
