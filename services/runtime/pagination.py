"""Opaque page tokens (AIP-158): the position after the last item, bound to the query that made it, signed.

A token is ``<base64url JSON {"q": <query fingerprint>, "after": [...]}>.<base64url HMAC-SHA256 tag>``, the
tag made with the service's page-token key (:meth:`PageTokens.from_secret`: derived from its own client secret,
which every replica of the service shares). A token the server did not issue, or issued and a client then
edited, truncated or extended, fails the tag; one issued for another query (filter, order, owner) fails the
fingerprint: both are INVALID_ARGUMENT with reason ``INVALID_PAGE_TOKEN``, never a query built from what the
client wrote. The position inside a valid token is the server's own, so list queries can trust its types.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from services.runtime.errors import InvalidArgument

_TAG_BYTES = 16
# The key of a stack without service secrets (dev and test only; ServiceSettings refuses that elsewhere).
_DEV_SECRET = "shopmesh-dev-page-tokens"

T = TypeVar("T")


def fingerprint(*query: object) -> str:
    return hashlib.sha256(json.dumps(query, default=str).encode()).hexdigest()[:16]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _not_a_token() -> InvalidArgument:
    return InvalidArgument.field("page_token", "not a page token of this list", reason="INVALID_PAGE_TOKEN")


class PageTokens:
    """Issues and reads one service's page tokens."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    @classmethod
    def from_secret(cls, secret: str | None) -> PageTokens:
        """The tokens of a service whose client secret is ``secret`` (None: the development key)."""
        material = (secret or _DEV_SECRET).encode()
        return cls(hmac.new(material, b"shopmesh page tokens v1", hashlib.sha256).digest())

    def _tag(self, body: str) -> str:
        return _b64(hmac.new(self._key, body.encode(), hashlib.sha256).digest()[:_TAG_BYTES])

    def encode(self, query: str, after: Sequence[Any]) -> str:
        body = _b64(json.dumps({"q": query, "after": list(after)}, separators=(",", ":")).encode())
        return f"{body}.{self._tag(body)}"

    def decode(self, token: str, query: str) -> list[Any] | None:
        """The position a token points after, or None for an empty token (first page)."""
        if not token:
            return None
        body, dot, tag = token.partition(".")
        if not dot or not hmac.compare_digest(tag.encode(), self._tag(body).encode()):
            raise _not_a_token()
        try:
            decoded = json.loads(_unb64(body))
            after, issued_for = decoded["after"], decoded["q"]
        except (binascii.Error, ValueError, KeyError, TypeError):  # signed by us: only a key shared by mistake
            raise _not_a_token() from None
        if issued_for != query or not isinstance(after, list):
            raise InvalidArgument.field(
                "page_token",
                "the page token belongs to a different query; keep filter and order between pages",
                reason="INVALID_PAGE_TOKEN",
            )
        return after

    def cut(self, rows: Sequence[T], limit: int, query: str, position: Callable[[T], list[Any]]) -> tuple[list[T], str]:
        """The page and the next page's token from the ``limit + 1`` rows a page query fetched: the extra row only
        says there is more; the token points after the page's last row (``position`` of it), '' on the last
        page."""
        if len(rows) <= limit:
            return list(rows), ""
        return list(rows[:limit]), self.encode(query, position(rows[limit - 1]))


def page_size(requested: int, *, default: int, maximum: int) -> int:
    return default if requested <= 0 else min(requested, maximum)
