"""Identity and catalog started in-process on port 0 against the test stack's real PostgreSQL.

They use their own databases (``identity_it``, ``catalog_it``) so they never meet the e2e processes' data.
Catalog verifies tokens with identity's keys over real gRPC, as in production.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

import grpc
import pytest
from sqlalchemy import MetaData

from scripts.mesh import Profile
from services.catalog.bootstrap import DEFINITION as CATALOG
from services.identity.adapters.signing import write_private_key
from services.identity.bootstrap import DEFINITION as IDENTITY
from services.identity.settings import IdentitySettings
from services.runtime.channels import open_channel
from services.runtime.database import Database, create_database_if_missing
from services.runtime.server import ServiceDefinition, ServiceHost
from services.runtime.service_identity import ServiceTokens, derive_secret, read_credentials_key, write_credentials_key
from shop.catalog.v1 import catalog_service_pb2_grpc
from shop.identity.v1 import identity_service_pb2 as identity_pb
from shop.identity.v1 import identity_service_pb2_grpc
from shop.inventory.v1 import inventory_service_pb2_grpc

ADMIN_EMAIL = "it-admin@shopmesh.dev"
ADMIN_PASSWORD = "integration-admin-password"


@pytest.fixture(scope="session")
def signing_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("secrets") / "jwt.pem"
    write_private_key(path)
    return path


@pytest.fixture(scope="session")
def credentials_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The service-credentials key of the in-process services (every client secret is derived from it)."""
    path = tmp_path_factory.mktemp("secrets") / "service-credentials.key"
    write_credentials_key(path)
    return path


@pytest.fixture(scope="session")
async def identity_host(
    infrastructure: Profile, signing_key: Path, credentials_key: Path
) -> AsyncIterator[ServiceHost[IdentitySettings]]:
    settings = IdentitySettings(
        environment="test",
        grpc_port=0,
        database_url=infrastructure.database_url("identity_it"),
        jwt_private_key_file=signing_key,
        service_credentials_key_file=credentials_key,
        **infrastructure.kafka_settings("identity"),
        admin_email=ADMIN_EMAIL,
        admin_password=ADMIN_PASSWORD,
        health_probe_interval_seconds=0.3,
    )
    host = ServiceHost(IDENTITY, settings)
    await host.start()
    yield host
    await host.stop(0)


def service_tokens(identity_host: ServiceHost, credentials_key: Path, service: str) -> ServiceTokens:
    """``service``'s tokens from the in-process identity, as that service's runtime gets them."""
    key = read_credentials_key(credentials_key)
    assert key is not None
    secret = derive_secret(key, service)

    async def exchange() -> tuple[str, float]:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{identity_host.port}") as channel:
            issued = await identity_service_pb2_grpc.IdentityServiceStub(channel).IssueServiceToken(
                identity_pb.IssueServiceTokenRequest(service=service, secret=secret)
            )
        return issued.access_token, issued.expire_time.ToDatetime(tzinfo=UTC).timestamp()

    return ServiceTokens(exchange)


@asynccontextmanager
async def running_service(
    definition: ServiceDefinition,
    infrastructure: Profile,
    identity_host: ServiceHost,
    *,
    database: str,
    **settings: object,
) -> AsyncIterator[ServiceHost]:
    """A service on a free port against ``database``, verifying tokens with ``identity_host``, publishing to
    the test Kafka; ``settings`` override."""
    defaults: dict[str, object] = {"health_probe_interval_seconds": 0.3}
    config = definition.settings_type(
        environment="test",
        grpc_port=0,
        database_url=infrastructure.database_url(database),
        identity_target=f"127.0.0.1:{identity_host.port}",
        **{**defaults, **infrastructure.kafka_settings(definition.name), **settings},
    )
    host = ServiceHost(definition, config)
    await host.start()
    try:
        yield host
    finally:
        await host.stop(0)


def running_catalog(
    infrastructure: Profile,
    identity_host: ServiceHost,
    *,
    database: str = "catalog_it",
    definition: ServiceDefinition = CATALOG,
    **settings: object,
):  # type: ignore[no-untyped-def]
    return running_service(definition, infrastructure, identity_host, database=database, **settings)


@pytest.fixture(scope="session")
async def catalog_host(infrastructure: Profile, identity_host: ServiceHost) -> AsyncIterator[ServiceHost]:
    async with running_catalog(infrastructure, identity_host) as host:
        yield host


@pytest.fixture(scope="session")
async def identity_channel(identity_host: ServiceHost) -> AsyncIterator[grpc.aio.Channel]:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{identity_host.port}") as channel:
        yield channel


@pytest.fixture(scope="session")
async def catalog_channel(catalog_host: ServiceHost) -> AsyncIterator[grpc.aio.Channel]:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{catalog_host.port}") as channel:
        yield channel


@pytest.fixture(scope="session")
def identity(identity_channel: grpc.aio.Channel) -> identity_service_pb2_grpc.IdentityServiceStub:
    return identity_service_pb2_grpc.IdentityServiceStub(identity_channel)


