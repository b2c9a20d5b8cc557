"""Which event types some endpoint asked for, known well enough to skip an event before opening a transaction.

Most events concern no endpoint (a shop without webhooks has none), yet taking each one cost the consumer a
write transaction (its processed_events row and a subscriber lookup). The consumer now asks :meth:`wanted` first
and only the events it names go on to that transaction, where the subscribers are looked up as before.

An endpoint receives the events that happen after it is registered: an event created at time T (its outbox's
clock) is judged by a list of subscribed types read after T (this process's clock), plus ``clock_skew`` between
the two clocks. A registration committed before T is then in the list. The list is read again only when an
event needs a newer one, and at most every ``interval`` seconds: under load one read covers every event of that
moment; idle, nothing is read. An event whose time cannot be read, or that comes from too far ahead, is wanted
(the transaction decides).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable, Collection, Sequence
from datetime import datetime

from services.runtime.consumer import Event

FUTURE_LIMIT_SECONDS = 5.0


def _created(event: Event) -> float | None:
    try:
        return datetime.fromisoformat(event.time).timestamp()
    except (ValueError, TypeError):
        return None


class Subscriptions:
    def __init__(
        self,
        read_types: Callable[[], Awaitable[Collection[str]]],
        *,
        interval: float = 0.2,
        clock_skew: float = 0.02,
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._read_types = read_types
        self._interval = interval
        self._clock_skew = clock_skew
        self._clock = clock
        self._monotonic = monotonic
        self._sleep = sleep
        self._types: frozenset[str] = frozenset()
        self._as_of = float("-inf")  # this process's clock when the list was read
        self._read_at = float("-inf")  # monotonic
        self._lock = asyncio.Lock()

    async def wanted(self, events: Sequence[Event]) -> set[uuid.UUID]:
        """The ids of ``events`` that some endpoint may have asked for."""
        wanted: set[uuid.UUID] = set()
        judged: list[tuple[Event, float]] = []
        for event in events:
            created = _created(event)
            if created is None or created > self._clock() + FUTURE_LIMIT_SECONDS:
                wanted.add(event.id)
            else:
                judged.append((event, created))
        if judged:
            types = await self._covering(max(created for _, created in judged))
            wanted.update(event.id for event, _ in judged if event.type in types)
        return wanted

    async def _covering(self, moment: float) -> frozenset[str]:
        """The subscribed types as read after ``moment`` (plus the clock skew)."""
        while self._as_of <= moment + self._clock_skew:
            async with self._lock:
                if self._as_of > moment + self._clock_skew:  # another event's read covered it meanwhile
                    break
                until_due = self._read_at + self._interval - self._monotonic()  # reads at most every interval
                until_after = moment + self._clock_skew - self._clock()  # a read after the moment
                wait = max(until_due, until_after)
                if wait > 0:
                    await self._sleep(wait)
                as_of = self._clock()
                types = frozenset(await self._read_types())
                self._types, self._as_of, self._read_at = types, as_of, self._monotonic()
        return self._types
