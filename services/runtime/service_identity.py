"""Who a service is when it calls another: its client secret, traded at identity for a service token.

- Each service has a client secret (``SHOPMESH_SERVICE_SECRET``): the HMAC-SHA256 of its name under the
  mesh's service-credentials key, which only identity holds. ``derive_secret`` computes it (the stacks do it for
  every service; in Kubernetes an operator puts each one in that service's Secret, see helm/README.md).
- :class:`ServiceTokens` trades it at identity (``IssueServiceToken``) for a short-lived RS256 token, subject
  ``services/<name>`` and role ``service``, and keeps it until a minute before it expires.
- Channels present that token on every call to an ``ACCESS_INTERNAL`` method (see :mod:`.channels`); the
  callee's pipeline admits it only if the call graph (``services/internal_callers.json``, generated from the code
  like Istio's AuthorizationPolicies) lists the service as a caller of the method.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path

CALLERS_FILE = Path(__file__).resolve().parents[1] / "internal_callers.json"
REFRESH_BEFORE_SECONDS = 60.0

# (access token, seconds since the epoch when it expires)
TokenExchange = Callable[[], Awaitable[tuple[str, float]]]


def read_credentials_key(path: Path | None) -> bytes | None:
    """The service-credentials key from its file (hex text or raw bytes); None without a file."""
    if path is None:
        return None
    raw = path.read_bytes().strip()
    try:
        key = bytes.fromhex(raw.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        key = raw
    if len(key) < 32:
        raise ValueError(f"{path}: a service-credentials key needs at least 32 bytes")
    return key


def write_credentials_key(path: Path) -> None:
    """A new random key (hex), readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(secrets.token_hex(32) + "\n")
    path.chmod(0o600)


def derive_secret(credentials_key: bytes, service: str) -> str:
    """The client secret of ``service`` under the mesh's service-credentials key."""
    return hmac.new(credentials_key, f"shopmesh-service:{service}".encode(), hashlib.sha256).hexdigest()


def secret_matches(credentials_key: bytes, service: str, secret: str) -> bool:
    return hmac.compare_digest(derive_secret(credentials_key, service), secret)


def internal_callers(path: Path = CALLERS_FILE) -> Mapping[str, frozenset[str]]:
    """``/pkg.Service/Method`` of every ACCESS_INTERNAL method → the services whose code calls it."""
    return {method: frozenset(callers) for method, callers in json.loads(path.read_text()).items()}


class ServiceTokens:
    """This service's token for internal calls, fetched when first needed and again before it expires."""

    def __init__(self, exchange: TokenExchange, *, clock: Callable[[], float] = time.time) -> None:
        self._exchange = exchange
        self._clock = clock
        self._token = ""
        self._expires = 0.0
        self._lock = asyncio.Lock()

    def cached(self) -> str | None:
        """The token when it is good for another minute, without waiting."""
        if self._token and self._clock() < self._expires - REFRESH_BEFORE_SECONDS:
            return self._token
        return None

    async def token(self) -> str:
        cached = self.cached()
        if cached is not None:
            return cached
        async with self._lock:  # one exchange at a time; the others use its result
            cached = self.cached()
            if cached is None:
                self._token, self._expires = await self._exchange()
                cached = self._token
        return cached
