"""Kafka down: writes still succeed, their events wait in the outbox and arrive once Kafka is back."""

import asyncio
import uuid

import asyncpg
import httpx

from scripts.mesh import Profile
from scripts.stack import Stack
from shop.catalog.v1 import events_pb2
from tests.e2e.conftest import RestUser
from tests.e2e.shopping import add_to_cart, checkout, new_product
from tests.kafka_events import events_for_key


async def _unpublished(mesh: Profile) -> int:
    connection = await asyncpg.connect(mesh.database_url("catalog").replace("+asyncpg", ""))
    try:
        return await connection.fetchval("SELECT count(*) FROM outbox WHERE published_time IS NULL")
    finally:
        await connection.close()


async def test_writes_and_checkouts_while_kafka_is_down_are_published_after_it_returns(
    rest: httpx.Client, admin: RestUser, customer: RestUser, mesh: Profile, test_stack: Stack
):
    product = new_product(rest, admin, stock=3)
    add_to_cart(rest, customer, product)
    test_stack.stop("kafka")
    try:
        names = []
        for _ in range(3):
            response = rest.post(
                "/v1/products",
                headers=admin.headers,
                json={
                    "sku": f"OUT-{uuid.uuid4().hex[:8].upper()}",
                    "display_name": "Written while Kafka sleeps",
                    "category": "categories/garden",
                    "price": {"currency_code": "USD", "units": "3"},
                },
            )
            assert response.status_code == 200, response.text
            names.append(response.json()["product"]["name"])
        placed = checkout(rest, customer)
        assert placed.status_code == 200, placed.text
        order = placed.json()["order"]["name"]
        await asyncio.sleep(0.5)
        assert await _unpublished(mesh) >= 3
    finally:
        test_stack.start("kafka")
    test_stack.up(seed=False)  # waits until Kafka answers again
    for name in names:
        events = await events_for_key(mesh.kafka(), "shop.catalog.events", name, within=30)
        assert [e.type for e in events] == ["shop.catalog.v1.ProductCreated"]
        assert events_pb2.ProductCreated.FromString(events[0].payload).product.name == name
    order_events = await events_for_key(mesh.kafka(), "shop.orders.events", order, count=2, within=30)
    assert [e.type for e in order_events] == ["shop.orders.v1.OrderPlaced", "shop.orders.v1.OrderConfirmed"]
