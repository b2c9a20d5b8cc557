"""Checkout load for ``make bench``: shoppers who add to their cart and check out, closed-loop to find the
saturating rate and what a checkout costs, open-loop (a fixed arrival rate) for the latency a shop sees.

- Shoppers are registered before any timed window (their password hashing is not checkout's cost).
- Each checkout buys one of many products at random (``products``), so no single stock row serialises the
  run; a hot-SKU run passes one product and is labelled as such by the caller.
- Closed loop (``closed_loop``): ``concurrency`` shoppers each check out again as soon as the last answered.
  With ``cpu`` it also measures the CPU of every program of the stack: from just before the window until the
  stack is idle again (the checkouts' events are consumed, their mail sent), less what the idle stack burns
  in as long (measured just before). The bench client's own CPU is reported apart.
- Open loop (``open_loop``): checkouts start at a fixed rate whether or not earlier ones have answered, each
  by a shopper from a pool who is not mid-checkout; latency is timed from the checkout's scheduled start, so
  a slow stack cannot slow the arrivals and hide its queueing (no coordinated omission).
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

import asyncpg
import grpc

from scripts import process_usage
from scripts.mailbox import verification_code
from scripts.mesh import Profile
from scripts.stack import Stack
from shop.cart.v1 import cart_service_pb2, cart_service_pb2_grpc
from shop.identity.v1 import identity_service_pb2, identity_service_pb2_grpc
from shop.orders.v1 import orders_service_pb2, orders_service_pb2_grpc
from shop.payments.v1 import payment_pb2
from shop.shipping.v1 import shipment_pb2

ADDRESS = shipment_pb2.Address(
    recipient="Bench", line1="1 Load St", city="Austin", postal_code="73301", region="TX", country_code="US"
)
CARD = payment_pb2.Card(number="4242424242424242", exp_month=12, exp_year=2031, cvc="123")
CLIENT = "bench client (load generator)"

Metadata = tuple[tuple[str, str], ...]


@dataclass
class Outcome:
    latencies_ms: list[float] = field(default_factory=list)
    failures: int = 0
    elapsed: float = 0.0
    # program → CPU ms per checkout (idle baseline subtracted), when measured
    cpu_ms: dict[str, float] = field(default_factory=dict)
    # PostgreSQL transactions per checkout, every database and consumer included (idle baseline subtracted)
    transactions: float = 0.0

    @property
    def rate(self) -> float:
        return len(self.latencies_ms) / self.elapsed if self.elapsed else 0.0


async def _register(profile: Profile) -> Metadata:
    email = f"bench-{uuid.uuid4().hex[:12]}@example.com"
    async with grpc.aio.insecure_channel(profile.target("identity")) as channel:
        identity = identity_service_pb2_grpc.IdentityServiceStub(channel)
        await identity.RegisterUser(
            identity_service_pb2.RegisterUserRequest(email=email, password="bench password", display_name="Bench")
        )
        # A shopper confirms their address with the mailed code before buying, as a person does.
        code = await asyncio.to_thread(verification_code, profile.maildir, email)
        await identity.VerifyEmail(identity_service_pb2.VerifyEmailRequest(token=code))
        token = await identity.Login(identity_service_pb2.LoginRequest(email=email, password="bench password"))
    return (("authorization", f"Bearer {token.access_token}"),)


def register_shoppers(profile: Profile, count: int) -> list[Metadata]:
    async def register() -> list[Metadata]:
        return list(await asyncio.gather(*(_register(profile) for _ in range(count))))

    return asyncio.run(register())


class _Shop:
    """The cart and orders stubs the bench shops through, over one channel each."""

    def __init__(self, profile: Profile, products: Sequence[str], traced: bool | None = None) -> None:
        # None: the services decide (their root sampling ratio); True/False: every call carries a trace
        # context that is sampled or not, so the whole stack records (and exports) every span, or none.
        self._traced = traced
        # Over every replica, round robin, as the services call each other (services/runtime/channels.py).
        spread = [("grpc.lb_policy_name", "round_robin")]
        self._cart_channel = grpc.aio.insecure_channel(profile.balanced_target("cart"), options=spread)
        self._orders_channel = grpc.aio.insecure_channel(profile.balanced_target("orders"), options=spread)
        self._cart = cart_service_pb2_grpc.CartServiceStub(self._cart_channel)
        self._orders = orders_service_pb2_grpc.OrdersServiceStub(self._orders_channel)
        self._products = list(products)

    async def close(self) -> None:
        await self._cart_channel.close()
        await self._orders_channel.close()

    def _metadata(self, shopper: Metadata) -> Metadata:
        if self._traced is None:
            return shopper
        flags = "01" if self._traced else "00"
        return (*shopper, ("traceparent", f"00-{uuid.uuid4().hex}-{uuid.uuid4().hex[:16]}-{flags}"))

    async def fill_cart(self, shopper: Metadata) -> None:
        product = random.choice(self._products)
        await self._cart.AddCartItem(
            cart_service_pb2.AddCartItemRequest(cart="carts/me", product=product, quantity=1),
            metadata=self._metadata(shopper),
        )

    async def checkout(self, shopper: Metadata) -> None:
        await self._orders.Checkout(
            orders_service_pb2.CheckoutRequest(request_id=str(uuid.uuid4()), shipping_address=ADDRESS, card=CARD),
            metadata=self._metadata(shopper),
            timeout=10,
        )


def _stack_cpu(programs: dict[str, int]) -> dict[str, float]:
    return {**process_usage.cpu_seconds(programs), CLIENT: time.process_time()}


def pg_transactions(profile: Profile) -> int:
    """Transactions committed or rolled back so far in every database of the stack's PostgreSQL (as its
    statistics say: a backend reports them when it goes idle, at most a second late)."""

    async def read() -> int:
        connection = await asyncpg.connect(profile.database_url("postgres").replace("+asyncpg", ""))
        try:
            return int(await connection.fetchval("SELECT sum(xact_commit + xact_rollback) FROM pg_stat_database"))
        finally:
            await connection.close()

    return asyncio.run(read())


@dataclass(frozen=True)
class Idle:
    """What the stack burns with no load (health probes, polls, timers, scrapes), per second."""

    cpu: dict[str, float]  # program → CPU seconds per second
    transactions: float  # PostgreSQL transactions per second


def idle_usage(profile: Profile, seconds: float = 3.0) -> Idle:
    programs = Stack(profile).pids()
    before, transactions_before = process_usage.cpu_seconds(programs), pg_transactions(profile)
    time.sleep(seconds)
    after, transactions_after = process_usage.cpu_seconds(programs), pg_transactions(profile)
    return Idle(
        cpu={name: (after[name] - before.get(name, 0.0)) / seconds for name in after},
        transactions=(transactions_after - transactions_before) / seconds,
    )


def wait_until_idle(profile: Profile, *, busy_cores: float = 0.2, within: float = 60.0) -> None:
    """Until the stack's programs together use less than ``busy_cores`` over a second (``within`` s at most)."""
    programs = Stack(profile).pids()
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        before = process_usage.cpu_seconds(programs)
        time.sleep(1.0)
        if sum(process_usage.cpu_seconds(programs).values()) - sum(before.values()) < busy_cores:
            return


