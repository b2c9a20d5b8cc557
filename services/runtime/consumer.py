"""Kafka consumers that apply every event exactly once in effect, and never let one bad event block others.

- What one poll brings from a partition is handled in **one database transaction** together with its rows
  in ``processed_events`` (one multi-row insert) keyed by (consumer, event id): a redelivered duplicate
  finds its row and changes nothing.
- If that transaction fails, the batch is applied again **one event per transaction**, so a poison event
  fails alone and the others are applied exactly once.
- Offsets are committed only **after** the transactions, on a cadence (``commit_interval`` seconds), and at
  a clean stop: a consumer killed mid-batch re-reads what it had not committed and the duplicates are
  skipped.
- A failing event is retried with exponential backoff; after ``max_attempts`` it goes to the consumer's
  **dead-letter topic** (original bytes and headers + the error, topic, partition and offset) and the
  partition moves on. ``python -m services.<name> dead-letters list|redrive`` inspects and replays them.
- The database being unreachable is not the event's fault: it is retried without counting attempts.
- Events continue the trace of the request that caused them (the ``traceparent`` header).
- Lag (refreshed with each offset commit: every second while events flow, every 5 s when idle),
  handled/duplicate/failed/dead-lettered counts are Prometheus metrics (``/metrics`` when the service sets
  ``metrics_port``).

Consumers of a service scale out by running more processes: they share a consumer group, and Kafka spreads
the partitions among them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from google.protobuf.message import Message
from opentelemetry import trace
from opentelemetry.propagate import extract
from prometheus_client import Counter, Gauge
from sqlalchemy import Column, DateTime, MetaData, PrimaryKeyConstraint, String, Table, Uuid

from services.runtime.cancellation import cancel_and_wait
from services.runtime.database import Database, Transaction, as_unavailable
from services.runtime.kafka_connection import KafkaConnection

log = logging.getLogger(__name__)
tracer = trace.get_tracer(__name__)
M = TypeVar("M", bound=Message)

HANDLED = Counter("shopmesh_events_handled_total", "Events applied", ["consumer", "type"])
DUPLICATES = Counter("shopmesh_events_duplicate_total", "Redelivered events skipped", ["consumer", "type"])
FAILURES = Counter("shopmesh_event_failures_total", "Failed attempts to handle an event", ["consumer", "type"])
DEAD_LETTERED = Counter("shopmesh_events_dead_lettered_total", "Events sent to the dead-letter topic", ["consumer"])
LAG = Gauge("shopmesh_consumer_lag", "Records behind the end of the partition", ["consumer", "topic", "partition"])

FETCH_MAX_WAIT_MS = 5000
DLQ_HEADERS = ("dlq_topic", "dlq_partition", "dlq_offset", "dlq_consumer", "dlq_error", "dlq_time")


def processed_events_table(metadata: MetaData) -> Table:
    return Table(
        "processed_events",
        metadata,
        Column("consumer", String(100), nullable=False),
        Column("event_id", Uuid, nullable=False),
        Column("processed_time", DateTime(timezone=True), nullable=False),
        PrimaryKeyConstraint("consumer", "event_id"),
    )


def create_processed_events_table(op: Any) -> None:
    """For a service's Alembic migration: ``create_processed_events_table(op)``."""
    import sqlalchemy as sa

    op.create_table(
        "processed_events",
        sa.Column("consumer", sa.String(100), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("processed_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("consumer", "event_id"),
    )


_processed = processed_events_table(MetaData())
# The ids of the events this consumer has not processed before, now recorded as processed.
_FIRST_TIME = """
    INSERT INTO processed_events (consumer, event_id, processed_time)
    SELECT $1, id, now() FROM unnest($2::uuid[]) AS id
    ON CONFLICT DO NOTHING RETURNING event_id
"""


@dataclass(frozen=True)
class Event:
    """One domain event as read from Kafka (CloudEvents binary mode, see :mod:`.outbox`)."""

    id: uuid.UUID
    type: str
    source: str
    time: str
    key: str
    topic: str
    partition: int
    offset: int
    payload: bytes
    headers: Mapping[str, str]

    @classmethod
    def from_record(cls, record: Any) -> Event:
        headers = {k: v.decode() for k, v in (record.headers or ())}
        return cls(
            id=uuid.UUID(headers["ce_id"]),
            type=headers["ce_type"],
            source=headers.get("ce_source", ""),
            time=headers.get("ce_time", ""),
            key=(record.key or b"").decode(),
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            payload=record.value or b"",
            headers=headers,
        )

    def parse(self, message_type: type[M]) -> M:
        message = message_type()
        message.ParseFromString(self.payload)
        return message


Handler = Callable[[Transaction, Event], Awaitable[None]]
# Which of a batch's events (ids) are worth a transaction; the others are skipped as types without a handler are.
Wanted = Callable[[Sequence[Event]], Awaitable[Collection[uuid.UUID]]]


class EventConsumer:
    """One consumer group: ``handlers`` maps event types (message full names) to handlers; other types on
    the topics are skipped. Runs as a background loop of the service (``start``/``stop``)."""

    def __init__(
        self,
        *,
        name: str,
        database: Database,
        kafka: KafkaConnection,
        topics: Sequence[str],
        handlers: Mapping[str, Handler],
        max_attempts: int = 5,
        initial_backoff: float = 0.1,
        max_backoff: float = 5.0,
        batch_size: int = 100,
        commit_interval: float = 1.0,
        on_applied: Callable[[Event], None] | None = None,
        wanted: Wanted | None = None,
    ) -> None:
        self.name = name
        self.dead_letter_topic = dead_letter_topic(name)
        self._db = database
        self._kafka = kafka
        self._topics = list(topics)
        self._handlers = dict(handlers)
        DEAD_LETTERED.labels(name)  # every series at 0 from the start: rates and alerts work before the first
        for event_type in self._handlers:
            HANDLED.labels(name, event_type)
            FAILURES.labels(name, event_type)
            DUPLICATES.labels(name, event_type)
        self._max_attempts = max_attempts
        self._initial_backoff = initial_backoff
        self._max_backoff = max_backoff
        self._batch_size = batch_size
        self._commit_interval = commit_interval
        # Called after an event's transaction committed (e.g. to wake a loop that acts on what it wrote).
        self._on_applied = on_applied
        # Asked before the transaction, when the handlers would do nothing for most events (see Wanted).
        self._wanted = wanted
        self._task: asyncio.Task[None] | None = None

    @property
    def topics(self) -> tuple[str, ...]:
        return tuple(self._topics)

    @property
    def kafka(self) -> KafkaConnection:
        return self._kafka

    def start(self) -> None:
        self._task = asyncio.create_task(self.run(), name=f"consumer-{self.name}")

    async def stop(self) -> None:
        if self._task is not None:
            await cancel_and_wait(self._task)

    async def run(self) -> None:
        backoff = self._initial_backoff
        while True:
            try:
                await self._consume()
            except asyncio.CancelledError:
                raise
            except Exception as error:
                log.warning("consumer %s paused: %r; retrying in %.1fs", self.name, error, backoff)
                await asyncio.sleep(backoff)
                backoff = min(max(backoff * 2, 0.5), self._max_backoff)

    async def _consume(self) -> None:
        from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

        consumer = AIOKafkaConsumer(
            *self._topics,
            **self._kafka.client_kwargs(),
            group_id=self.name,
            client_id=self.name,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            isolation_level="read_committed",
            # An idle fetch waits this long at the broker for records (they are answered the moment one arrives):
            # the default 0.5 s made every idle consumer a request to Kafka twice a second.
            fetch_max_wait_ms=FETCH_MAX_WAIT_MS,
            # Its background fetcher wakes at least this often (default 0.2 s: five times a second per idle
            # consumer); a fetch's answer, a rebalance and getmany's demand still wake it at once.
            consumer_timeout_ms=1000,
        )
        producer = AIOKafkaProducer(**self._kafka.client_kwargs(), enable_idempotence=True, acks="all")
        # Next offset of each partition whose events are applied but not yet committed to Kafka.
        applied: dict[Any, int] = {}
        try:
            # Started inside the try whose finally stops them: a client whose start failed (the broker is down)
            # still runs its metadata loop until stopped, and a retry would leave one more behind each time.
            await consumer.start()
            try:
                await producer.start()
                committed_at = time.monotonic()
                while True:
                    # Applied events wait at most half a second for their commit; an idle consumer sleeps as long
                    # as its fetch waits at the broker (a new record still wakes it at once).
                    wait_ms = 500 if applied else FETCH_MAX_WAIT_MS
                    batches = await consumer.getmany(timeout_ms=wait_ms, max_records=self._batch_size)
                    if batches:
                        # Partitions in parallel, each in order: an event being retried holds up only
                        # the events behind it on its own partition.
                        await asyncio.gather(*(self._handle_batch(records, producer) for records in batches.values()))
                        applied.update({p: records[-1].offset + 1 for p, records in batches.items()})
                    if time.monotonic() - committed_at >= self._commit_interval:
                        # After the events' transactions: a crash before this re-reads them, and their
                        # processed_events rows make the redelivery a no-op.
                        await self._commit(consumer, applied)
                        committed_at = time.monotonic()
            finally:
                await producer.stop()
        finally:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(5):
                    await self._commit(consumer, applied)
            await consumer.stop()

    async def _commit(self, consumer: Any, applied: dict[Any, int]) -> None:
        """Commits the offsets of what was applied (partitions still ours only) and refreshes the lag gauges."""
        assigned = consumer.assignment()
        offsets = {p: offset for p, offset in applied.items() if p in assigned}
        applied.clear()
        if offsets:
            await consumer.commit(offsets)
        for partition in assigned:
            highwater = consumer.highwater(partition)
            if highwater is not None:
                position = await consumer.position(partition)
                LAG.labels(self.name, partition.topic, partition.partition).set(highwater - position)

    async def _handle_batch(self, records: list[Any], producer: Any) -> None:
        """One partition's records, in order: in one transaction when they all parse and apply, else one by one."""
        work: list[tuple[Event, Handler]] = []
        for record in records:
            try:
                event = Event.from_record(record)
            except (KeyError, ValueError, UnicodeDecodeError):  # dead-lettered in order by the one-by-one path
                work = []
                break
            handler = self._handlers.get(event.type)
            if handler is not None:
                work.append((event, handler))
        else:
            if work and self._wanted is not None:
                keep = await self._wanted([event for event, _ in work])
                work = [(event, handler) for event, handler in work if event.id in keep]
            if not work:
                return
            try:
                await self._apply(work)
                return
            except asyncio.CancelledError:
                raise
            except Exception as error:  # the one-by-one path below retries, counts and dead-letters
                log.info(
                    "consumer %s: a batch of %d failed (%r); applying it one event at a time",
                    self.name,
                    len(work),
                    error,
                )
        for record in records:
            await self._handle(record, producer)

    async def _handle(self, record: Any, producer: Any) -> None:
        try:
            event = Event.from_record(record)
        except (KeyError, ValueError, UnicodeDecodeError) as error:  # not one of our events: nothing to retry
            await self._dead_letter(record, producer, error)
            return
        handler = self._handlers.get(event.type)
        if handler is None or (self._wanted is not None and event.id not in await self._wanted([event])):
            return
        attempts = 0
        backoff = self._initial_backoff
        while True:
            try:
                await self._apply([(event, handler)])
                return
            except asyncio.CancelledError:
                raise
            except Exception as error:
                if as_unavailable(error) is None:
                    attempts += 1
                    FAILURES.labels(self.name, event.type).inc()
                    log.warning(
                        "event %s (%s) failed, attempt %d of %d: %r",
                        event.id,
                        event.type,
                        attempts,
                        self._max_attempts,
                        error,
                    )
                    if attempts >= self._max_attempts:
                        await self._dead_letter(record, producer, error)
                        return
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self._max_backoff)

    async def _apply(self, work: Sequence[tuple[Event, Handler]]) -> None:
        """Applies events in one transaction, with their processed_events rows; duplicates change nothing.

        Each event has its own span, in the trace of the request that caused it; it ends (and the event's
        "event applied" line is logged in it) once the transaction committed."""
        done: list[tuple[Event, trace.Span]] = []
        try:
            async with self._db.transaction() as session:
                driver = await session.driver()
                first_time = {row[0] for row in await driver.fetch(_FIRST_TIME, self.name, [e.id for e, _ in work])}
                for event, handler in work:
                    if event.id not in first_time:
                        DUPLICATES.labels(self.name, event.type).inc()
                        continue
                    first_time.discard(event.id)  # a second copy within the batch is a duplicate too
                    span = tracer.start_span(
                        f"{event.type} process",
                        context=extract(dict(event.headers)),
                        kind=trace.SpanKind.CONSUMER,
                        attributes={"messaging.system": "kafka", "messaging.destination.name": event.topic},
                    )
                    done.append((event, span))
                    with trace.use_span(span):
                        await handler(session, event)
        except BaseException as error:
            for _, span in done:
                span.record_exception(error)
                span.end()
            raise
        for event, span in done:
            with trace.use_span(span, end_on_exit=True):
                HANDLED.labels(self.name, event.type).inc()
                if self._on_applied is not None:
                    self._on_applied(event)
                log.info("event applied", extra={"event_id": str(event.id), "event_type": event.type, "key": event.key})

    async def _dead_letter(self, record: Any, producer: Any, error: BaseException) -> None:
        headers = [(k, v) for k, v in (record.headers or ()) if k not in DLQ_HEADERS]
        headers += [
            ("dlq_topic", record.topic.encode()),
            ("dlq_partition", str(record.partition).encode()),
            ("dlq_offset", str(record.offset).encode()),
            ("dlq_consumer", self.name.encode()),
            ("dlq_error", repr(error)[:2000].encode()),
            ("dlq_time", datetime.now(UTC).isoformat().encode()),
        ]
        await producer.send_and_wait(self.dead_letter_topic, value=record.value, key=record.key, headers=headers)
        DEAD_LETTERED.labels(self.name).inc()
        log.error("event at %s/%d@%d dead-lettered: %r", record.topic, record.partition, record.offset, error)


def dead_letter_topic(consumer: str) -> str:
    return f"{consumer}.dead-letters"
