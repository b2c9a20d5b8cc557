"""``make load``: shoppers on the public REST API, so the dashboards and traces have something to show.

    python -m scripts.load [--rate 2] [--seconds 0] [--shoppers 20]

Off unless you run it. Visits start at a fixed rate (``--rate`` per second, 2 by default: a laptop running
the whole stack keeps up) and each is what a browser session does through the gateway: list products, search,
open a product, and for some of them add to the cart and check out (mostly approved cards, some declined),
then look at the order history. Shoppers are registered once at the start; a shopper is in one visit at a time.
It runs until Ctrl-C (or ``--seconds``) and prints a line every 10 s: visits, checkouts by outcome, failures.

The same load drives ``make chaos`` and ``make soak`` (scripts/chaos.py, scripts/soak.py): every request is
recorded (:class:`Call`) with when it started, how long it took and how it ended, so they can cut the record
into windows.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import sys
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from scripts.mailbox import verification_code
from scripts.mesh import Profile

APPROVED, DECLINED = "4242424242424242", "4000000000000002"
ADDRESS = {
    "recipient": "Load Shopper",
    "line1": "1 Market St",
    "city": "San Francisco",
    "postal_code": "94105",
    "region": "CA",
    "country_code": "US",
}
WORDS = ("coffee", "mug", "kettle", "tea", "grinder", "filter", "cup", "beans")
# A checkout refused for what the shopper did (not a failure of the shop).
REFUSALS = ("PAYMENT_DECLINED", "OUT_OF_STOCK")


@dataclass(frozen=True)
class Call:
    """One request of the load: ``kind`` is browse, cart or checkout; ``outcome`` is "ok", "refused
    (<reason>)", an HTTP status ("503"), "timeout" or "connection"."""

    start: float  # time.monotonic()
    kind: str
    outcome: str
    ms: float

    @property
    def failed(self) -> bool:
        return self.outcome != "ok" and not self.outcome.startswith("refused")


@dataclass
class Record:
    calls: list[Call] = field(default_factory=list)
    visits: int = 0

    def between(self, start: float, end: float) -> list[Call]:
        return [call for call in self.calls if start <= call.start < end]


def p95(calls: Sequence[Call]) -> float | None:
    if not calls:
        return None
    latencies = sorted(call.ms for call in calls)
    return latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]


class Shopper:
    """A logged-in customer: the authorization header of their session, refreshed (POST /v1/sessions:refresh)
    a minute before the access token expires, as a web client would."""

    def __init__(self, session: dict[str, Any]) -> None:
        self._take(session)

    def _take(self, session: dict[str, Any]) -> None:
        self.headers = {"authorization": f"Bearer {session['access_token']}"}
        self._refresh_token = session["refresh_token"]
        expires = datetime.fromisoformat(session["access_token_expire_time"].replace("Z", "+00:00"))
        self._refresh_at = time.monotonic() + (expires - datetime.now(UTC)).total_seconds() - 60

    async def fresh(self, client: httpx.AsyncClient) -> dict[str, str]:
        if time.monotonic() >= self._refresh_at:
            refreshed = await client.post("/v1/sessions:refresh", json={"refresh_token": self._refresh_token})
            if refreshed.status_code == 200:
                self._take(refreshed.json())
        return self.headers


async def register_shopper(client: httpx.AsyncClient, n: int, maildir: Path) -> Shopper:
    """A new customer, address confirmed, logged in."""
    email, password = f"load-{uuid.uuid4().hex[:10]}@example.com", "load shopper password"
    while True:  # registration and login share the gateway's strict limit: wait out a 429
        registered = await client.post(
            "/v1/users", json={"email": email, "password": password, "display_name": f"Shopper {n}"}
        )
        if registered.status_code != 429:
            break
        await asyncio.sleep(1)
    registered.raise_for_status()
    # Confirm the address with the mailed code (checkout needs it), as a person would.
    code = await asyncio.to_thread(verification_code, maildir, email)
    (await client.post("/v1/users:verifyEmail", json={"token": code})).raise_for_status()
    while True:
        session = await client.post("/v1/sessions", json={"email": email, "password": password})
        if session.status_code != 429:
            break
        await asyncio.sleep(1)
    session.raise_for_status()
    return Shopper(session.json())


