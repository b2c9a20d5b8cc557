"""Opaque page tokens (AIP-158): the position after the last item, bound to the query that made it.

A token is base64url JSON ``{"q": <query fingerprint>, "after": [...]}``. Reusing it with another
filter or order is INVALID_ARGUMENT, as is a token that was not made here.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from services.runtime.errors import InvalidArgument


def fingerprint(*query: object) -> str:
    return hashlib.sha256(json.dumps(query, default=str).encode()).hexdigest()[:16]


def encode(query: str, after: Sequence[Any]) -> str:
    raw = json.dumps({"q": query, "after": list(after)}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(token: str, query: str) -> list[Any] | None:
    """The position a token points after, or None for an empty token (first page)."""
    if not token:
        return None
    try:
        body = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        after = body["after"]
        matches = body["q"] == query
    except (binascii.Error, ValueError, KeyError, TypeError):
        raise InvalidArgument.field(
            "page_token", "not a page token of this list", reason="INVALID_PAGE_TOKEN"
        ) from None
    if not matches or not isinstance(after, list):
        raise InvalidArgument.field(
            "page_token",
            "the page token belongs to a different query; keep filter and order between pages",
            reason="INVALID_PAGE_TOKEN",
        )
    return after


T = TypeVar("T")


def cut(rows: Sequence[T], limit: int, query: str, position: Callable[[T], list[Any]]) -> tuple[list[T], str]:
    """The page and the next page's token from the ``limit + 1`` rows a page query fetched: the extra row only
    says there is more; the token points after the page's last row (``position`` of it), '' on the last page."""
    if len(rows) <= limit:
        return list(rows), ""
    return list(rows[:limit]), encode(query, position(rows[limit - 1]))


def page_size(requested: int, *, default: int, maximum: int) -> int:
    return default if requested <= 0 else min(requested, maximum)
