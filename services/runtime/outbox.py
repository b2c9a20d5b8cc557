"""The transactional outbox: domain events are written in the same transaction as the state change and
published to Kafka afterwards, so a committed change always gets its event and a rolled-back one never does.

- :func:`outbox_table` adds the ``outbox`` table to a service's metadata; :func:`create_outbox_table` is what
  the service's first migration calls.
- :func:`record` adds an event to the caller's transaction: the events a transaction records are inserted
  in one statement just before it commits, together with a ``NOTIFY shopmesh_outbox`` that PostgreSQL
  delivers at commit, so the relay (LISTENing) publishes at once instead of waiting for its next poll (every
  5 s, a safety net: a NOTIFY is lost only with its connection, which the relay then opens again).
- :class:`OutboxRelay` runs in the service process: it takes a PostgreSQL advisory lock (one publisher per
  database, so events of one key keep their order across replicas), and after a NOTIFY (or a poll) gathers
  for 10 milliseconds, then in one transaction marks the oldest unpublished rows published (one
  ``UPDATE ... RETURNING``), sends them with an idempotent ``acks=all`` producer, and commits. That
  transaction runs on the very session that holds the lock: a lock lives and dies with its session, so a
  relay whose session ended (PostgreSQL restarted, the backend was terminated) fails its next batch and
  competes for the lock again, instead of publishing beside the replica that took it over. A relay killed
  between the send and the commit publishes those events again: consumers skip them by event id. While
  Kafka is down rows wait and the relay retries with backoff; the service keeps serving writes.
- Published rows are deleted once they are ``retention`` old (an hour by default): recent ones stay for
  operators to look at, and the table does not grow forever.
- Every replica reports the backlog every 10 seconds, whether or not it publishes and whether or not Kafka
  answers (that is when it matters): ``shopmesh_outbox_pending`` rows and the age of the oldest,
  ``shopmesh_outbox_oldest_pending_seconds``; ``shopmesh_outbox_published_total`` counts what was sent.

On Kafka an event is the serialized protobuf message, keyed by its aggregate's resource name, with CloudEvents
binary-mode headers: ``ce_id``, ``ce_type`` (the message's full name), ``ce_source``, ``ce_time``,
``ce_specversion``, ``content-type`` and the W3C ``traceparent`` of the request that caused it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from google.protobuf.message import Message
from opentelemetry.propagate import inject
from opentelemetry.trace import SpanKind
from prometheus_client import Counter, Gauge
from sqlalchemy import (
    Column,
    DateTime,
    Index,
    LargeBinary,
    MetaData,
    String,
    Table,
    Uuid,
    delete,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncConnection

from services.runtime.cancellation import cancel_and_wait
from services.runtime.database import Database, Transaction, before_commit
from services.runtime.kafka_connection import KafkaConnection
from services.runtime.telemetry import client_span

log = logging.getLogger(__name__)

CONTENT_TYPE = "application/protobuf"
NOTIFY_CHANNEL = "shopmesh_outbox"
PURGE_INTERVAL_SECONDS = 60.0
BACKLOG_INTERVAL_SECONDS = 10.0
PENDING = Gauge("shopmesh_outbox_pending", "Outbox rows not yet published to Kafka")
OLDEST_PENDING = Gauge("shopmesh_outbox_oldest_pending_seconds", "Age of the oldest unpublished outbox row (0: none)")
PUBLISHED = Counter("shopmesh_outbox_published_total", "Outbox events sent to Kafka")
_BACKLOG = """
    SELECT count(*), coalesce(extract(epoch FROM now() - min(create_time)), 0)::float8
    FROM outbox WHERE published_time IS NULL
"""
# The oldest unpublished rows, marked published in the same statement (the transaction commits after the sends).
_TAKE = """
    UPDATE outbox SET published_time = now()
    WHERE id IN (SELECT id FROM outbox WHERE published_time IS NULL ORDER BY create_time, id
                 LIMIT $1 FOR UPDATE SKIP LOCKED)
    RETURNING id, topic, key, type, source, payload, headers::text, create_time
