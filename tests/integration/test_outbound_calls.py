"""Calls to other services through the runtime's channels carry the caller's deadline and request id."""

import json
import logging
import time

import grpc
import pytest

from services.catalog.bootstrap import DEFINITION as CATALOG
from services.runtime import call_context
from services.runtime.channels import open_channel
from services.runtime.jsonlog import JsonFormatter
from shop.catalog.v1 import catalog_service_pb2 as pb
from shop.catalog.v1 import catalog_service_pb2_grpc
from tests.fault_injection import slowed
from tests.integration.conftest import running_catalog


@pytest.fixture
async def slow_catalog(infrastructure, identity_host):
    async with running_catalog(infrastructure, identity_host, definition=slowed(CATALOG, 1.5)) as host:
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


async def test_an_outbound_call_carries_the_incoming_request_id(catalog_host, caplog):
    channel = open_channel(f"127.0.0.1:{catalog_host.port}")
    token = call_context.request_id.set("req-from-upstream-7")
    try:
        caplog.handler.setFormatter(JsonFormatter("catalog"))  # formats as the record is written, in the call
        with caplog.at_level(logging.INFO, logger="shopmesh.rpc"):
            await catalog_service_pb2_grpc.CatalogServiceStub(channel).ListCategories(pb.ListCategoriesRequest())
        # The callee's own log line of the call: it saw the caller's request id.
        lines = [json.loads(line) for line in caplog.text.splitlines()]
        seen = [line.get("request_id") for line in lines if line.get("rpc_method", "").endswith("/ListCategories")]
        assert seen == ["req-from-upstream-7"]
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
