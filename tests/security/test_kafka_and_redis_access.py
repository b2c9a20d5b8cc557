"""Kafka and Redis refuse whoever the mesh did not give a credential, and limit each service to its own data.

Against the test stack's real broker (SASL/SCRAM, ACLs from scripts/kafka_access.py) and Redis (ACL users).
The attacker in these tests has reached the network: the broker's port, Redis's port.
"""

from __future__ import annotations

import uuid

import pytest
import redis.asyncio as redis
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.errors import KafkaError, TopicAuthorizationFailedError
from redis.exceptions import AuthenticationError, NoPermissionError

from scripts.kafka_access import acls, consumed_topics, principals
from scripts.mesh import Profile, services
from services.runtime.kafka_connection import KafkaConnection
from shop.orders.v1 import events_pb2 as order_events
from shop.orders.v1 import order_pb2
from tests.kafka_events import events_for_key

ORDERS_TOPIC = "shop.orders.events"


def _forged_delivery() -> tuple[bytes, bytes, list[tuple[str, bytes]]]:
    """An OrderDelivered for a made-up order, as the relay would publish it: reviews would unlock a review."""
    order = f"orders/{uuid.uuid4()}"
    event = order_events.OrderDelivered(
        order=order_pb2.Order(name=order, customer="users/00000000-0000-0000-0000-000000000001")
    )
    headers = [("ce_id", str(uuid.uuid4()).encode()), ("ce_type", b"shop.orders.v1.OrderDelivered")]
    return order.encode(), event.SerializeToString(), headers


async def _publish(kafka: KafkaConnection, topic: str) -> str:
    key, value, headers = _forged_delivery()
    producer = AIOKafkaProducer(**kafka.client_kwargs(), request_timeout_ms=5000, acks="all")
    try:
        await producer.start()
        await producer.send_and_wait(topic, value=value, key=key, headers=headers)
    finally:
        await producer.stop()
    return key.decode()


async def test_a_client_without_credentials_cannot_even_connect(infrastructure: Profile):
    anonymous = KafkaConnection(infrastructure.kafka_bootstrap)  # PLAINTEXT: no SASL handshake
    with pytest.raises(KafkaError):
        await _publish(anonymous, ORDERS_TOPIC)


async def test_a_wrong_password_is_refused(infrastructure: Profile):
    impostor = infrastructure.kafka("orders").as_user("orders", "guessed-password")
    with pytest.raises(KafkaError):
        await _publish(impostor, ORDERS_TOPIC)


@pytest.mark.parametrize("service", sorted(set(principals()) - {"orders"}))
async def test_no_other_service_can_forge_an_order_event(infrastructure: Profile, service: str):
    """OrderDelivered unlocks reviews and OrderConfirmed mails customers: only orders' principal may write it."""
    with pytest.raises(TopicAuthorizationFailedError):
        await _publish(infrastructure.kafka(service), ORDERS_TOPIC)


async def test_orders_may_publish_its_own_events_and_they_arrive(infrastructure: Profile):
    key = await _publish(infrastructure.kafka("orders"), ORDERS_TOPIC)
    assert [e.type for e in await events_for_key(infrastructure.kafka(), ORDERS_TOPIC, key)] == [
        "shop.orders.v1.OrderDelivered"
    ]


async def _read_with_group(kafka: KafkaConnection, topic: str, group: str) -> None:
    consumer = AIOKafkaConsumer(topic, **kafka.client_kwargs(), group_id=group, request_timeout_ms=5000)
    try:
        await consumer.start()
        await consumer.getmany(timeout_ms=3000)
        await consumer.commit()
    finally:
        await consumer.stop()


async def test_a_service_reads_only_what_it_consumes_and_only_with_its_own_group(infrastructure: Profile):
    # Identity consumes nothing: the orders stream (addresses, amounts) is not for it.
    with pytest.raises(KafkaError):
        await _read_with_group(infrastructure.kafka("identity"), ORDERS_TOPIC, "identity")
    # Search consumes catalog events, but may not join (and so disturb) another service's group.
    with pytest.raises(KafkaError):
        await _read_with_group(infrastructure.kafka("search"), "shop.catalog.events", "recommendations")


def test_the_allow_list_follows_the_mesh():
    """Every publisher writes exactly its own topic; every consumer reads exactly its TOPICS."""
    writes: dict[str, set[str]] = {}
    reads: dict[str, set[str]] = {}
    for acl in acls():
        if acl.resource == "TOPIC" and acl.operation in ("WRITE", "READ"):
            bucket = writes if acl.operation == "WRITE" else reads
            bucket.setdefault(acl.principal.removeprefix("User:"), set()).add(acl.name)
    for service in services():
        own = {service.events_topic} if service.events_topic else set()
        dead = {service.dead_letter_topic} if service.dead_letter_topic else set()
        assert writes.get(service.name, set()) == own | dead, service.name
        assert reads.get(service.name, set()) == set(consumed_topics(service)) | dead, service.name


async def test_redis_has_no_anonymous_user(infrastructure: Profile):
    client = redis.Redis.from_url(infrastructure.redis_url)
    try:
        with pytest.raises(AuthenticationError):
            await client.get("cart:users/anyone")
    finally:
        await client.aclose()


async def test_each_service_touches_only_its_own_redis_keys(infrastructure: Profile):
    cart = redis.Redis.from_url(infrastructure.redis_url_as("cart"))
    reviews = redis.Redis.from_url(infrastructure.redis_url_as("reviews"))
    try:
        owner = f"cart:users/{uuid.uuid4()}"
        await cart.hset(owner, "products/x", "1")
        assert await cart.hgetall(owner) == {b"products/x": b"1"}
        # Reviews can neither read a cart nor empty it; cart cannot poison a rating summary.
        with pytest.raises(NoPermissionError):
            await reviews.hgetall(owner)
        with pytest.raises(NoPermissionError):
            await reviews.delete(owner)
        with pytest.raises(NoPermissionError):
            await cart.set("reviews:rating:products/x", "[0,0,0,0,99]")
        # Nobody but the admin may wipe or reconfigure the server.
        for client in (cart, reviews):
            with pytest.raises(NoPermissionError):
                await client.flushall()
            with pytest.raises(NoPermissionError):
                await client.config_set("appendonly", "no")
        await cart.delete(owner)
    finally:
        await cart.aclose()
        await reviews.aclose()
