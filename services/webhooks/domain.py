"""Webhooks' domain, in plain Python: which events an endpoint may want, which URLs it may have, what a delivery
body is, when a failed delivery is tried again, and when an endpoint's circuit opens."""

from __future__ import annotations

import ipaddress
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from services.runtime.errors import FieldViolation

# What an endpoint may ask for: the events about orders (all keyed by the order, so delivered in its order).
EVENT_TYPES = (
    "shop.orders.v1.OrderPlaced",
    "shop.orders.v1.OrderConfirmed",
    "shop.orders.v1.OrderCancelled",
    "shop.orders.v1.OrderShipped",
    "shop.orders.v1.OrderDelivered",
    "shop.orders.v1.OrderRefunded",
    "shop.orders.v1.OrderPartiallyRefunded",
    "shop.orders.v1.ReturnRequested",
    "shop.orders.v1.ReturnApproved",
    "shop.orders.v1.ReturnRejected",
    "shop.orders.v1.ReturnRefunded",
    "shop.payments.v1.PaymentAuthorized",
    "shop.payments.v1.PaymentFailed",
    "shop.payments.v1.PaymentCaptured",
    "shop.payments.v1.PaymentVoided",
    "shop.payments.v1.PaymentRefunded",
    "shop.shipping.v1.ShipmentStateChanged",
)

PENDING = "pending"
DELIVERED = "delivered"
DEAD = "dead"


@dataclass(frozen=True)
class Endpoint:
    id: str
    url: str
    event_types: tuple[str, ...]
    secret: str
    consecutive_failures: int
    paused_until: datetime | None
    create_time: datetime

    @property
    def name(self) -> str:
        return f"webhookEndpoints/{self.id}"

    def paused(self, now: datetime) -> bool:
        return self.paused_until is not None and self.paused_until > now


@dataclass(frozen=True)
class Delivery:
    id: int
    endpoint_id: str
    event_id: str
    event_type: str
    subject: str
    state: str
    attempts: int
    last_status_code: int
    last_error: str
    create_time: datetime
    next_attempt_time: datetime
    deliver_time: datetime | None

    @property
    def name(self) -> str:
        return f"webhookEndpoints/{self.endpoint_id}/deliveries/{self.id}"


def new_secret() -> str:
    return "whsec_" + secrets.token_hex(24)


def check_endpoint(url: str, event_types: list[str], *, allow_local: bool) -> list[FieldViolation]:
    """What is wrong with an endpoint to register: an https URL to a public host (http and private or loopback
    addresses only where ``allow_local``), and event types that exist."""
    problems = []
    try:
        parts = urlsplit(url)
        host, _ = parts.hostname, parts.port
    except ValueError:  # a malformed IPv6 literal, a port out of range
        return [FieldViolation("webhook_endpoint.url", "is not a URL")]
    if parts.scheme not in ({"https", "http"} if allow_local else {"https"}):
        problems.append(FieldViolation("webhook_endpoint.url", "must be an https URL"))
    elif not host:
        problems.append(FieldViolation("webhook_endpoint.url", "must name a host"))
    elif not allow_local and _local_host(host):
        problems.append(FieldViolation("webhook_endpoint.url", "must not point at a private or loopback address"))
    elif parts.username or parts.password:
        problems.append(
            FieldViolation("webhook_endpoint.url", "must not carry credentials: receivers check the signature")
        )
    unknown = sorted(set(event_types) - set(EVENT_TYPES))
    if unknown:
        problems.append(
            FieldViolation(
                "webhook_endpoint.event_types", f"unknown: {', '.join(unknown)} (see GET /v1/webhookEventTypes)"
            )
        )
    return problems


def _local_host(host: str) -> bool:
    if host.lower() in {"localhost", "localhost.localdomain"} or host.lower().endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False  # a name: resolved by whoever sends; the deployment's egress policy is the backstop
    return not address.is_global


def body(event_id: str, event_type: str, time: str, subject: str, data: dict[str, Any]) -> bytes:
    """What a receiver gets: the event's id, type, time and order, and the event itself as proto3 JSON."""
    return json.dumps(
        {"id": event_id, "type": event_type, "time": time, "subject": subject, "data": data}, separators=(",", ":")
    ).encode()


def next_attempt(attempts: int, now: datetime, *, base: float, cap: float) -> datetime:
    """When a delivery that failed ``attempts`` times is tried again: exponential backoff, capped."""
    return now + timedelta(seconds=min(cap, base * 2 ** max(attempts - 1, 0)))


def pause_until(consecutive_failures: int, now: datetime, *, threshold: int, pause: float) -> datetime | None:
    """The circuit breaker: an endpoint that failed ``threshold`` times in a row rests for ``pause`` seconds;
    after it, one delivery probes, and a failure pauses it again at once (the count stays over the threshold)."""
    return now + timedelta(seconds=pause) if consecutive_failures >= threshold else None
