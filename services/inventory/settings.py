"""Inventory's configuration (``SHOPMESH_*`` environment variables)."""

from __future__ import annotations

from services.runtime.settings import ServiceSettings


class InventorySettings(ServiceSettings):
    grpc_port: int = 50053
    # Only the demo seeding reads the catalog.
    catalog_target: str = "127.0.0.1:50052"
    # How long an uncommitted reservation holds stock when the caller does not say.
    default_reservation_ttl_seconds: int = 900
    # How often expired reservations are looked for.
    expiry_sweep_interval_seconds: float = 1.0
