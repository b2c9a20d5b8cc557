"""Webhooks' use cases: endpoints (admin), taking events for them (the consumer, in the event's transaction), and
sending what is due (the delivery loops).

Every event an endpoint asked for becomes one delivery row in the transaction that records the event processed,
so it is taken exactly once per endpoint; the loops then POST it, signed, until the receiver answers 2xx or the
last attempt failed (dead-lettered: the order's later events go on). A delivery goes out only when no earlier one
of the same order to the same endpoint is still pending, so a receiver sees an order's events in order, across
restarts of either side. A receiver that keeps failing is paused by a circuit breaker. A resend can only happen if
the process dies between the receiver's answer and the row's update: receivers deduplicate by the event id.
Events of types no endpoint asked for are skipped before any transaction (:mod:`.subscriptions`): an endpoint
receives the events that happen after its registration.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from google.protobuf import descriptor_pool, message_factory
from google.protobuf.json_format import MessageToDict
from prometheus_client import Counter

from services.runtime import pagination, webhook_signatures
from services.runtime.consumer import Event, Handler
from services.runtime.database import Database, Transaction
from services.runtime.errors import InvalidArgument, NotFound
from services.runtime.pagination import PageTokens
from services.webhooks import domain
from services.webhooks.adapters.repository import WebhookStore
from services.webhooks.adapters.sender import HttpSender
from services.webhooks.domain import Delivery, Endpoint
from services.webhooks.subscriptions import Subscriptions
from shop.orders.v1 import events_pb2 as _orders_events  # noqa: F401 (registers the event types)
from shop.payments.v1 import events_pb2 as _payments_events  # noqa: F401
from shop.shipping.v1 import events_pb2 as _shipping_events  # noqa: F401

log = logging.getLogger(__name__)
ENDPOINT = "webhooks.shopmesh.dev/WebhookEndpoint"
SENT = Counter("shopmesh_webhook_deliveries_total", "Webhook delivery attempts, by outcome", ["outcome"])
for _outcome in ("delivered", "failed", "dead"):
    SENT.labels(_outcome)


@dataclass(frozen=True)
class Policy:
    max_attempts: int
    backoff_seconds: float
    max_backoff_seconds: float
    failure_threshold: int
    pause_seconds: float
    allow_local_urls: bool
    clock_skew_seconds: float = 0.02


def _now() -> datetime:
    return datetime.now(UTC)


class _Tally:
    """One endpoint's outcomes in a batch: failures since its last success (or since before the batch)."""

    def __init__(self, consecutive_failures: int) -> None:
        self.before = consecutive_failures
        self.reset = False  # a delivery succeeded: the count starts again from there
        self.failures = 0

    @property
    def failures_in_a_row(self) -> int:
        return self.failures if self.reset else self.before + self.failures

    def succeeded(self) -> None:
        self.reset, self.failures = True, 0

    def failed(self) -> None:
        self.failures += 1


def _event_data(event: Event) -> dict[str, Any]:
    message_type = message_factory.GetMessageClass(descriptor_pool.Default().FindMessageTypeByName(event.type))
    return MessageToDict(event.parse(message_type), preserving_proto_field_name=True)


