"""Access tokens: who is calling, verified against identity's published keys (JWKS).

Identity signs RS256 JWTs with ``sub`` (user id, or ``services/<name>`` for a service), ``role`` (customer,
admin, service), ``email_verified``, ``iss``, ``aud``, ``exp``; every service
(and the gateway) verifies them with the keys identity's ``GetJwks`` returns. Keys are cached and
fetched again when a token names a key id we have not seen (key rotation), at most once per
``refetch_interval`` seconds.

A verified token is remembered until it expires (``cache_size`` tokens at most, oldest dropped first): a
shopper's token is presented to several services per checkout, and an RS256 check costs more than the rest
of a small RPC. The token is the key, byte for byte, so a changed token is verified in full.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jwt

from services.runtime.errors import Unauthenticated, Unavailable

ROLE_CUSTOMER = "customer"
ROLE_ADMIN = "admin"
# A ShopMesh service calling another (subject ``services/<name>``; see .service_identity).
ROLE_SERVICE = "service"
SERVICE_SUBJECT_PREFIX = "services/"

JwksSource = Callable[[], Awaitable[Sequence[Mapping[str, str]]]]


@dataclass(frozen=True)
class Principal:
    """The verified caller of an RPC."""

    user_id: str
    role: str
    # The ``email_verified`` claim: the user confirmed their email address when the token was issued.
    email_verified: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role == ROLE_ADMIN

    @property
    def service(self) -> str | None:
        """The calling service's name when the caller is a service, else None."""
        if self.role == ROLE_SERVICE and self.user_id.startswith(SERVICE_SUBJECT_PREFIX):
            return self.user_id.removeprefix(SERVICE_SUBJECT_PREFIX)
        return None


class TokenVerifier:
    def __init__(
        self,
        jwks: JwksSource,
        *,
        issuer: str,
        audience: str,
        refetch_interval: float = 30.0,
        leeway_seconds: float = 5.0,
        cache_size: int = 10_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._jwks = jwks
        self._issuer = issuer
        self._audience = audience
        self._refetch_interval = refetch_interval
        self._leeway = leeway_seconds
        self._keys: dict[str, Any] = {}
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()
        self._cache_size = cache_size
        self._clock = clock
        # token → (the caller, the moment, in seconds since the epoch, after which the token is refused)
        self._verified: dict[str, tuple[Principal, float]] = {}

    async def _key(self, kid: str) -> Any:
        if kid in self._keys:
            return self._keys[kid]
        async with self._lock:
            if kid not in self._keys and time.monotonic() - self._fetched_at >= self._refetch_interval:
                try:
                    keys = await self._jwks()
                except Exception as error:  # the key source is another service: report it as down
                    raise Unavailable("cannot fetch the token signing keys", retry_after_seconds=1) from error
                self._keys = {k["kid"]: jwt.PyJWK(dict(k)).key for k in keys}
                self._fetched_at = time.monotonic()
        if kid not in self._keys:
            raise Unauthenticated("access token signed by an unknown key", reason="UNKNOWN_SIGNING_KEY")
        return self._keys[kid]

    async def verify(self, token: str) -> Principal:
        known = self._verified.get(token)
        if known is not None:
            if self._clock() < known[1]:
                return known[0]
            del self._verified[token]
        principal, refused_after = await self._verify_signature(token)
        if self._cache_size > 0:
            if len(self._verified) >= self._cache_size:
                del self._verified[next(iter(self._verified))]
            self._verified[token] = (principal, refused_after)
        return principal

    async def _verify_signature(self, token: str) -> tuple[Principal, float]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise Unauthenticated("malformed access token", reason="INVALID_TOKEN") from None
        if header.get("alg") != "RS256" or not isinstance(header.get("kid"), str):
            raise Unauthenticated("access token must be RS256 with a key id", reason="INVALID_TOKEN")
        key = await self._key(header["kid"])
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=["RS256"],
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": ["exp", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise Unauthenticated("access token expired", reason="TOKEN_EXPIRED") from None
        except jwt.PyJWTError:
            raise Unauthenticated("invalid access token", reason="INVALID_TOKEN") from None
        role = claims.get("role")
        if role not in (ROLE_CUSTOMER, ROLE_ADMIN, ROLE_SERVICE):
            raise Unauthenticated("access token has no valid role", reason="INVALID_TOKEN")
        principal = Principal(
            user_id=str(claims["sub"]), role=role, email_verified=claims.get("email_verified") is True
        )
        return principal, float(claims["exp"]) + self._leeway