def closed_loop(
    profile: Profile,
    shoppers: Sequence[Metadata],
    products: Sequence[str],
    seconds: float,
    *,
    idle: Idle | None = None,
    traced: bool | None = None,
) -> Outcome:
    """Every shopper checks out again as soon as the last answered; with ``idle`` (from :func:`idle_usage`),
    CPU and PostgreSQL transactions per checkout are measured until the stack is idle again. ``traced``
    forces every checkout's trace on or off (default: the services' own sampling)."""
    outcome = Outcome()

    async def shopper(shop: _Shop, metadata: Metadata, deadline: float) -> None:
        while time.monotonic() < deadline:
            await shop.fill_cart(metadata)
            started = time.perf_counter()
            try:
                await shop.checkout(metadata)
                outcome.latencies_ms.append((time.perf_counter() - started) * 1000)
            except grpc.aio.AioRpcError:
                outcome.failures += 1

    async def run(deadline: float) -> None:
        shop = _Shop(profile, products, traced)
        try:
            await asyncio.gather(*(shopper(shop, metadata, deadline) for metadata in shoppers))
        finally:
            await shop.close()

    programs = Stack(profile).pids()
    transactions_before = pg_transactions(profile) if idle is not None else 0
    before = _stack_cpu(programs)
    measured_from = time.monotonic()
    asyncio.run(run(measured_from + seconds))
    outcome.elapsed = time.monotonic() - measured_from
    if idle is not None:
        wait_until_idle(profile)  # the checkouts' events and mail are part of what a checkout costs
        after = _stack_cpu(programs)
        window = time.monotonic() - measured_from
        baseline = {name: before.get(name, 0.0) + rate * window for name, rate in idle.cpu.items()}
        baseline[CLIENT] = before[CLIENT]
        outcome.cpu_ms = process_usage.per_operation_ms(baseline, after, len(outcome.latencies_ms))
        time.sleep(1.0)  # the backends' statistics of the last transactions, reported once they went idle
        spent = pg_transactions(profile) - transactions_before - idle.transactions * (time.monotonic() - measured_from)
        outcome.transactions = spent / max(len(outcome.latencies_ms), 1)
    return outcome


def open_loop(
    profile: Profile, shoppers: Sequence[Metadata], products: Sequence[str], rate: float, seconds: float
) -> Outcome:
    """Checkouts started at ``rate`` per second for ``seconds``, each timed from its scheduled start."""
    outcome = Outcome()

    async def one(shop: _Shop, free: asyncio.Queue[Metadata], scheduled: float) -> None:
        metadata = await free.get()  # waiting for a free shopper counts: it is queueing
        try:
            filling = time.perf_counter()
            await shop.fill_cart(metadata)
            filled_in = time.perf_counter() - filling
            try:
                await shop.checkout(metadata)
                # from the scheduled start, less the cart add before it: the checkout plus any queueing
                outcome.latencies_ms.append((time.perf_counter() - scheduled - filled_in) * 1000)
            except grpc.aio.AioRpcError:
                outcome.failures += 1
        finally:
            free.put_nowait(metadata)

    async def run() -> None:
        shop = _Shop(profile, products)
        free: asyncio.Queue[Metadata] = asyncio.Queue()
        for metadata in shoppers:
            free.put_nowait(metadata)
        tasks = []
        start = time.perf_counter()
        try:
            for i in range(int(rate * seconds)):
                scheduled = start + i / rate
                await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
                tasks.append(asyncio.create_task(one(shop, free, scheduled)))
            await asyncio.gather(*tasks)
        finally:
            await shop.close()
        outcome.elapsed = time.perf_counter() - start

    asyncio.run(run())
    return outcome
