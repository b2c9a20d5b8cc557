"""Shipping's configuration (``SHOPMESH_*`` environment variables)."""

from __future__ import annotations

from services.runtime.settings import ServiceSettings


class ShippingSettings(ServiceSettings):
    grpc_port: int = 50057
