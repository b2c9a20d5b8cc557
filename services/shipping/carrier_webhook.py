"""A carrier's webhook call, in plain Python: its signature checked against the carrier's secret, its body read.

The carrier signs the raw body with the secret it shares with the shop, in one header (the format is the
contract; ``ShippingService.ReceiveCarrierEvent`` documents it)::

    Shopmesh-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + body>

A header may carry several ``v1=`` values (a carrier rotating its secret signs with both). The timestamp is
part of what is signed, so an old call replayed later is refused (more than ``TOLERANCE_SECONDS`` away from
now); a replay inside the window changes nothing, as events are idempotent by id.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.runtime.errors import FieldViolation, InvalidArgument
from services.shipping import domain

SIGNATURE_HEADER = "shopmesh-signature"
TOLERANCE_SECONDS = 300
MAX_BODY_BYTES = 16 * 1024


@dataclass(frozen=True)
class CarrierEvent:
    id: str
    tracking_number: str
    state: str
    time: datetime
    location: str
    description: str


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """The header value a carrier sends with ``body`` at ``timestamp`` (what the tests and ``make`` helpers use)."""
    return f"t={timestamp},v1={_mac(secret, body, timestamp)}"


def _mac(secret: str, body: bytes, timestamp: int) -> str:
    return hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()


def verify(secret: str, body: bytes, header: str, now: float) -> bool:
    """Whether ``header`` is a fresh signature of ``body`` by ``secret``. Malformed headers are simply not."""
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isdigit() and len(value) <= 12:
            timestamp = int(value)
        elif key == "v1":
            signatures.append(value)
    if timestamp is None or not signatures or abs(now - timestamp) > TOLERANCE_SECONDS:
        return False
    expected = _mac(secret, body, timestamp)
    return any(hmac.compare_digest(expected.encode(), s.encode()) for s in signatures)


_TEXT_LIMITS = {"id": (1, 128), "tracking_number": (1, 64), "location": (0, 200), "description": (0, 500)}


def parse(body: bytes) -> CarrierEvent:
    """The event in a carrier's JSON body; every problem is a field violation (``body.<field>``)."""
    if len(body) > MAX_BODY_BYTES:
        raise InvalidArgument.field("body", f"at most {MAX_BODY_BYTES} bytes")
    try:
        fields: Any = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise InvalidArgument.field("body", "not a JSON object") from None
    if not isinstance(fields, dict):
        raise InvalidArgument.field("body", "not a JSON object")
    problems: list[FieldViolation] = []
    text: dict[str, str] = {}
    for name, (shortest, longest) in _TEXT_LIMITS.items():
        value = fields.get(name, "")
        if not isinstance(value, str) or not shortest <= len(value) <= longest:
            need = "required, " if shortest else ""
            problems.append(FieldViolation(f"body.{name}", f"{need}a string of at most {longest} characters"))
        else:
            text[name] = value
    status = fields.get("status")
    if status not in domain.CARRIER_STATES:
        problems.append(FieldViolation("body.status", f"one of {', '.join(domain.CARRIER_STATES)}"))
    when = _time(fields.get("time"))
    if when is None:
        problems.append(FieldViolation("body.time", "required, an RFC 3339 time with its offset"))
    if problems:
        raise InvalidArgument(problems)
    assert when is not None
    return CarrierEvent(
        id=text["id"],
        tracking_number=text["tracking_number"],
        state=str(status),
        time=when,
        location=text["location"],
        description=text["description"],
    )


def _time(value: object) -> datetime | None:
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None