"""


class _Published(NamedTuple):
    id: uuid.UUID
    topic: str
    key: str
    type: str
    source: str
    payload: bytes
    headers: str  # JSON text
    create_time: datetime


def outbox_table(metadata: MetaData) -> Table:
    return Table(
        "outbox",
        metadata,
        Column("id", Uuid, primary_key=True),
        Column("topic", String(200), nullable=False),
        Column("key", String(200), nullable=False),
        Column("type", String(200), nullable=False),
        Column("source", String(100), nullable=False),
        Column("payload", LargeBinary, nullable=False),
        Column("headers", JSONB, nullable=False),
        Column("create_time", DateTime(timezone=True), nullable=False),
        Column("published_time", DateTime(timezone=True), nullable=True),
        Index("outbox_unpublished", "create_time", postgresql_where=text("published_time IS NULL")),
    )


def create_outbox_table(op: Any) -> None:
    """For a service's Alembic migration: ``create_outbox_table(op)``."""
    import sqlalchemy as sa

    op.create_table(
        "outbox",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("topic", sa.String(200), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("type", sa.String(200), nullable=False),
        sa.Column("source", sa.String(100), nullable=False),
        sa.Column("payload", sa.LargeBinary(), nullable=False),
        sa.Column("headers", JSONB(), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_time", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("outbox_unpublished", "outbox", ["create_time"], postgresql_where=sa.text("published_time IS NULL"))


_metadata = MetaData()
_outbox = outbox_table(_metadata)


_PENDING = "shopmesh_outbox_rows"
_RECORD = f"""
    WITH wake AS (SELECT pg_notify('{NOTIFY_CHANNEL}', ''))
    INSERT INTO outbox (id, topic, key, type, source, payload, headers, create_time)
    SELECT e.id, e.topic, e.key, e.type, e.source, e.payload, e.headers::jsonb, e.create_time
    FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bytea[], $7::text[],
                $8::timestamptz[]) AS e(id, topic, key, type, source, payload, headers, create_time), wake
"""


async def record(session: Transaction, *, topic: str, key: str, event: Message, source: str) -> uuid.UUID:
    """Adds ``event`` to the outbox in ``session``'s transaction (written just before it commits, see
    :meth:`Database.transaction`); returns its event id."""
    event_id = uuid.uuid4()
    carrier: dict[str, str] = {}
    inject(carrier)  # traceparent of the current span, so consumers continue the same trace
    # In _RECORD's column order.
    row = (
        event_id,
        topic,
        key,
        event.DESCRIPTOR.full_name,
        source,
        event.SerializeToString(),
        json.dumps(carrier),
        datetime.now(UTC),
    )
    pending = session.info.get(_PENDING)
    if pending is None:
        pending = session.info[_PENDING] = []
        before_commit(session, _write_recorded)
    pending.append(row)
    return event_id


async def _write_recorded(session: Transaction) -> None:
    """The transaction's events in one INSERT, which also queues the NOTIFY that PostgreSQL sends at commit
    (PostgreSQL sends one per channel and transaction, however often it is asked)."""
    rows = session.info.pop(_PENDING, [])
    if rows:
        columns = [list(column) for column in zip(*rows, strict=True)]  # one array per column
        await (await session.driver()).execute(_RECORD, *columns)


def kafka_headers(row: Any) -> list[tuple[str, bytes]]:
    headers = {
        "ce_specversion": "1.0",
        "ce_id": str(row.id),
        "ce_type": row.type,
        "ce_source": row.source,
        "ce_time": row.create_time.isoformat(),
        "content-type": CONTENT_TYPE,
        **json.loads(row.headers),
    }
    return [(k, v.encode()) for k, v in headers.items()]


class OutboxRelay:
    def __init__(
        self,
        database: Database,
        producer_factory: Callable[[], Any],
        *,
        lock_name: str,
        batch_size: int = 200,
        poll_interval: float = 5.0,
        gather_seconds: float = 0.01,
        max_backoff: float = 5.0,
        retention: timedelta = timedelta(hours=1),
    ) -> None:
        self._db = database
        self._producer_factory = producer_factory
        self._lock_name = lock_name
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._gather = gather_seconds
        self._max_backoff = max_backoff
        self._retention = retention
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(self._run(), name="outbox-relay"),
            asyncio.create_task(self._report_backlog_forever(), name="outbox-backlog"),
        ]

    async def stop(self) -> None:
        await asyncio.gather(*(cancel_and_wait(task) for task in self._tasks))

    async def report_backlog(self) -> None:
        """Sets the backlog gauges from the table."""
        async with self._db.reading() as session:
            count, age = await (await session.driver()).fetchrow(_BACKLOG)
        PENDING.set(count)
        OLDEST_PENDING.set(age)

    async def _report_backlog_forever(self) -> None:
        while True:
            try:
                await self.report_backlog()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # the database is away: the gauges keep their last values
                log.debug("outbox backlog not measured: %r", error)
            await asyncio.sleep(BACKLOG_INTERVAL_SECONDS)

    async def _run(self) -> None:
        backoff = self._poll_interval
        while True:
            try:
                await self._publish_while_leader()
                backoff = self._poll_interval
            except asyncio.CancelledError:
                raise
            except Exception as error:
                log.warning("outbox relay paused: %r; retrying in %.1fs", error, backoff)
                await asyncio.sleep(backoff)
                backoff = min(max(backoff * 2, 0.2), self._max_backoff)

    async def _publish_while_leader(self) -> None:
        async with self._db.engine.connect() as lock_connection:
            try:
                await self._lead(lock_connection)
            except BaseException:
                # Its session may be gone (that is often why we are here): never hand it back to the pool, where
                # the next request would find it closed. Invalidating ends the session, and the lock with it.
                with contextlib.suppress(Exception):
                    await lock_connection.invalidate()
                raise

    async def _lead(self, lock_connection: AsyncConnection) -> None:
        locked = (
            await lock_connection.execute(text("SELECT pg_try_advisory_lock(hashtext(:n))"), {"n": self._lock_name})
        ).scalar()
        if not locked:  # another replica publishes; check again later
            await asyncio.sleep(1.0)
            return
        # The advisory lock is the session's: end the transaction so that NOTIFYs reach this connection
        # (PostgreSQL holds them back from a session inside a transaction).
        await lock_connection.commit()
        wake = asyncio.Event()
        raw = (await lock_connection.get_raw_connection()).driver_connection

        def listener(*_: object) -> None:
            wake.set()

        await raw.add_listener(NOTIFY_CHANNEL, listener)
        raw.add_termination_listener(listener)  # the lock is gone with its session: find out at once
        try:
            producer = self._producer_factory()
            try:
                # Inside the try: a producer whose start failed (the broker is down) keeps its metadata
                # loop running until stopped, and each retry of the relay would leave one more behind.
                await producer.start()
                purged_at = float("-inf")
                while True:
                    wake.clear()
                    if await self.publish_batch(producer, leader=lock_connection) < self._batch_size:
                        if time.monotonic() - purged_at >= PURGE_INTERVAL_SECONDS:
                            await self.purge_published()
                            purged_at = time.monotonic()
                        # asyncio.timeout, not wait_for: Python 3.11's wait_for drops a cancellation that
                        # arrives as the wait ends (the relay would then never stop).
                        with contextlib.suppress(TimeoutError):
                            async with asyncio.timeout(self._poll_interval):
                                await wake.wait()
                        # Commits often come in bursts (one checkout writes in several services at once):
                        # a few milliseconds more gather them into one batch.
                        await asyncio.sleep(self._gather)
            finally:
                await producer.stop()
        finally:
            raw.remove_termination_listener(listener)
            with contextlib.suppress(Exception):
                await raw.remove_listener(NOTIFY_CHANNEL, listener)
            await lock_connection.execute(text("SELECT pg_advisory_unlock(hashtext(:n))"), {"n": self._lock_name})
            await lock_connection.commit()

    async def publish_batch(self, producer: Any, leader: AsyncConnection | None = None) -> int:
        """Sends the oldest unpublished events and marks them, in one transaction; returns how many were sent.

        ``leader`` is the connection whose session holds the relay's lock: the transaction runs on it, so it
        fails when the lock has gone with the session (without one, any connection of the pool serves)."""
        if leader is None:
            async with self._db.transaction() as session:
                sent = await self._send_oldest(session, producer)
        else:
            async with leader.begin():
                sent = await self._send_oldest(Transaction(leader), producer)
        PUBLISHED.inc(sent)
        return sent

    async def _send_oldest(self, session: Transaction, producer: Any) -> int:
        rows = [_Published(*row) for row in await (await session.driver()).fetch(_TAKE, self._batch_size)]
        if rows:
            rows.sort(key=lambda row: (row.create_time, row.id))  # RETURNING has no order of its own
            with contextlib.ExitStack() as spans:  # one PRODUCER span per event, in the trace that caused it
                for row in rows:
                    spans.enter_context(
                        client_span(
                            f"{row.topic} publish",
                            carrier=json.loads(row.headers),
                            kind=SpanKind.PRODUCER,
                            **{"messaging.system": "kafka", "messaging.destination.name": row.topic},
                        )
                    )
                sends = [
                    await producer.send(row.topic, value=row.payload, key=row.key.encode(), headers=kafka_headers(row))
                    for row in rows
                ]
                await asyncio.gather(*sends)  # every send acknowledged by all in-sync replicas
        return len(rows)

    async def purge_published(self) -> int:
        """Deletes rows published longer ago than the retention; returns how many."""
        async with self._db.transaction() as session:
            result = await session.execute(
                delete(_outbox).where(_outbox.c.published_time < datetime.now(UTC) - self._retention)
            )
        return int(result.rowcount or 0)


def kafka_producer_factory(kafka: KafkaConnection, client_id: str) -> Callable[[], Any]:
    def make() -> Any:
        from aiokafka import AIOKafkaProducer

        return AIOKafkaProducer(
            **kafka.client_kwargs(),
            client_id=client_id,
            enable_idempotence=True,
            acks="all",
            linger_ms=2,
            request_timeout_ms=10000,
        )

    return make
