"""What the webhooks consumer skips before any transaction: never an event an endpoint registered before it
happened asked for, whatever the order of registrations, events and reads; and the list of subscribed types is
read at most every interval, only when an event needs a newer one."""

import asyncio
import uuid
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from services.runtime.consumer import Event
from services.webhooks.subscriptions import Subscriptions

TYPES = ("shop.orders.v1.OrderPlaced", "shop.orders.v1.OrderConfirmed", "shop.payments.v1.PaymentCaptured")
START = 1_800_000_000.0


class World:
    """A clock both the services' outboxes and the webhooks process read, and the endpoints' table."""

    def __init__(self) -> None:
        self.now = START
        self.registered: list[tuple[float, str]] = []  # (commit time, type)
        self.reads: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.now += max(seconds, 0.0)

    async def read_types(self) -> set[str]:
        self.reads.append(self.now)
        return {event_type for committed, event_type in self.registered if committed <= self.now}


def _event(event_type: str, created: float | str) -> Event:
    time = created if isinstance(created, str) else datetime.fromtimestamp(created, UTC).isoformat()
    return Event(uuid.uuid4(), event_type, "src", time, "orders/1", "t", 0, 0, b"", {})


steps = st.lists(
    st.one_of(
        st.tuples(st.just("register"), st.sampled_from(TYPES)),
        st.tuples(st.just("event"), st.sampled_from(TYPES)),
        st.tuples(st.just("pass"), st.floats(min_value=0, max_value=0.5)),
        st.tuples(st.just("consume"), st.integers(min_value=1, max_value=4)),
    ),
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(steps=steps)
def test_no_event_an_earlier_endpoint_asked_for_is_skipped(steps):
    world = World()
    subscriptions = Subscriptions(
        world.read_types,
        interval=0.2,
        clock_skew=0.0,
        clock=lambda: world.now,
        monotonic=lambda: world.now,
        sleep=world.sleep,
    )
    pending: list[Event] = []

    async def run() -> None:
        for step, value in steps:
            if step == "register":
                world.registered.append((world.now, value))
            elif step == "event":
                world.now += 0.001
                pending.append(_event(value, world.now))
            elif step == "pass":
                world.now += value
            elif pending:
                batch, pending[:] = pending[:value], pending[value:]
                wanted = await subscriptions.wanted(batch)
                for event in batch:
                    created = datetime.fromisoformat(event.time).timestamp()
                    asked_before = any(t == event.type and at < created for at, t in world.registered)
                    if asked_before:
                        assert event.id in wanted, (event.type, created, world.registered)
        gaps = [b - a for a, b in zip(world.reads, world.reads[1:], strict=False)]
        assert all(gap >= 0.2 - 1e-9 for gap in gaps), world.reads

    asyncio.run(run())


def test_idle_nothing_is_read_and_old_events_share_one_read():
    world = World()
    subscriptions = Subscriptions(
        world.read_types, clock=lambda: world.now, monotonic=lambda: world.now, sleep=world.sleep
    )
    world.registered.append((START, TYPES[0]))
    world.now += 10
    events = [_event(TYPES[0], START + 1), _event(TYPES[1], START + 2), _event(TYPES[0], START + 3)]
    assert asyncio.run(subscriptions.wanted(events)) == {events[0].id, events[2].id}
    assert asyncio.run(subscriptions.wanted(events[:2])) == {events[0].id}
    assert len(world.reads) == 1


def test_an_event_whose_time_cannot_be_read_or_comes_from_the_future_is_left_to_the_transaction():
    world = World()
    subscriptions = Subscriptions(
        world.read_types, clock=lambda: world.now, monotonic=lambda: world.now, sleep=world.sleep
    )
    odd = [_event(TYPES[1], "yesterday"), _event(TYPES[1], ""), _event(TYPES[1], START + 3600)]
    assert asyncio.run(subscriptions.wanted(odd)) == {e.id for e in odd}
    assert world.reads == []
