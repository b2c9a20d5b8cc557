"""The outbox relay against the real broker and PostgreSQL: a transaction's events reach Kafka in order, a
relay that dies between sending and committing publishes them again, and consumers apply them once; a relay
whose lock session is terminated notices and holds the lock again before it publishes."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest
from aiokafka import AIOKafkaProducer
from google.protobuf import wrappers_pb2
from sqlalchemy import Column, Integer, MetaData, Table, Uuid, func, insert, select, update

from services.runtime import outbox
from services.runtime.consumer import Event, EventConsumer, processed_events_table
from services.runtime.database import Database, Transaction
from services.runtime.kafka_connection import KafkaConnection
from services.runtime.outbox import OutboxRelay, kafka_producer_factory, outbox_table
from tests.eventually import eventually
from tests.integration.conftest import database_with_tables
from tests.kafka_events import events_for_key, fresh_topic

metadata = MetaData()
relayed = outbox_table(metadata)
processed_events_table(metadata)
effects = Table(
    "relay_effects",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_id", Uuid, nullable=False),  # not unique on purpose: a double apply would show
)
EVENT_TYPE = wrappers_pb2.StringValue.DESCRIPTOR.full_name


@pytest.fixture(scope="module")
async def database(infrastructure) -> AsyncIterator[Database]:
    async with database_with_tables(infrastructure, "relay_it", metadata) as database:
        yield database


@pytest.fixture
async def topic(infrastructure) -> str:
    return await fresh_topic(infrastructure.kafka(), "it-relay")


async def _record(database: Database, topic: str, key: str, values: list[str]) -> None:
    """``values`` as events of ``key``, all in one transaction."""
    async with database.transaction() as session:
        for value in values:
            await outbox.record(session, topic=topic, key=key, event=wrappers_pb2.StringValue(value=value), source="it")


def _relay(database: Database, kafka: KafkaConnection) -> OutboxRelay:
    return OutboxRelay(database, kafka_producer_factory(kafka, "it-relay"), lock_name=f"it-{uuid.uuid4()}")


async def _unpublished(database: Database, key: str) -> int:
    async with database.reading() as connection:
        counted = await connection.execute(
            select(func.count()).select_from(relayed).where(relayed.c.key == key, relayed.c.published_time.is_(None))
        )
        return int(counted.scalar() or 0)


async def test_the_events_of_one_transaction_are_published_in_the_order_they_were_recorded(
    database, topic, infrastructure
):
    key = f"things/{uuid.uuid4()}"
    relay = _relay(database, infrastructure.kafka())
    relay.start()
    try:
        await _record(database, topic, key, ["first", "second", "third"])
        events = await events_for_key(infrastructure.kafka(), topic, key, count=3)
    finally:
        await relay.stop()
    assert [wrappers_pb2.StringValue.FromString(e.payload).value for e in events] == ["first", "second", "third"]
    assert [e.type for e in events] == [EVENT_TYPE] * 3
    assert await _unpublished(database, key) == 0


class DiesAfterSending:
    """A producer whose process dies once its sends are on their way to the broker, before the relay can
    mark them published: the relay's transaction never commits."""

    def __init__(self, real: AIOKafkaProducer) -> None:
        self._real = real

    async def send(self, topic: str, **fields: object) -> asyncio.Future[None]:
        delivered = await self._real.send(topic, **fields)

        async def die() -> None:
            await delivered
            raise asyncio.CancelledError

        return asyncio.ensure_future(die())


