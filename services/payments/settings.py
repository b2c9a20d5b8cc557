"""Payments' configuration (``SHOPMESH_*`` environment variables)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from services.runtime.settings import ServiceSettings


class PaymentsSettings(ServiceSettings):
    grpc_port: int = 50056
    # Only the sandbox exists today; a real provider adapter plugs in beside it.
    payment_provider: Literal["sandbox"] = "sandbox"
    # The sandbox answers every call after this long: a slow provider, for drills (make chaos).
    sandbox_latency_ms: int = Field(default=0, ge=0, le=60_000)

    @model_validator(mode="after")
    def _no_sandbox_money_in_prod(self) -> PaymentsSettings:
        if self.environment == "prod" and self.payment_provider == "sandbox":
            raise ValueError("the sandbox payment provider takes no real money; configure a provider for prod")
        return self
