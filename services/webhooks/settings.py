"""Webhooks' configuration (``SHOPMESH_*`` environment variables)."""

from __future__ import annotations

from pydantic import Field, model_validator

from services.runtime.settings import ServiceSettings


class WebhooksSettings(ServiceSettings):
    grpc_port: int = 50063
    # A delivery is tried this many times, then dead-lettered (its order's later events go on).
    webhook_max_attempts: int = Field(default=8, ge=1, le=50)
    # Backoff between attempts: base * 2^(attempts - 1), at most the cap.
    webhook_backoff_seconds: float = Field(default=2.0, gt=0)
    webhook_max_backoff_seconds: float = Field(default=600.0, gt=0)
    # The circuit breaker: this many failures in a row pause an endpoint for the pause, then one delivery probes.
    webhook_failure_threshold: int = Field(default=5, ge=1)
    webhook_pause_seconds: float = Field(default=60.0, gt=0)
    # How long a receiver has to answer.
    webhook_timeout_seconds: float = Field(default=5.0, gt=0)
    # How often due deliveries are looked for besides when this process's consumer takes an event (then at once).
    webhook_poll_interval_seconds: float = Field(default=2.0, gt=0)
    # How far the clocks of the services writing events and of this one may disagree: an event is judged by the
    # subscribed types read this long after its creation (services/webhooks/subscriptions.py).
    webhook_clock_skew_seconds: float = Field(default=0.02, ge=0, le=5)
    # Plain-http URLs and private or loopback addresses (local receivers): local stacks only. Refused in prod.
    webhook_allow_local_urls: bool = False

    @model_validator(mode="after")
    def _no_local_urls_in_prod(self) -> WebhooksSettings:
        if self.environment == "prod" and self.webhook_allow_local_urls:
            raise ValueError("SHOPMESH_WEBHOOK_ALLOW_LOCAL_URLS is for local stacks, not prod")
        return self
