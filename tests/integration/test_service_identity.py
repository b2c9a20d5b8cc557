"""Service identity: internal RPCs admit only the services whose code calls them, each with the token identity
issued it for its own client secret — not anonymous callers, not customers, not admins, not other services."""

from __future__ import annotations

import uuid
from pathlib import Path

import grpc
import jwt
import pytest

from services.runtime.server import ServiceHost
from services.runtime.service_identity import derive_secret, read_credentials_key
from shop.identity.v1 import identity_service_pb2 as identity_pb
from shop.inventory.v1 import inventory_service_pb2 as pb
from shop.inventory.v1 import inventory_service_pb2_grpc
from tests.integration.conftest import service_tokens
from tests.rich_errors import details_of


def _reserve() -> pb.ReserveStockRequest:
    return pb.ReserveStockRequest(order=f"orders/{uuid.uuid4()}", lines=[pb.ReserveLine(sku="NO-SUCH-SKU", quantity=1)])


async def _refused(inventory_host: ServiceHost, metadata: tuple[tuple[str, str], ...]) -> tuple[grpc.StatusCode, str]:
    async with grpc.aio.insecure_channel(f"127.0.0.1:{inventory_host.port}") as channel:
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await inventory_service_pb2_grpc.InventoryServiceStub(channel).ReserveStock(_reserve(), metadata=metadata)
    return refused.value.code(), details_of(refused.value)["ErrorInfo"].reason  # type: ignore[attr-defined]


def _bearer(token: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {token}"),)


async def test_an_internal_rpc_refuses_anonymous_customer_and_admin_callers(inventory_host, customer, admin):
    assert await _refused(inventory_host, ()) == (grpc.StatusCode.UNAUTHENTICATED, "SERVICE_TOKEN_REQUIRED")
    assert await _refused(inventory_host, customer.metadata) == (grpc.StatusCode.PERMISSION_DENIED, "SERVICE_REQUIRED")
    assert await _refused(inventory_host, admin.metadata) == (grpc.StatusCode.PERMISSION_DENIED, "SERVICE_REQUIRED")
    assert await _refused(inventory_host, _bearer("not-a-jwt")) == (grpc.StatusCode.UNAUTHENTICATED, "INVALID_TOKEN")


async def test_only_the_services_whose_code_calls_it_are_admitted(
    inventory_host: ServiceHost, identity_host: ServiceHost, credentials_key: Path, inventory
):
    # search is a real service with a real token, but its code never reserves stock.
    search_token = await service_tokens(identity_host, credentials_key, "search").token()
    assert await _refused(inventory_host, _bearer(search_token)) == (
        grpc.StatusCode.PERMISSION_DENIED,
        "CALLER_NOT_ALLOWED",
    )
    # orders is admitted (the fixture's channel calls as orders): the call reaches the domain.
    with pytest.raises(grpc.aio.AioRpcError) as unknown_sku:
        await inventory.ReserveStock(_reserve())
    assert unknown_sku.value.code() == grpc.StatusCode.FAILED_PRECONDITION


async def test_a_service_token_is_not_a_user_token(identity_host: ServiceHost, credentials_key: Path, identity):
    token = await service_tokens(identity_host, credentials_key, "orders").token()
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await identity.GetUser(identity_pb.GetUserRequest(name="users/me"), metadata=_bearer(token))
    assert refused.value.code() == grpc.StatusCode.PERMISSION_DENIED
    assert details_of(refused.value)["ErrorInfo"].reason == "USER_REQUIRED"  # type: ignore[attr-defined]


async def test_identity_issues_a_service_token_only_for_the_right_secret(credentials_key: Path, identity):
    key = read_credentials_key(credentials_key)
    assert key is not None
    for service, secret in (
        ("orders", derive_secret(key, "search")),  # another service's secret
        ("orders", "0" * 64),
        ("admin", derive_secret(b"another mesh's key, not this one's!!", "admin")),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            await identity.IssueServiceToken(identity_pb.IssueServiceTokenRequest(service=service, secret=secret))
        assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED
        assert details_of(refused.value)["ErrorInfo"].reason == "INVALID_SERVICE_CREDENTIALS"  # type: ignore[attr-defined]
    issued = await identity.IssueServiceToken(
        identity_pb.IssueServiceTokenRequest(service="orders", secret=derive_secret(key, "orders"))
    )
    claims = jwt.decode(issued.access_token, options={"verify_signature": False})
    assert (claims["sub"], claims["role"]) == ("services/orders", "service")
    assert claims["exp"] == issued.expire_time.seconds
