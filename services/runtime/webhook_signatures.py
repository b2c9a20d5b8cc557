"""Signed webhook bodies, both ways: carriers sign what they post to the shop, and the shop signs what it posts to
outside systems, in the same header::

    Shopmesh-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + body>

A header may carry several ``v1=`` values (a sender rotating its secret signs with both). The timestamp is part
of what is signed, so an old request replayed later is refused (more than ``TOLERANCE_SECONDS`` away from now);
a replay inside the window changes nothing where events are idempotent by id.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "shopmesh-signature"
TOLERANCE_SECONDS = 300


def sign(secret: str, body: bytes, timestamp: int) -> str:
    """The header value for ``body`` sent at ``timestamp``."""
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
