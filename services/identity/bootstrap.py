"""Identity's composition root: adapters from settings, the service, the servicer."""

from __future__ import annotations

import getpass
import os
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from services.identity.adapters.passwords import Argon2Passwords
from services.identity.adapters.signing import TokenSigner, write_private_key
from services.identity.address_book import AddressBook
from services.identity.api import IdentityApi
from services.identity.service import IdentityService
from services.identity.settings import IdentitySettings
from services.runtime.database import Database
from services.runtime.server import Registration, Resources, ServiceDefinition
from services.runtime.service_identity import derive_secret, read_credentials_key
from shop.identity.v1 import identity_service_pb2, identity_service_pb2_grpc

SERVICE_NAME = identity_service_pb2.DESCRIPTOR.services_by_name["IdentityService"].full_name


def _signer(settings: IdentitySettings) -> TokenSigner:
    return TokenSigner.from_file(
        settings.jwt_private_key_file, issuer=settings.jwt_issuer, audience=settings.jwt_audience
    )


def build_service(settings: IdentitySettings, database: Database, signer: TokenSigner) -> IdentityService:
    return IdentityService(
        database,
        Argon2Passwords(),
        signer,
        access_ttl=timedelta(seconds=settings.access_token_ttl_seconds),
        refresh_ttl=timedelta(seconds=settings.refresh_token_ttl_seconds),
        service_credentials_key=read_credentials_key(settings.service_credentials_key_file),
    )


def _definition() -> ServiceDefinition[IdentitySettings]:
    async def compose(settings: IdentitySettings, resources: Resources) -> Sequence[Registration]:
        assert resources.database is not None
        signer = _signer(settings)
        identity = build_service(settings, resources.database, signer)
        if settings.admin_email and settings.admin_password:
            await identity.ensure_admin(email=settings.admin_email, password=settings.admin_password.get_secret_value())

        async def own_keys() -> list[dict[str, str]]:
            return signer.jwks()

        resources.jwks = own_keys  # identity verifies the tokens it signs with its own key
        api = IdentityApi(identity, AddressBook(resources.database))
        return [
            Registration(
                SERVICE_NAME,
                lambda server: identity_service_pb2_grpc.add_IdentityServiceServicer_to_server(api, server),
            )
        ]

    async def create_admin(settings: IdentitySettings, args: list[str]) -> int:
        """``create-admin EMAIL``: password from SHOPMESH_ADMIN_PASSWORD or a prompt."""
        if len(args) != 1:
            print("usage: python -m services.identity create-admin EMAIL")
            return 2
        password = os.environ.get("SHOPMESH_ADMIN_PASSWORD") or getpass.getpass("password: ")
        assert settings.database_url is not None
        database = Database(settings.database_url, pool_size=1)
        try:
            user = await build_service(settings, database, _signer(settings)).ensure_admin(
                email=args[0], password=password
            )
        finally:
            await database.dispose()
        print(f"{user.name} <{user.email}> is an admin")
        return 0

    async def generate_key(settings: IdentitySettings, args: list[str]) -> int:
        """``generate-key PATH``: writes a new RSA signing key (PEM) unless one is there."""
        if len(args) != 1:
            print("usage: python -m services.identity generate-key PATH")
            return 2
        path = Path(args[0])
        if not path.exists():  # noqa: ASYNC240 - a one-off command, nothing else runs on its loop
            write_private_key(path)
        return 0

    async def service_secret(settings: IdentitySettings, args: list[str]) -> int:
        """``service-secret NAME``: prints service NAME's client secret, derived from the credentials key (what
        goes into that service's SHOPMESH_SERVICE_SECRET)."""
        key = read_credentials_key(settings.service_credentials_key_file)
        if len(args) != 1 or key is None:
            print("usage: SHOPMESH_SERVICE_CREDENTIALS_KEY_FILE=... python -m services.identity service-secret NAME")
            return 2
        print(derive_secret(key, args[0]))
        return 0

    return ServiceDefinition(
        name="identity",
        settings_type=IdentitySettings,
        compose=compose,
        migrations=Path(__file__).parent / "migrations",
        publishes_events=True,
        commands={"create-admin": create_admin, "generate-key": generate_key, "service-secret": service_secret},
    )


DEFINITION = _definition()
