"""Shipping's configuration (``SHOPMESH_*`` environment variables)."""

from __future__ import annotations

from pydantic import SecretStr

from services.runtime.settings import ServiceSettings


class ShippingSettings(ServiceSettings):
    grpc_port: int = 50057
    # Each carrier's webhook secret, by its webhook name: SHOPMESH_CARRIER_WEBHOOK_SECRETS='{"ups": "..."}'.
    # A carrier without one cannot report anything (its calls are UNAUTHENTICATED).
    carrier_webhook_secrets: dict[str, SecretStr] = {}