class WebhooksService:
    def __init__(
        self,
        database: Database,
        sender: HttpSender,
        policy: Policy,
        *,
        page_tokens: PageTokens,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._db = database
        self._sender = sender
        self._policy = policy
        self._pages = page_tokens
        self._clock = clock
        self._taken: asyncio.Queue[None] = asyncio.Queue()
        # Events whose handler made deliveries (their transaction may still roll back): only they wake a loop.
        self._delivering: set[uuid.UUID] = set()
        # What the consumer asks before taking an event in a transaction.
        self.subscriptions = Subscriptions(self._subscribed_types, clock_skew=policy.clock_skew_seconds)

    # --- admin ----------------------------------------------------------------------------------------

    async def register(self, url: str, event_types: list[str]) -> Endpoint:
        problems = domain.check_endpoint(url, event_types, allow_local=self._policy.allow_local_urls)
        if problems:
            raise InvalidArgument(problems)
        endpoint = Endpoint(
            id=str(uuid.uuid4()),
            url=url,
            event_types=tuple(event_types),
            secret=domain.new_secret(),
            consecutive_failures=0,
            paused_until=None,
            create_time=self._clock(),
        )
        async with self._db.transaction() as session:
            await WebhookStore(session).add_endpoint(endpoint)
        return endpoint

    async def endpoints(self) -> list[Endpoint]:
        async with self._db.reading() as connection:
            return await WebhookStore(connection).endpoints()

    async def unregister(self, endpoint_id: str) -> None:
        async with self._db.transaction() as session:
            if not await WebhookStore(session).delete_endpoint(endpoint_id):
                raise NotFound(ENDPOINT, f"webhookEndpoints/{endpoint_id}")

    async def deliveries(self, endpoint_id: str, page_size: int, page_token: str) -> tuple[list[Delivery], str]:
        query = pagination.fingerprint("deliveries", endpoint_id)
        after = self._pages.decode(page_token, query)
        limit = pagination.page_size(page_size, default=50, maximum=200)
        async with self._db.reading() as connection:
            store = WebhookStore(connection)
            if await store.endpoint(endpoint_id) is None:
                raise NotFound(ENDPOINT, f"webhookEndpoints/{endpoint_id}")
            rows = await store.page(endpoint_id, int(after[0]) if after else None, limit + 1)
        return self._pages.cut(rows, limit, query, lambda last: [last.id])

    # --- events ---------------------------------------------------------------------------------------

    def handlers(self) -> dict[str, Handler]:
        return dict.fromkeys(domain.EVENT_TYPES, self._take)

    async def _take(self, session: Transaction, event: Event) -> None:
        """The event, once for every endpoint that asked for its type."""
        store = WebhookStore(session)
        subscribers = await store.subscribers(event.type)
        if not subscribers:
            return
        body = domain.body(str(event.id), event.type, event.time, event.key, _event_data(event))
        await store.add_deliveries(
            subscribers, event_id=event.id, event_type=event.type, subject=event.key, body=body, now=self._clock()
        )
        if len(self._delivering) < 10_000:
            self._delivering.add(event.id)

    async def _subscribed_types(self) -> set[str]:
        async with self._db.reading() as connection:
            return await WebhookStore(connection).subscribed_types()

    def taken(self, event: Event) -> None:
        """The consumer's after-commit hook: wakes one delivery loop when the event made deliveries (most events
        concern no endpoint; those cost no loop a transaction)."""
        if event.id in self._delivering:
            self._delivering.discard(event.id)
            self._taken.put_nowait(None)

    # --- delivery -------------------------------------------------------------------------------------

    async def deliver_due(self, limit: int = 20) -> bool:
        """Sends up to ``limit`` due deliveries in one transaction (rows locked: other loops skip them). True when
        the batch was full: more may be waiting. Endpoints' failure counts are written at the end, in id order,
        so loops sending at the same time never wait on each other in a cycle."""
        policy = self._policy
        async with self._db.transaction() as session:
            store = WebhookStore(session)
            due = await store.due(self._clock(), limit)
            tallies: dict[str, _Tally] = {}
            for delivery in due:
                tally = tallies.setdefault(delivery.endpoint_id, _Tally(delivery.consecutive_failures))
                if tally.failures and tally.failures_in_a_row >= policy.failure_threshold:
                    continue  # its circuit (re)opened in this batch: the rest of its deliveries wait
                headers = {
                    "content-type": "application/json",
                    "user-agent": "ShopMesh-Webhooks/1",
                    "shopmesh-event-id": delivery.event_id,
                    "shopmesh-event-type": delivery.event_type,
                    webhook_signatures.SIGNATURE_HEADER: webhook_signatures.sign(
                        delivery.secret, delivery.body, int(time.time())
                    ),
                }
                outcome = await self._sender.post(delivery.url, delivery.body, headers)
                now = self._clock()
                if outcome.delivered:
                    SENT.labels("delivered").inc()
                    await store.delivered(delivery.id, outcome.status_code, now)
                    tally.succeeded()
                    continue
                attempts = delivery.attempts + 1
                dead = attempts >= policy.max_attempts
                SENT.labels("dead" if dead else "failed").inc()
                if dead:
                    log.warning("webhook delivery %s dead after %d attempts: %s", delivery.id, attempts, outcome.error)
                await store.failed(
                    delivery.id,
                    attempts=attempts,
                    status_code=outcome.status_code,
                    error=outcome.error,
                    retry_at=domain.next_attempt(
                        attempts, now, base=policy.backoff_seconds, cap=policy.max_backoff_seconds
                    ),
                    dead=dead,
                )
                tally.failed()
            now = self._clock()
            for endpoint_id in sorted(tallies):
                tally = tallies[endpoint_id]
                failures = await store.record_outcomes(endpoint_id, reset=tally.reset, failures=tally.failures)
                if tally.failures:  # failed in this batch: it rests if that makes too many in a row
                    until = domain.pause_until(
                        failures, now, threshold=policy.failure_threshold, pause=policy.pause_seconds
                    )
                    if until is not None:
                        await store.pause(endpoint_id, until)
                elif tally.reset:  # only successes: the circuit is closed
                    await store.pause(endpoint_id, None)
        return len(due) == limit

    async def deliver_forever(self, interval: float) -> None:
        """Sends what is due; then waits until the consumer takes more, or ``interval`` at most (retries coming
        due, endpoints waking from a pause, events taken by another process)."""
        while True:
            try:
                while await self.deliver_due():
                    pass
            except Exception:
                log.exception("webhook delivery failed")
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(interval):
                    await self._taken.get()
