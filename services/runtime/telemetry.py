"""OpenTelemetry tracing: a tracer provider per process, W3C trace context across gRPC hops.

Traces are sampled at their root: ``sample_ratio`` of the requests that start a trace here are recorded, and
every hop after the root follows the root's decision (parent-based). Unsampled requests still carry their
trace id to every peer, event and log line; they just cost no span recording.
"""

from __future__ import annotations

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased


def configure(service: str, exporter: str, sample_ratio: float = 1.0) -> TracerProvider:
    """Installs the global tracer provider. ``exporter`` is "none" or "console"."""
    provider = TracerProvider(
        resource=Resource.create({"service.name": f"shopmesh-{service}"}),
        sampler=ParentBased(TraceIdRatioBased(sample_ratio)),
    )
    if exporter == "console":
        provider.add_span_processor(BatchSpanProcessor(ConsoleSpanExporter()))
    trace.set_tracer_provider(provider)
    return provider
