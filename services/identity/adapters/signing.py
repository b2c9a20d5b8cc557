"""The RSA key that signs access tokens, and its public half as a JSON Web Key Set."""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import uuid
from datetime import datetime
from pathlib import Path

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

log = logging.getLogger(__name__)


def _b64(number: int) -> str:
    raw = number.to_bytes((number.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class TokenSigner:
    def __init__(self, private_key: rsa.RSAPrivateKey, *, issuer: str, audience: str) -> None:
        self._key = private_key
        self._issuer = issuer
        self._audience = audience
        numbers = private_key.public_key().public_numbers()
        self._jwk = {"kty": "RSA", "n": _b64(numbers.n), "e": _b64(numbers.e)}
        # RFC 7638 thumbprint: the key id changes exactly when the key does.
        canonical = json.dumps({"e": self._jwk["e"], "kty": "RSA", "n": self._jwk["n"]}, separators=(",", ":"))
        self.kid = base64.urlsafe_b64encode(hashlib.sha256(canonical.encode()).digest()).decode().rstrip("=")

    @classmethod
    def from_file(cls, path: Path | None, *, issuer: str, audience: str) -> TokenSigner:
        if path is None:
            log.warning("no SHOPMESH_JWT_PRIVATE_KEY_FILE: signing with a key that lives only as long as this process")
            return cls(rsa.generate_private_key(public_exponent=65537, key_size=2048), issuer=issuer, audience=audience)
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, rsa.RSAPrivateKey):
            raise SystemExit(f"{path} is not an RSA private key")
        return cls(key, issuer=issuer, audience=audience)

    def jwks(self) -> list[dict[str, str]]:
        return [{**self._jwk, "kid": self.kid, "use": "sig", "alg": "RS256"}]

    def access_token(
        self, *, user_id: str, role: str, now: datetime, expire_time: datetime, email_verified: bool = False
    ) -> str:
        claims = {
            "iss": self._issuer,
            "aud": self._audience,
            "sub": user_id,
            "role": role,
            "email_verified": email_verified,
            "iat": int(now.timestamp()),
            "exp": int(expire_time.timestamp()),
            "jti": uuid.uuid4().hex,
        }
        return jwt.encode(claims, self._key, algorithm="RS256", headers={"kid": self.kid})


def write_private_key(path: Path) -> None:
    """Writes a new 2048-bit RSA key as unencrypted PKCS#8 PEM, readable by the owner only."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    path.chmod(0o600)
