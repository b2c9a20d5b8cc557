"""The consumer runtime against the real broker and PostgreSQL: every event applied exactly once, a poll's
events in one transaction, offsets committed only after the events' transactions, poison events
dead-lettered without blocking their partition (or the rest of their batch), and redriven after the fix."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
from aiokafka import AIOKafkaProducer
from opentelemetry import trace
from sqlalchemy import Column, Integer, MetaData, String, Table, Uuid, func, insert, select

from services.runtime import telemetry
from services.runtime.consumer import Event, EventConsumer, processed_events_table
from services.runtime.database import Database, Transaction
from services.runtime.dead_letters import list_dead_letters, redrive
from services.runtime.kafka_connection import KafkaConnection
from tests.eventually import eventually
from tests.integration.conftest import database_with_tables
from tests.kafka_events import fresh_topic

EVENT_TYPE = "shop.test.v1.Thing"
metadata = MetaData()
effects = Table(
    "effects",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Uuid, nullable=False),  # not unique on purpose: a double apply would show
    Column("payload", String(100), nullable=False),
    Column("trace_id", String(32), nullable=False),
)
processed_events_table(metadata)


@pytest.fixture(scope="module")
async def database(infrastructure) -> AsyncIterator[Database]:
    async with database_with_tables(infrastructure, "consumer_it", metadata) as database:
        yield database


@pytest.fixture
async def topic(infrastructure) -> str:
    """A fresh one-partition topic (so order within the partition is the whole order) and its consumer's
    dead-letter topic; the consumer group is named after the topic."""
    return await fresh_topic(infrastructure.kafka(), "it-consumer")


async def _publish(kafka: KafkaConnection, topic: str, events: list[tuple[uuid.UUID, str]], trace_id: str = "") -> None:
    producer = AIOKafkaProducer(**kafka.client_kwargs(), enable_idempotence=True, acks="all")
    await producer.start()
    try:
        for event_id, payload in events:
            headers = [("ce_id", str(event_id).encode()), ("ce_type", EVENT_TYPE.encode()), ("ce_source", b"it")]
            if trace_id:
                headers.append(("traceparent", f"00-{trace_id}-{'1' * 16}-01".encode()))
            await producer.send_and_wait(topic, value=payload.encode(), key=b"things/1", headers=headers)
    finally:
        await producer.stop()


class Handler:
    """Writes one effect row per event; fails on 'poison' while ``broken``."""

    def __init__(self) -> None:
        self.broken = False

    async def __call__(self, session: Transaction, event: Event) -> None:
        payload = event.payload.decode()
        if payload == "poison" and self.broken:
            raise ValueError("cannot apply poison")
        trace_id = format(trace.get_current_span().get_span_context().trace_id, "032x")
        await session.execute(insert(effects).values(event_id=event.id, payload=payload, trace_id=trace_id))


def _consumer(
    topic: str, database: Database, kafka: KafkaConnection, handler: Handler, cls=EventConsumer, **options
) -> EventConsumer:
    return cls(
        name=topic,
        database=database,
        kafka=kafka,
        topics=[topic],
        handlers={EVENT_TYPE: handler},
        max_attempts=3,
        initial_backoff=0.01,
        max_backoff=0.05,
        **options,
    )


async def _effects(database: Database, payloads: list[str]) -> list[str]:
    async with database.reading() as connection:
        rows = await connection.execute(select(effects.c.payload).where(effects.c.payload.in_(payloads)))
        return sorted(rows.scalars())


def _payloads(prefix: str, n: int) -> list[tuple[uuid.UUID, str]]:
    return [(uuid.uuid4(), f"{prefix}-{i}") for i in range(n)]


async def test_a_duplicate_delivery_changes_nothing(database, topic, infrastructure):
    events = _payloads("dup", 4)
    # The same event twice on the topic, as a producer retry or a replay would deliver it.
    await _publish(infrastructure.kafka(), topic, [*events[:2], events[1], *events[2:]])
    consumer = _consumer(topic, database, infrastructure.kafka(), Handler())
    consumer.start()
    try:
        names = [p for _, p in events]
        await eventually(lambda: _wanted(database, names, len(names)), timeout=20)
        await asyncio.sleep(0.5)  # the duplicate is behind the others: give it time to (not) apply
        assert await _effects(database, names) == sorted(names)
    finally:
        await consumer.stop()


async def _wanted(database: Database, payloads: list[str], count: int) -> bool:
    return len(await _effects(database, payloads)) >= count


class CrashesAfterCommit(EventConsumer):
    """Dies right after the transaction of its first three events committed, before their offsets are
    committed: the worst moment, the one a kill -9 mid-batch hits."""

    applied = 0

    async def _apply(self, work):  # type: ignore[no-untyped-def]
        await super()._apply(work)
        type(self).applied += len(work)
        if type(self).applied >= 3:
            raise asyncio.CancelledError


async def test_a_consumer_killed_mid_batch_applies_every_event_exactly_once_after_restart(
    database, topic, infrastructure
):
    events = _payloads("crash", 6)
    await _publish(infrastructure.kafka(), topic, events)
    names = [p for _, p in events]
    crashing = _consumer(topic, database, infrastructure.kafka(), Handler(), cls=CrashesAfterCommit, batch_size=3)
    with pytest.raises(asyncio.CancelledError):
        await crashing.run()
    assert len(await _effects(database, names)) == 3  # committed work stays; its offset did not move

    restarted = _consumer(topic, database, infrastructure.kafka(), Handler())
    restarted.start()
    try:
        await eventually(lambda: _wanted(database, names, len(names)), timeout=20)
        await asyncio.sleep(0.5)
        assert await _effects(database, names) == sorted(names)  # the third was redelivered and skipped
        async with database.reading() as connection:
            processed = await connection.execute(
                select(func.count())
                .select_from(metadata.tables["processed_events"])
                .where(metadata.tables["processed_events"].c.consumer == topic)
            )
            assert processed.scalar() == len(names)
    finally:
        await restarted.stop()


async def test_a_poison_event_is_dead_lettered_without_blocking_its_partition_and_redriven_after_the_fix(
    database, topic, infrastructure
):
    kafka = infrastructure.kafka()
    poison_id = uuid.uuid4()
    before, after = _payloads("before", 2), _payloads("after", 2)
    await _publish(kafka, topic, [*before, (poison_id, "poison"), *after])
    handler = Handler()
    handler.broken = True
    consumer = _consumer(topic, database, kafka, handler)
    consumer.start()
    try:
        healthy = [p for _, p in before + after]
        # The events after the poison go through.
        await eventually(lambda: _wanted(database, healthy, len(healthy)), timeout=20)
        letters = await list_dead_letters(kafka, topic)
        assert [(letter["event_id"], letter["redriven"]) for letter in letters] == [(str(poison_id), False)]
        assert "cannot apply poison" in letters[0]["error"]
        assert letters[0]["from"] == f"{topic}/0@2"
        assert await _effects(database, ["poison"]) == []

        handler.broken = False  # the fix is deployed
        assert await redrive(kafka, topic) == 1
        await eventually(lambda: _wanted(database, ["poison"], 1), timeout=20)
        assert await redrive(kafka, topic) == 0  # nothing left to redrive
        assert [letter["redriven"] for letter in await list_dead_letters(kafka, topic)] == [True]
        await asyncio.sleep(0.3)
        assert await _effects(database, ["poison"]) == ["poison"]
    finally:
        await consumer.stop()


async def _processed_count(database: Database, consumer: str) -> int:
    table = metadata.tables["processed_events"]
    async with database.reading() as connection:
        counted = await connection.execute(select(func.count()).select_from(table).where(table.c.consumer == consumer))
        return int(counted.scalar() or 0)


async def test_a_batch_holding_a_poison_event_applies_the_others_once_and_dead_letters_only_the_poison(
    database, topic, infrastructure
):
    kafka = infrastructure.kafka()
    poison_id = uuid.uuid4()
    healthy = _payloads("batch", 9)
    await _publish(kafka, topic, [*healthy[:4], (poison_id, "poison"), *healthy[4:]])
    handler = Handler()
    handler.broken = True
    applied_together: list[int] = []

    class Recording(EventConsumer):
        async def _apply(self, work):  # type: ignore[no-untyped-def]
            applied_together.append(len(work))
            await super()._apply(work)

    consumer = _consumer(topic, database, kafka, handler, cls=Recording)
    consumer.start()
    try:
        names = [p for _, p in healthy]
        await eventually(lambda: _wanted(database, names, len(names)), timeout=20)
        await eventually(lambda: _dead_lettered(kafka, topic, 1), timeout=20)
        await asyncio.sleep(0.3)
        assert await _effects(database, names) == sorted(names)  # each once
        async with database.reading() as connection:
            poisoned = await connection.execute(select(func.count()).where(effects.c.event_id == poison_id))
            assert poisoned.scalar() == 0  # the poison not at all
        assert await _processed_count(database, topic) == len(names)
        letters = await list_dead_letters(kafka, topic)
        assert [letter["event_id"] for letter in letters] == [str(poison_id)]
        assert max(applied_together) == 10  # the ten came as one batch, which failed and went one by one
    finally:
        await consumer.stop()


async def _dead_lettered(kafka: KafkaConnection, topic: str, count: int) -> bool:
    return len(await list_dead_letters(kafka, topic)) >= count


async def test_many_events_are_applied_in_few_transactions(database, topic, infrastructure):
    events = _payloads("many", 50)
    await _publish(infrastructure.kafka(), topic, events)
    transactions: list[int] = []

    class Counting(EventConsumer):
        async def _apply(self, work):  # type: ignore[no-untyped-def]
            transactions.append(len(work))
            await super()._apply(work)

    consumer = _consumer(topic, database, infrastructure.kafka(), Handler(), cls=Counting)
    consumer.start()
    try:
        names = [p for _, p in events]
        await eventually(lambda: _wanted(database, names, len(names)), timeout=20)
        assert await _effects(database, names) == sorted(names)
        assert sum(transactions) == 50
        assert len(transactions) <= 5  # what one poll brings is one transaction, not one per event
    finally:
        await consumer.stop()


async def test_a_clean_stop_commits_the_offsets_of_everything_applied(database, topic, infrastructure):
    from aiokafka import AIOKafkaConsumer, TopicPartition

    kafka = infrastructure.kafka()
    events = _payloads("stop", 5)
    await _publish(kafka, topic, events)
    # A cadence longer than the test: only the stop itself can commit.
    consumer = _consumer(topic, database, kafka, Handler(), commit_interval=3600)
    consumer.start()
    names = [p for _, p in events]
    try:
        await eventually(lambda: _wanted(database, names, len(names)), timeout=20)
    finally:
        await consumer.stop()
    reader = AIOKafkaConsumer(**kafka.client_kwargs(), group_id=topic, enable_auto_commit=False)
    await reader.start()
    try:
        assert await reader.committed(TopicPartition(topic, 0)) == 5
    finally:
        await reader.stop()


async def test_an_event_continues_the_trace_of_the_request_that_caused_it(database, topic, infrastructure):
    if isinstance(trace.get_tracer_provider(), trace.ProxyTracerProvider):  # no SDK yet in this process
        telemetry.configure("it-consumer", "none")
    trace_id = uuid.uuid4().hex
    await _publish(infrastructure.kafka(), topic, [(uuid.uuid4(), "traced")], trace_id=trace_id)
    consumer = _consumer(topic, database, infrastructure.kafka(), Handler())
    consumer.start()
    try:
        await eventually(lambda: _wanted(database, ["traced"], 1), timeout=20)
        async with database.reading() as connection:
            seen = (await connection.execute(select(effects.c.trace_id).where(effects.c.payload == "traced"))).scalar()
        assert seen == trace_id
    finally:
        await consumer.stop()
