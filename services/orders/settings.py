"""Orders' configuration (``SHOPMESH_*`` environment variables)."""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from services.runtime.settings import ServiceSettings

SagaStep = Literal["", "placed", "reserved", "authorized", "stock_committed"]


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
    # Fault injection for drills and tests: the process dies right after this saga step. Refused in prod.
    crash_after_step: SagaStep = ""

    @model_validator(mode="after")
    def _no_crashes_in_prod(self) -> OrdersSettings:
        if self.environment == "prod" and self.crash_after_step:
            raise ValueError("SHOPMESH_CRASH_AFTER_STEP is for drills and tests, not prod")
        return self
