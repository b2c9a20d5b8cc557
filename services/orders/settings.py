"""Orders' configuration (``SHOPMESH_*`` environment variables)."""

from __future__ import annotations

from services.runtime.settings import ServiceSettings


class OrdersSettings(ServiceSettings):
    grpc_port: int = 50055
    cart_target: str = "127.0.0.1:50054"
    catalog_target: str = "127.0.0.1:50052"
    inventory_target: str = "127.0.0.1:50053"
    payments_target: str = "127.0.0.1:50056"
    shipping_target: str = "127.0.0.1:50057"
    # A checkout's stock hold lasts this long if the saga never finishes.
    reservation_ttl_seconds: int = 600
    # Recovery drives PENDING orders older than the grace to CONFIRMED or CANCELLED.
    recovery_interval_seconds: float = 2.0
    recovery_grace_seconds: float = 5.0
    # A delivered order's units may be returned for this many days after delivery.
    return_window_days: int = 30
