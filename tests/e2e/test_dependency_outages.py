"""A data store going down takes the services that need it out of rotation (health NOT_SERVING, so Envoy and
Kubernetes stop sending them traffic); meanwhile calls fail fast with UNAVAILABLE and RetryInfo instead of
hanging; when the store is back the services return to SERVING by themselves, with no restart."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import grpc
import httpx
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from scripts.mesh import Profile
from scripts.stack import Stack
from shop.cart.v1 import cart_service_pb2, cart_service_pb2_grpc
from shop.orders.v1 import orders_service_pb2, orders_service_pb2_grpc
from tests.e2e.conftest import RestUser
from tests.eventually import until
from tests.rich_errors import details_of


def _health(profile: Profile, service: str) -> int:
    with grpc.insecure_channel(profile.target(service)) as channel:
        return health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=2).status


def _fails_fast_with_503(rest: httpx.Client, path: str, user: RestUser) -> None:
    started = time.monotonic()
    answer = rest.get(path, headers=user.headers)
    assert time.monotonic() - started < 3.0
    assert answer.status_code == 503, answer.text
    assert answer.json()["code"] == grpc.StatusCode.UNAVAILABLE.value[0]


def _unavailable_with_retry_info(
    mesh: Profile, service: str, method: Callable[[grpc.Channel], Any], request: Any, user: RestUser
) -> None:
    """Called straight (not through Envoy), the service answers UNAVAILABLE with when to retry."""
    with grpc.insecure_channel(mesh.target(service)) as channel, pytest.raises(grpc.RpcError) as raised:
        method(channel)(request, metadata=[("authorization", user.headers["authorization"])], timeout=5)
    assert raised.value.code() == grpc.StatusCode.UNAVAILABLE
    assert "RetryInfo" in details_of(raised.value)


def test_a_redis_outage_takes_cart_out_of_rotation_until_redis_is_back(
    mesh: Profile, test_stack: Stack, rest: httpx.Client, customer: RestUser
) -> None:
    test_stack.stop("redis")
    try:
        until(lambda: _health(mesh, "cart") == health_pb2.HealthCheckResponse.NOT_SERVING, what="cart NOT_SERVING")
        _fails_fast_with_503(rest, "/v1/carts/me", customer)
        _unavailable_with_retry_info(
            mesh,
            "cart",
            lambda channel: cart_service_pb2_grpc.CartServiceStub(channel).GetCart,
            cart_service_pb2.GetCartRequest(name="carts/me"),
            customer,
        )
        assert rest.get("/v1/products", params={"page_size": 1}).status_code == 200  # the rest of the shop serves
    finally:
        test_stack.start("redis")
    until(lambda: _health(mesh, "cart") == health_pb2.HealthCheckResponse.SERVING, within=30, what="cart SERVING")
    until(lambda: rest.get("/v1/carts/me", headers=customer.headers).status_code == 200, within=30, what="cart answers")


def test_a_postgresql_restart_is_ridden_out_without_restarting_a_service(
    mesh: Profile, test_stack: Stack, rest: httpx.Client, customer: RestUser
) -> None:
    before = test_stack.pids()
    test_stack.stop("postgres")
    try:
        until(lambda: _health(mesh, "orders") == health_pb2.HealthCheckResponse.NOT_SERVING, what="orders NOT_SERVING")
        _fails_fast_with_503(rest, "/v1/orders", customer)
        _unavailable_with_retry_info(
            mesh,
            "orders",
            lambda channel: orders_service_pb2_grpc.OrdersServiceStub(channel).ListOrders,
            orders_service_pb2.ListOrdersRequest(),
            customer,
        )
    finally:
        test_stack.start("postgres")
    test_stack.wait_serving(within=60)
    assert rest.get("/v1/orders", headers=customer.headers).status_code == 200
    after = test_stack.pids()
    assert {s: after[s] for s in before if s not in ("postgres",)} == {
        s: before[s] for s in before if s not in ("postgres",)
    }  # same processes: they recovered, nobody restarted them