async def test_a_relay_killed_between_send_and_commit_publishes_again_and_consumers_apply_once(
    database, topic, infrastructure
):
    kafka = infrastructure.kafka()
    key = f"things/{uuid.uuid4()}"
    await _record(database, topic, key, ["a", "b", "c"])
    producer = AIOKafkaProducer(**kafka.client_kwargs(), enable_idempotence=True, acks="all")
    await producer.start()
    try:
        with pytest.raises(asyncio.CancelledError):
            await _relay(database, kafka).publish_batch(DiesAfterSending(producer))
        await producer.flush()
    finally:
        await producer.stop()
    assert await _unpublished(database, key) == 3  # the rows survived the dead relay's rolled-back transaction

    producer = kafka_producer_factory(kafka, "it-relay")()
    await producer.start()
    try:
        await _relay(database, kafka).publish_batch(producer)
    finally:
        await producer.stop()
    on_kafka = await events_for_key(kafka, topic, key, count=6)
    assert len(on_kafka) == 6  # each event twice
    assert len({e.headers["ce_id"] for e in on_kafka}) == 3  # under the same three ids
    assert await _unpublished(database, key) == 0

    async def apply(session: Transaction, event: Event) -> None:
        await session.execute(insert(effects).values(event_id=event.id))

    consumer = EventConsumer(name=topic, database=database, kafka=kafka, topics=[topic], handlers={EVENT_TYPE: apply})
    ids = [uuid.UUID(e.headers["ce_id"]) for e in on_kafka]
    consumer.start()
    try:
        await eventually(lambda: _applied_at_least(database, ids, 3), timeout=20)
        await asyncio.sleep(0.5)  # the duplicates are behind: give them time to (not) apply
        assert await _applied(database, ids) == sorted(set(ids))
    finally:
        await consumer.stop()


async def _applied(database: Database, ids: list[uuid.UUID]) -> list[uuid.UUID]:
    async with database.reading() as connection:
        rows = await connection.execute(select(effects.c.event_id).where(effects.c.event_id.in_(ids)))
        return sorted(rows.scalars())


async def _applied_at_least(database: Database, ids: list[uuid.UUID], count: int) -> bool:
    return len(await _applied(database, ids)) >= count


async def test_published_rows_are_deleted_once_past_the_retention_and_unpublished_ones_never(
    database, topic, infrastructure
):
    old_key, new_key, waiting_key = (f"things/{uuid.uuid4()}" for _ in range(3))
    await _record(database, topic, old_key, ["old"])
    await _record(database, topic, new_key, ["new"])
    await _record(database, topic, waiting_key, ["waiting"])
    async with database.transaction() as session:
        an_hour_ago = datetime.now(UTC) - timedelta(hours=1, minutes=1)
        await session.execute(update(relayed).where(relayed.c.key == old_key).values(published_time=an_hour_ago))
        await session.execute(update(relayed).where(relayed.c.key == new_key).values(published_time=datetime.now(UTC)))
    await _relay(database, infrastructure.kafka()).purge_published()
    async with database.reading() as connection:
        keys = set((await connection.execute(select(relayed.c.key))).scalars())
    assert old_key not in keys
    assert {new_key, waiting_key} <= keys


async def _lock_holders(admin: asyncpg.Connection, lock_name: str) -> list[int]:
    """The backends holding the advisory lock ``lock_name`` (its 64-bit key is split over classid and objid), read
    on the test's own connection: the pool's may hold the terminated one."""
    rows = await admin.fetch(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
        " AND ((classid::bigint << 32) | objid::bigint) = hashtext($1)::bigint",
        lock_name,
    )
    return [row["pid"] for row in rows]


async def test_a_relay_whose_lock_session_is_terminated_takes_the_lock_again_and_goes_on_publishing(
    database, topic, infrastructure
):
    """A PostgreSQL restart or a terminated backend ends the session, and the lock with it; another replica may
    take the lock at once. A relay that went on publishing from other connections would publish beside the new
    leader (two publishers reorder a key's events), and no replica would take over when the other one died."""
    lock_name = f"it-{uuid.uuid4()}"
    relay = OutboxRelay(database, kafka_producer_factory(infrastructure.kafka(), "it-relay"), lock_name=lock_name)
    relay.start()
    admin = await asyncpg.connect(infrastructure.database_url("postgres").replace("+asyncpg", ""))
    holders: list[int] = []

    async def held(not_by: int | None = None) -> bool:
        holders[:] = await _lock_holders(admin, lock_name)
        return len(holders) == 1 and holders[0] != not_by

    try:
        await eventually(held, timeout=20)
        [first] = holders
        await admin.execute("SELECT pg_terminate_backend($1)", first)
        await eventually(lambda: held(not_by=first), timeout=20)
        key = f"things/{uuid.uuid4()}"
        await _record(database, topic, key, ["after"])
        events = await events_for_key(infrastructure.kafka(), topic, key, count=1)
        assert [wrappers_pb2.StringValue.FromString(e.payload).value for e in events] == ["after"]
    finally:
        await admin.close()
        await relay.stop()
