"""``make load``: shoppers on the public REST API, so the dashboards and traces have something to show.

    python -m scripts.load [--rate 2] [--seconds 0] [--shoppers 20]

Off unless you run it. Visits start at a fixed rate (``--rate`` per second, 2 by default: a laptop running
the whole stack keeps up) and each is what a browser session does through the gateway: list products, search,
open a product, and for some of them add to the cart and check out (mostly approved cards, some declined, a
few out-of-stock tries), then look at the order history. Shoppers are registered once at the start. It runs
until Ctrl-C (or ``--seconds``) and prints a line every 10 s: visits, checkouts by outcome, HTTP errors.
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
from pathlib import Path

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


async def _shopper(client: httpx.AsyncClient, n: int, maildir: Path) -> dict[str, str]:
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
    return {"authorization": f"Bearer {session.json()['access_token']}"}


async def _visit(client: httpx.AsyncClient, shopper: dict[str, str], products: list[str], tally: Counter[str]) -> None:
    def note(response: httpx.Response) -> httpx.Response:
        if response.status_code >= 500:
            tally["http 5xx"] += 1
        elif response.status_code == 429:
            tally["rate limited"] += 1
        return response

    tally["visits"] += 1
    note(await client.get("/v1/products", params={"page_size": 12}))
    note(await client.get("/v1/products:search", params={"query": random.choice(WORDS)}))
    product = random.choice(products)
    note(await client.get(f"/v1/{product}"))
    if random.random() >= 0.5:
        return
    added = note(
        await client.post(
            "/v1/carts/me:addItem", headers=shopper, json={"product": product, "quantity": random.randint(1, 2)}
        )
    )
    if added.status_code != 200:
        return
    card = DECLINED if random.random() < 0.1 else APPROVED
    answer = note(
        await client.post(
            "/v1/orders:checkout",
            headers=shopper,
            json={
                "request_id": str(uuid.uuid4()),
                "shipping_address": ADDRESS,
                "card": {"number": card, "exp_month": 12, "exp_year": 2031, "cvc": "123"},
            },
        )
    )
    if answer.status_code == 200:
        tally["checkouts confirmed"] += 1
    else:
        reason = answer.json().get("details", [{}])[0].get("reason", str(answer.status_code))
        tally[f"checkouts refused ({reason})"] += 1
        await client.post("/v1/carts/me:clear", headers=shopper, json={})
    note(await client.get("/v1/orders", headers=shopper, params={"page_size": 5}))


async def run(profile: Profile, rate: float, seconds: float, shoppers: int) -> None:
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(base_url=profile.gateway_url, timeout=15, limits=limits) as client:
        listed = (await client.get("/v1/products", params={"page_size": 100})).json()["products"]
        products = [p["name"] for p in listed]
        print(f"load: registering {shoppers} shoppers...", flush=True)
        pool = [await _shopper(client, n, profile.maildir) for n in range(shoppers)]
        print(f"load: {rate:g} visits/s through {profile.gateway_url} (Ctrl-C stops)", flush=True)
        tally: Counter[str] = Counter()
        tasks: set[asyncio.Task[None]] = set()
        started = reported = time.monotonic()
        visit = 0
        while not seconds or time.monotonic() - started < seconds:
            scheduled = started + visit / rate
            await asyncio.sleep(max(0.0, scheduled - time.monotonic()))
            task = asyncio.create_task(_visit(client, random.choice(pool), products, tally))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            task.add_done_callback(lambda t: t.cancelled() or t.exception() is None or tally.update(["errors"]))
            visit += 1
            if time.monotonic() - reported >= 10:
                reported = time.monotonic()
                print("load: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.items())), flush=True)
        await asyncio.gather(*tasks, return_exceptions=True)
        print("load: done: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.items())), flush=True)


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
