"""The shared runtime as a caller meets it: request ids, errors nobody planned for, health that follows
the database. Exercised through a real catalog server on port 0."""

import logging
import uuid
from collections.abc import AsyncIterator

import asyncpg
import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from services.catalog.api import CatalogApi
from services.catalog.bootstrap import DEFINITION as CATALOG
from services.catalog.bootstrap import SERVICE_NAME
from services.catalog.currencies import CurrenciesService
from services.catalog.media import MediaService, UploadTokens
from services.catalog.promotions import PromotionsService
from services.catalog.service import CatalogService
from services.catalog.settings import CatalogSettings
from services.catalog.variants import VariantsService
from services.runtime import rpc_status
from services.runtime.server import Registration, ServiceDefinition, ServiceHost
from shop.catalog.v1 import catalog_service_pb2 as pb
from shop.catalog.v1 import catalog_service_pb2_grpc
from tests.eventually import eventually
from tests.integration.conftest import running_catalog
from tests.rich_errors import details_of

SERVING = health_pb2.HealthCheckResponse.SERVING
NOT_SERVING = health_pb2.HealthCheckResponse.NOT_SERVING


class _BrokenCatalogApi(CatalogApi):
    async def GetProduct(self, request, context):
        raise RuntimeError("secret detail: connection string postgres://x:y@z")


async def _compose_broken(settings, resources):
    catalog = CatalogService(resources.database, page_tokens=resources.page_tokens)
    currencies = CurrenciesService(resources.database, base="USD", sold=["USD"])
    api = _BrokenCatalogApi(
        catalog,
        PromotionsService(resources.database, catalog, currencies, page_tokens=resources.page_tokens),
        currencies,
        VariantsService(catalog),
        MediaService(resources.database, catalog, None, UploadTokens(None)),
    )
    return [Registration(SERVICE_NAME, lambda s: catalog_service_pb2_grpc.add_CatalogServiceServicer_to_server(api, s))]


@pytest.fixture
async def own_catalog(infrastructure, identity_host, request) -> AsyncIterator[tuple[ServiceHost, str]]:
    """A catalog server with a database of its own (so a test may take that database away)."""
    database = f"catalog_rt_{uuid.uuid4().hex[:8]}"
    definition = getattr(request, "param", CATALOG)
    async with running_catalog(
        infrastructure, identity_host, database=database, definition=definition, health_probe_interval_seconds=0.2
    ) as host:
        yield host, database


async def test_the_request_id_is_echoed_or_made_up(catalog_channel):
    stub = catalog_service_pb2_grpc.CatalogServiceStub(catalog_channel)
    call = stub.ListCategories(pb.ListCategoriesRequest(), metadata=(("x-request-id", "trace-me-42"),))
    await call
    assert ("x-request-id", "trace-me-42") in tuple(await call.trailing_metadata())
    call = stub.ListCategories(pb.ListCategoriesRequest())
    await call
    generated = dict(tuple(await call.trailing_metadata()))["x-request-id"]
    assert len(generated) == 32


@pytest.mark.parametrize(
    "own_catalog",
    [
        ServiceDefinition(
            name="catalog", settings_type=CatalogSettings, compose=_compose_broken, migrations=CATALOG.migrations
        )
    ],
    indirect=True,
)
async def test_an_unexpected_error_is_internal_with_a_generic_message_and_the_detail_only_in_the_log(
    own_catalog, caplog
):
    host, _ = own_catalog
    caplog.set_level(logging.ERROR, logger="shopmesh.rpc")
    async with grpc.aio.insecure_channel(f"127.0.0.1:{host.port}") as channel:
        with pytest.raises(grpc.aio.AioRpcError) as error:
            await catalog_service_pb2_grpc.CatalogServiceStub(channel).GetProduct(
                pb.GetProductRequest(name="products/x")
            )
    assert error.value.code() == grpc.StatusCode.INTERNAL
    assert error.value.details() == rpc_status.INTERNAL_MESSAGE
    assert "secret" not in str(details_of(error.value))
    assert any("secret detail" in (record.exc_text or "") for record in caplog.records)


async def _health(channel, service: str = SERVICE_NAME) -> int:
    response = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=service))
    return response.status


async def test_health_follows_the_database_liveness_does_not_and_calls_meanwhile_are_unavailable(
    own_catalog, infrastructure
):
    host, database = own_catalog
    admin = await asyncpg.connect(infrastructure.database_url("postgres").replace("+asyncpg", ""))
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{host.port}") as channel:
            stub = catalog_service_pb2_grpc.CatalogServiceStub(channel)
            assert await _health(channel) == SERVING
            await admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
            await admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", database)

            async def not_serving():
                return await _health(channel) == NOT_SERVING

            await eventually(not_serving)
            # Kubernetes' liveness probe asks "liveness": a database outage must not get the pod restarted.
            assert await _health(channel, "liveness") == SERVING
            with pytest.raises(grpc.aio.AioRpcError) as error:
                await stub.ListCategories(pb.ListCategoriesRequest())
            assert error.value.code() == grpc.StatusCode.UNAVAILABLE
            assert "RetryInfo" in details_of(error.value)

            await admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')

            async def serving():
                return await _health(channel) == SERVING

            await eventually(serving)
            await stub.ListCategories(pb.ListCategoriesRequest())
    finally:
        await admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
        await admin.close()


async def test_reflection_lists_the_service_health_and_reflection(catalog_channel):
    from grpc_reflection.v1alpha import reflection_pb2, reflection_pb2_grpc

    stub = reflection_pb2_grpc.ServerReflectionStub(catalog_channel)
    responses = stub.ServerReflectionInfo(iter([reflection_pb2.ServerReflectionRequest(list_services="")]))
    async for response in responses:
        names = {s.name for s in response.list_services_response.service}
        break
    assert names == {SERVICE_NAME, "grpc.health.v1.Health", "grpc.reflection.v1alpha.ServerReflection"}
