"""Identity's configuration (``SHOPMESH_*`` environment variables)."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr, model_validator

from services.runtime.settings import ServiceSettings


class IdentitySettings(ServiceSettings):
    grpc_port: int = 50051
    # PEM file of the RSA private key that signs access tokens. Required outside dev; in dev a key is
    # generated for the life of the process when none is given.
    jwt_private_key_file: Path | None = None
    access_token_ttl_seconds: int = 900
    refresh_token_ttl_seconds: int = 30 * 24 * 3600
    # The mesh's service-credentials key (a file holding at least 32 random bytes, hex or raw): every
    # service's client secret is derived from it, and IssueServiceToken checks secrets against it. Required
    # outside dev; unset in dev, no service can get a token (internal calls are refused).
    service_credentials_key_file: Path | None = None
    # When both are set, this account exists as an admin after start-up (created or promoted).
    admin_email: str | None = None
    admin_password: SecretStr | None = None

    @model_validator(mode="after")
    def _secrets_given_outside_dev(self) -> IdentitySettings:
        if self.environment != "dev" and self.jwt_private_key_file is None:
            raise ValueError("SHOPMESH_JWT_PRIVATE_KEY_FILE is required outside dev")
        if self.environment != "dev" and self.service_credentials_key_file is None:
            raise ValueError("SHOPMESH_SERVICE_CREDENTIALS_KEY_FILE is required outside dev")
        return self
