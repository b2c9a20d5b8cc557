"""A carrier's webhook call, in plain Python: its body read (the signature is checked with
:mod:`services.runtime.webhook_signatures`, the format ``ShippingService.ReceiveCarrierEvent`` documents)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.runtime.errors import FieldViolation, InvalidArgument
from services.shipping import domain

MAX_BODY_BYTES = 16 * 1024


@dataclass(frozen=True)
class CarrierEvent:
    id: str
    tracking_number: str
    state: str
    time: datetime
    location: str
    description: str


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
