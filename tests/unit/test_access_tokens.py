"""Access-token verification: what the runtime accepts as a caller, and what it refuses."""

from datetime import UTC, datetime, timedelta

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from services.identity.adapters.signing import TokenSigner
from services.runtime.errors import Unauthenticated, Unavailable
from services.runtime.tokens import TokenVerifier


def _signer() -> TokenSigner:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return TokenSigner(key, issuer="shopmesh-identity", audience="shopmesh")


SIGNER = _signer()
OTHER_SIGNER = _signer()


def _verifier(signer: TokenSigner = SIGNER, calls: list[int] | None = None) -> TokenVerifier:
    async def jwks():
        if calls is not None:
            calls.append(1)
        return signer.jwks()

    return TokenVerifier(jwks, issuer="shopmesh-identity", audience="shopmesh", refetch_interval=0)


def _token(signer: TokenSigner = SIGNER, *, role: str = "customer", lifetime: timedelta = timedelta(minutes=5)):
    now = datetime.now(UTC)
    return signer.access_token(user_id="u1", role=role, now=now, expire_time=now + lifetime)


async def test_a_token_signed_by_identity_names_the_caller_and_role():
    principal = await _verifier().verify(_token(role="admin"))
    assert (principal.user_id, principal.role, principal.is_admin) == ("u1", "admin", True)


async def test_keys_are_fetched_once_and_cached():
    calls: list[int] = []
    verifier = _verifier(calls=calls)
    for _ in range(3):
        await verifier.verify(_token())
    assert len(calls) == 1


async def test_an_expired_token_is_refused():
    with pytest.raises(Unauthenticated) as error:
        await _verifier().verify(_token(lifetime=timedelta(minutes=-5)))
    assert error.value.reason == "TOKEN_EXPIRED"


async def test_a_token_signed_by_another_key_is_refused():
    with pytest.raises(Unauthenticated) as error:
        await _verifier().verify(_token(OTHER_SIGNER))
    assert error.value.reason == "UNKNOWN_SIGNING_KEY"


async def test_a_tampered_token_is_refused():
    header, _payload, signature = _token().split(".")
    forged = jwt.utils.base64url_encode(
        b'{"sub":"u1","role":"admin","iss":"shopmesh-identity","aud":"shopmesh","exp":9999999999}'
    ).decode()
    with pytest.raises(Unauthenticated):
        await _verifier().verify(f"{header}.{forged}.{signature}")


async def test_an_unsigned_token_is_refused():
    unsigned = jwt.encode({"sub": "u1", "role": "admin"}, key=None, algorithm="none")
    with pytest.raises(Unauthenticated):
        await _verifier().verify(unsigned)


async def test_a_token_for_another_audience_is_refused():
    verifier = TokenVerifier(_verifier()._jwks, issuer="shopmesh-identity", audience="someone-else")
    with pytest.raises(Unauthenticated):
        await verifier.verify(_token())


async def test_identity_being_down_is_unavailable_not_unauthenticated():
    async def down():
        raise ConnectionError("identity is down")

    with pytest.raises(Unavailable):
        await TokenVerifier(down, issuer="shopmesh-identity", audience="shopmesh").verify(_token())


async def test_a_verified_token_is_remembered_until_it_expires_and_then_refused():
    now = [datetime.now(UTC).timestamp()]
    verifier = TokenVerifier(
        _verifier()._jwks, issuer="shopmesh-identity", audience="shopmesh", leeway_seconds=5, clock=lambda: now[0]
    )
    token = _token(lifetime=timedelta(minutes=5))
    first = await verifier.verify(token)
    verifier._keys = {}  # a second full check would now fail: only the remembered verdict can answer
    verifier._fetched_at = float("inf")
    assert await verifier.verify(token) == first
    now[0] += 5 * 60 + 6  # past expiry and leeway: the remembered verdict no longer counts
    with pytest.raises(Unauthenticated):
        await verifier.verify(token)


async def test_a_tampered_copy_of_a_remembered_token_is_still_refused():
    verifier = _verifier()
    token = _token()
    await verifier.verify(token)
    header, _payload, signature = token.split(".")
    forged = jwt.utils.base64url_encode(
        b'{"sub":"u1","role":"admin","iss":"shopmesh-identity","aud":"shopmesh","exp":9999999999}'
    ).decode()
    with pytest.raises(Unauthenticated):
        await verifier.verify(f"{header}.{forged}.{signature}")


async def test_the_token_memory_keeps_at_most_its_size():
    verifier = TokenVerifier(_verifier()._jwks, issuer="shopmesh-identity", audience="shopmesh", cache_size=2)
    for _ in range(3):
        await verifier.verify(_token())
    assert len(verifier._verified) == 2