@pytest.fixture(scope="session")
def catalog(catalog_channel: grpc.aio.Channel) -> catalog_service_pb2_grpc.CatalogServiceStub:
    return catalog_service_pb2_grpc.CatalogServiceStub(catalog_channel)


@dataclass
class Account:
    email: str
    password: str
    user_name: str
    access_token: str
    refresh_token: str

    @property
    def metadata(self) -> tuple[tuple[str, str], ...]:
        return (("authorization", f"Bearer {self.access_token}"),)


async def register_and_login(identity: identity_service_pb2_grpc.IdentityServiceStub) -> Account:
    email, password = f"shopper-{uuid.uuid4().hex[:12]}@example.com", "a good long password"
    registered = await identity.RegisterUser(
        identity_pb.RegisterUserRequest(email=email, password=password, display_name="Shopper")
    )
    session = await identity.Login(identity_pb.LoginRequest(email=email, password=password))
    return Account(email, password, registered.user.name, session.access_token, session.refresh_token)


@pytest.fixture
async def customer(identity: identity_service_pb2_grpc.IdentityServiceStub) -> Account:
    return await register_and_login(identity)


@pytest.fixture(scope="session")
async def admin(identity: identity_service_pb2_grpc.IdentityServiceStub) -> Account:
    session = await identity.Login(identity_pb.LoginRequest(email=ADMIN_EMAIL, password=ADMIN_PASSWORD))
    return Account(ADMIN_EMAIL, ADMIN_PASSWORD, session.user.name, session.access_token, session.refresh_token)


@pytest.fixture(scope="session")
async def inventory_host(infrastructure: Profile, identity_host: ServiceHost) -> AsyncIterator[ServiceHost]:
    from services.inventory.bootstrap import DEFINITION as INVENTORY

    async with running_service(
        INVENTORY, infrastructure, identity_host, database="inventory_it", expiry_sweep_interval_seconds=0.2
    ) as host:
        yield host


@pytest.fixture(scope="session")
async def inventory(
    inventory_host: ServiceHost, identity_host: ServiceHost, credentials_key: Path
) -> AsyncIterator[inventory_service_pb2_grpc.InventoryServiceStub]:
    """Inventory as orders calls it: its internal methods with orders' own service token."""
    tokens = service_tokens(identity_host, credentials_key, "orders")
    async with open_channel(f"127.0.0.1:{inventory_host.port}", service_tokens=tokens) as channel:
        yield inventory_service_pb2_grpc.InventoryServiceStub(channel)


@pytest.fixture(scope="session")
async def payments(infrastructure: Profile, identity_host: ServiceHost, credentials_key: Path):  # type: ignore[no-untyped-def]
    """Payments as orders calls it (every method is internal), with orders' service token."""
    from services.payments.bootstrap import DEFINITION as PAYMENTS
    from shop.payments.v1 import payments_service_pb2_grpc

    tokens = service_tokens(identity_host, credentials_key, "orders")
    async with (
        running_service(PAYMENTS, infrastructure, identity_host, database="payments_it") as host,
        open_channel(f"127.0.0.1:{host.port}", service_tokens=tokens) as channel,
    ):
        yield payments_service_pb2_grpc.PaymentsServiceStub(channel)


@pytest.fixture(scope="session")
async def cart(infrastructure: Profile, identity_host: ServiceHost, catalog_host: ServiceHost, credentials_key: Path):  # type: ignore[no-untyped-def]
    from services.cart.bootstrap import DEFINITION as CART
    from shop.cart.v1 import cart_service_pb2_grpc

    key = read_credentials_key(credentials_key)
    assert key is not None
    config = CART.settings_type(
        environment="test",
        grpc_port=0,
        service_secret=derive_secret(key, "cart"),  # it prices carts through the catalog's internal PriceItems
        identity_target=f"127.0.0.1:{identity_host.port}",
        catalog_target=f"127.0.0.1:{catalog_host.port}",
        redis_url=infrastructure.redis_url,
        redis_username="cart",
        redis_password=infrastructure.redis_password("cart"),
        health_probe_interval_seconds=0.3,
    )
    host = ServiceHost(CART, config)
    await host.start()
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{host.port}") as channel:
            yield cart_service_pb2_grpc.CartServiceStub(channel)
    finally:
        await host.stop(0)


@asynccontextmanager
async def database_with_tables(infrastructure: Profile, name: str, metadata: MetaData) -> AsyncIterator[Database]:
    """Database ``name`` with ``metadata``'s tables made anew (dropped first), for runtime tests of their own."""
    url = infrastructure.database_url(name)
    await create_database_if_missing(url)
    database = Database(url, pool_size=4)
    async with database.engine.begin() as connection:
        await connection.run_sync(metadata.drop_all)
        await connection.run_sync(metadata.create_all)
    try:
        yield database
    finally:
        await database.dispose()
