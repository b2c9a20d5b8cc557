"""Recommendations' configuration (``SHOPMESH_*`` environment variables)."""

from __future__ import annotations

from services.runtime.settings import ServiceSettings


class RecommendationsSettings(ServiceSettings):
    grpc_port: int = 50061
    # A failing event is retried this many times, then dead-lettered.
    event_max_attempts: int = 5
