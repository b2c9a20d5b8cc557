"""Analytics' configuration (``SHOPMESH_*`` environment variables)."""

from __future__ import annotations

from services.runtime.settings import ServiceSettings


class AnalyticsSettings(ServiceSettings):
    grpc_port: int = 50062