class Shop:
    """Visits through the gateway, each request recorded."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        products: Sequence[str],  # variant names (buyable())
        record: Record,
        *,
        checkout_share: float = 0.5,
        declined_share: float = 0.1,
    ) -> None:
        self.client = client
        self.products = list(products)
        self.record = record
        self.checkout_share = checkout_share
        self.declined_share = declined_share

    async def _call(self, kind: str, method: str, url: str, **kwargs: object) -> httpx.Response | None:
        started = time.monotonic()
        response: httpx.Response | None = None
        try:
            response = await self.client.request(method, url, **kwargs)  # type: ignore[arg-type]
            outcome = "ok" if response.status_code < 300 else str(response.status_code)
            if kind == "checkout" and response.status_code in (400, 409):
                reason = _reason(response)
                outcome = f"refused ({reason})" if reason in REFUSALS else f"{response.status_code} {reason}".strip()
        except httpx.TimeoutException:
            outcome = "timeout"
        except httpx.TransportError:
            outcome = "connection"
        self.record.calls.append(Call(started, kind, outcome, (time.monotonic() - started) * 1000))
        return response

    async def visit(self, customer: Shopper) -> None:
        self.record.visits += 1
        shopper = await customer.fresh(self.client)
        await self._call("browse", "GET", "/v1/products", params={"page_size": 12})
        await self._call("browse", "GET", "/v1/products:search", params={"query": random.choice(WORDS)})
        variant = random.choice(self.products)  # products/{p}/variants/{v}
        product = "/".join(variant.split("/")[:2])
        await self._call("browse", "GET", f"/v1/{product}")
        if random.random() >= self.checkout_share:
            return
        added = await self._call(
            "cart",
            "POST",
            "/v1/carts/me:addItem",
            headers=shopper,
            json={"product": product, "variant": variant, "quantity": 1},
        )
        if added is None or added.status_code != 200:
            await self._call("cart", "POST", "/v1/carts/me:clear", headers=shopper, json={})
            return
        card = DECLINED if random.random() < self.declined_share else APPROVED
        answer = await self._call(
            "checkout",
            "POST",
            "/v1/orders:checkout",
            headers=shopper,
            json={
                "request_id": str(uuid.uuid4()),
                "shipping_address": ADDRESS,
                "card": {"number": card, "exp_month": 12, "exp_year": 2031, "cvc": "123"},
            },
        )
        if answer is None or answer.status_code != 200:
            await self._call("cart", "POST", "/v1/carts/me:clear", headers=shopper, json={})
        await self._call("browse", "GET", "/v1/orders", headers=shopper, params={"page_size": 5})


async def restock(client: httpx.AsyncClient, profile: Profile, skus: list[str]) -> None:
    """Plenty of stock for what the load buys (as the stack's admin), so refusals are the shoppers', not an empty
    shelf."""
    session = await client.post("/v1/sessions", json={"email": profile.admin_email, "password": profile.admin_password})
    session.raise_for_status()
    admin = {"authorization": f"Bearer {session.json()['access_token']}"}
    for sku in skus:
        answer = await client.post("/v1/stockLevels:adjust", headers=admin, json={"sku": sku, "delta": 500})
        answer.raise_for_status()


def _reason(response: httpx.Response) -> str:
    try:
        return str(response.json().get("details", [{}])[0].get("reason", ""))
    except (ValueError, AttributeError, IndexError):
        return ""


def buyable(products: Sequence[dict]) -> list[str]:
    """What load buys of listed products: each one's first active variant (a product with several must be bought
    by variant, or addItem is 400 VARIANT_REQUIRED), by its name ``products/{p}/variants/{v}``."""
    return [
        variant["name"]
        for product in products
        for variant in [next((v for v in product.get("variants", []) if v["state"] == "STATE_ACTIVE"), None)]
        if variant is not None
    ]


def buyable_skus(products: Sequence[dict]) -> list[str]:
    """The SKUs of :func:`buyable` (what to restock)."""
    chosen = set(buyable(products))
    return [v["sku"] for product in products for v in product.get("variants", []) if v["name"] in chosen]


async def products_listed(client: httpx.AsyncClient, count: int = 100) -> list[str]:
    listed = (await client.get("/v1/products", params={"page_size": count})).json()["products"]
    return buyable(listed)


async def open_loop(shop: Shop, shoppers: Sequence[Shopper], rate: float, stop: asyncio.Event) -> None:
    """Visits started ``rate`` per second until ``stop`` is set (each by a shopper not in a visit: waiting
    for one is queueing, and counts in the visit's calls), then waits for the visits under way."""
    free: asyncio.Queue[Shopper] = asyncio.Queue()
    for shopper in shoppers:
        free.put_nowait(shopper)

    async def one() -> None:
        shopper = await free.get()
        try:
            await shop.visit(shopper)
        finally:
            free.put_nowait(shopper)

    tasks: set[asyncio.Task[None]] = set()
    started, n = time.monotonic(), 0
    while not stop.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), max(0.0, started + n / rate - time.monotonic()))
            break
        task = asyncio.create_task(one())
        tasks.add(task)
        task.add_done_callback(tasks.discard)
        n += 1
    await asyncio.gather(*tasks, return_exceptions=True)


def tally(calls: Sequence[Call]) -> str:
    counts = Counter(f"{call.kind} {call.outcome}" for call in calls)
    return ", ".join(f"{what} {n}" for what, n in sorted(counts.items()))


async def run(profile: Profile, rate: float, seconds: float, shoppers: int) -> None:
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(base_url=profile.gateway_url, timeout=15, limits=limits) as client:
        products = await products_listed(client)
        print(f"load: registering {shoppers} shoppers...", flush=True)
        pool = [await register_shopper(client, n, profile.maildir) for n in range(shoppers)]
        print(f"load: {rate:g} visits/s through {profile.gateway_url} (Ctrl-C stops)", flush=True)
        record = Record()
        stop = asyncio.Event()
        loop = asyncio.create_task(open_loop(Shop(client, products, record), pool, rate, stop))
        started = time.monotonic()
        try:
            while not seconds or time.monotonic() - started < seconds:
                await asyncio.sleep(min(10.0, seconds - (time.monotonic() - started)) if seconds else 10.0)
                print(f"load: visits {record.visits}: {tally(record.calls)}", flush=True)
        finally:
            stop.set()
            await loop
        print(f"load: done: visits {record.visits}: {tally(record.calls)}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=2.0, help="visits started per second")
    parser.add_argument("--seconds", type=float, default=0.0, help="stop after this long (0: until Ctrl-C)")
    parser.add_argument("--shoppers", type=int, default=20)
    parser.add_argument("--profile", default="dev")
    args = parser.parse_args()
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how it is meant to stop
        asyncio.run(run(Profile.named(args.profile), args.rate, args.seconds, args.shoppers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
