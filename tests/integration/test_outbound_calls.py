"""Calls to other services through the runtime's channels carry the caller's deadline and request id."""

import time

import grpc
import pytest

from services.runtime import call_context
from services.runtime.channels import open_channel
from shop.catalog.v1 import catalog_service_pb2 as pb
from shop.catalog.v1 import catalog_service_pb2_grpc
from tests.integration.conftest import running_catalog


@pytest.fixture
async def slow_catalog(infrastructure, identity_host):
    async with running_catalog(infrastructure, identity_host, fault_delay_ms=1500) as host:
        yield host


async def test_an_outbound_call_gives_up_when_the_incoming_deadline_does(slow_catalog):
    channel = open_channel(f"127.0.0.1:{slow_catalog.port}", default_timeout=10)
    token = call_context.deadline.set(time.monotonic() + 0.3)
    try:
        started = time.monotonic()
        with pytest.raises(grpc.aio.AioRpcError) as error:
            await catalog_service_pb2_grpc.CatalogServiceStub(channel).ListCategories(pb.ListCategoriesRequest())
        assert error.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
        assert time.monotonic() - started < 1.0
    finally:
        call_context.deadline.reset(token)
        await channel.close()


async def test_an_outbound_call_carries_the_incoming_request_id(catalog_host):
    channel = open_channel(f"127.0.0.1:{catalog_host.port}")
    token = call_context.request_id.set("req-from-upstream-7")
    try:
        call = catalog_service_pb2_grpc.CatalogServiceStub(channel).ListCategories(pb.ListCategoriesRequest())
        await call
        assert ("x-request-id", "req-from-upstream-7") in tuple(await call.trailing_metadata())
    finally:
        call_context.request_id.reset(token)
        await channel.close()


async def test_without_any_deadline_a_default_one_applies(slow_catalog):
    channel = open_channel(f"127.0.0.1:{slow_catalog.port}", default_timeout=0.4)
    try:
        with pytest.raises(grpc.aio.AioRpcError) as error:
            await catalog_service_pb2_grpc.CatalogServiceStub(channel).ListCategories(pb.ListCategoriesRequest())
        assert error.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED
    finally:
        await channel.close()
