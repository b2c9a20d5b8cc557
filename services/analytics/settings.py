"""Analytics' configuration (``SHOPMESH_*`` environment variables)."""

from __future__ import annotations

from services.runtime.settings import ServiceSettings


class AnalyticsSettings(ServiceSettings):
    grpc_port: int = 50062
    # A failing event is retried this many times, then dead-lettered.
    event_max_attempts: int = 5
