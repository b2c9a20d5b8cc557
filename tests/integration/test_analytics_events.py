"""Analytics against the real broker and PostgreSQL: the numbers of a report are exact whatever Kafka
redelivers (the same event twice, the same fact under a new event id, events replayed from the start)."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest
from aiokafka import AIOKafkaProducer
from google.protobuf.message import Message
from google.type import money_pb2
from sqlalchemy import text

from services.analytics.bootstrap import DEFINITION
from services.analytics.service import AnalyticsService
from services.runtime.consumer import EventConsumer
from services.runtime.database import Database, migrate
from services.runtime.kafka_connection import KafkaConnection
from shop.orders.v1 import events_pb2, order_pb2
from tests.eventually import eventually
from tests.kafka_events import fresh_topic

DAY = date(2026, 3, 14)


@pytest.fixture(scope="module")
async def database(infrastructure) -> AsyncIterator[Database]:
    url = infrastructure.database_url("analytics_it")
    assert DEFINITION.migrations is not None
    await migrate(url, DEFINITION.migrations)
    database = Database(url, pool_size=4)
    async with database.transaction() as session:
        await session.execute(text("TRUNCATE orders, order_lines, processed_events"))
    yield database
    await database.dispose()


@pytest.fixture
async def topic(infrastructure) -> str:
    return await fresh_topic(infrastructure.kafka(), "it-analytics", partitions=3)


def _usd(cents: int) -> money_pb2.Money:
    return money_pb2.Money(currency_code="USD", units=cents // 100, nanos=cents % 100 * 10_000_000)


def _order(name: str, total: int, lines: list[tuple[str, int, int]], hour: int) -> order_pb2.Order:
    """``lines``: (product, or product/variants/colour, quantity, line total)."""
    order = order_pb2.Order(name=name, customer="users/u1", total=_usd(total))
    for bought, quantity, line_total in lines:
        product, _, colour = bought.partition("/variants/")
        line = order.lines.add(
            product=product, display_name=product.upper(), quantity=quantity, line_total=_usd(line_total)
        )
        if colour:
            line.variant, line.sku = bought, f"{product[9:].upper()}-{colour.upper()}"
            line.option_values.add(option="Colour", value=colour.title())
    order.create_time.FromDatetime(datetime(DAY.year, DAY.month, DAY.day, hour, tzinfo=UTC))
    order.update_time.FromDatetime(datetime(DAY.year, DAY.month, DAY.day, hour, 1, tzinfo=UTC))
    return order


async def _publish(kafka: KafkaConnection, topic: str, events: list[tuple[uuid.UUID, Message, str]]) -> None:
    producer = AIOKafkaProducer(**kafka.client_kwargs(), enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for event_id, message, key in events:
            headers = [("ce_id", str(event_id).encode()), ("ce_type", message.DESCRIPTOR.full_name.encode())]
            await producer.send_and_wait(topic, value=message.SerializeToString(), key=key.encode(), headers=headers)
    finally:
        await producer.stop()


async def test_reports_count_each_order_once_under_duplicates_and_replays(database, topic, infrastructure):
    kept = _order(
        "orders/kept",
        3000,
        [("products/mug/variants/red", 1, 1200), ("products/mug/variants/blue", 1, 1200), ("products/tea", 1, 600)],
        hour=9,
    )
    cancelled = _order("orders/cancelled", 1000, [("products/mug", 1, 1000)], hour=10)
    declined = _order("orders/declined", 5000, [("products/tea", 5, 5000)], hour=23)
    events = [
        (uuid.uuid4(), events_pb2.OrderPlaced(order=kept), kept.name),
        (uuid.uuid4(), events_pb2.OrderConfirmed(order=kept), kept.name),
        (uuid.uuid4(), events_pb2.OrderPlaced(order=cancelled), cancelled.name),
        (uuid.uuid4(), events_pb2.OrderConfirmed(order=cancelled), cancelled.name),
        (uuid.uuid4(), events_pb2.OrderCancelled(order=cancelled), cancelled.name),
        (uuid.uuid4(), events_pb2.OrderPlaced(order=declined), declined.name),
        (uuid.uuid4(), events_pb2.OrderCancelled(order=declined), declined.name),
    ]
    # Every event twice (a producer retry), and the confirmation again under a new id (a re-emitted fact).
    redelivered = [e for event in events for e in (event, event)]
    redelivered.append((uuid.uuid4(), events_pb2.OrderConfirmed(order=kept), kept.name))
    await _publish(infrastructure.kafka(), topic, redelivered)

    analytics = AnalyticsService(database, today=lambda: DAY)
    consumer = EventConsumer(
        name=topic,
        database=database,
        kafka=infrastructure.kafka(),
        topics=[topic],
        handlers=analytics.handlers(),
    )

    async def report() -> tuple[int, int, int, int, int]:
        (day,), _ = await analytics.sales(DAY.isoformat(), DAY.isoformat(), "")
        return day.placed, day.confirmed, day.cancelled, day.revenue_minor, day.units

    consumer.start()
    try:
        await eventually(lambda: _equals(report(), (3, 2, 1, 3000, 3)), timeout=30)
    finally:
        await consumer.stop()

    # Replaying the whole topic under a new consumer group (a rebuild) changes nothing either.
    replay = EventConsumer(
        name=f"{topic}-replay",
        database=database,
        kafka=infrastructure.kafka(),
        topics=[topic],
        handlers=analytics.handlers(),
    )
    replay.start()
    try:
        await eventually(lambda: _processed(database, f"{topic}-replay", len(events) + 1), timeout=30)
    finally:
        await replay.stop()
    assert await report() == (3, 2, 1, 3000, 3)

    days, totals = await analytics.sales("2026-03-13", "2026-03-15", "USD")
    assert [(d.day.isoformat() if d.day else "", d.placed) for d in days] == [
        ("2026-03-13", 0),
        ("2026-03-14", 3),
        ("2026-03-15", 0),
    ]
    assert (totals.average_order_minor, totals.cancellation_rate, totals.checkout_conversion) == (3000, 0.5, 0.6667)
    top, by_variant = await analytics.top_products(DAY.isoformat(), DAY.isoformat(), "USD", 10)
    assert [(r.product, int(r.units), int(r.revenue_minor)) for r in top] == [
        ("products/mug", 2, 2400),
        ("products/tea", 1, 600),
    ]
    # By variant: the cancelled order's red mug does not count; the tea from before variants is one line.
    assert [
        (v.variant, v.sku, v.option_label, int(v.units), int(v.revenue_minor)) for v in by_variant["products/mug"]
    ] == [
        ("products/mug/variants/blue", "MUG-BLUE", "Blue", 1, 1200),
        ("products/mug/variants/red", "MUG-RED", "Red", 1, 1200),
    ]
    assert [(v.variant, int(v.units)) for v in by_variant["products/tea"]] == [("", 1)]


async def _equals(value, expected) -> bool:  # type: ignore[no-untyped-def]
    return await value == expected


async def _processed(database: Database, consumer: str, count: int) -> bool:
    async with database.reading() as connection:
        found = await connection.execute(
            text("SELECT count(*) FROM processed_events WHERE consumer = :c"), {"c": consumer}
        )
        return found.scalar_one() == count
