"""``make bench``: throughput and latency of the running dev stack, as ratios measured in one run.

Method (2 cores shared by load generators and servers, so absolute numbers move from run to run; the
ratios between scenarios of the same run are what to compare):

- gRPC scenarios use ghz (Go: the load generator costs little CPU) straight at a service (methods found by
  server reflection), 16 concurrent calls over 4 connections, skipping the first 200 calls;
- REST uses wrk through Envoy (transcoding, JWT filter, rate limit), 16 connections;
- "echo" is grpc.health.v1.Health/Check on the catalog process: the same server and interceptors with an
  empty handler, i.e. the ceiling of one Python service process here;
- checkout is a Python asyncio client (one shopper per worker: add to cart, then Checkout straight to the
  orders service, bypassing the gateway's 20/s checkout limit), timed per Checkout, at several concurrencies;
  during the c=16 run the CPU time of every program of the stack (each process with its children, from
  /proc) is read before and after, and divided by the checkouts done: where a checkout's work goes, and the
  most two cores can carry (2000 ms / total ms per checkout), whatever the concurrency;
- event latency (after the stack is idle again): OrderConfirmed events for a registered customer are committed
  to the orders service's outbox at a steady 50/s (the rate checkout alone cannot reach here), exactly as
  orders writes them; each is timed from just after its commit to the moment the SMTP sink accepts its mail
  (the sink names each message file by that time): relay → Kafka → notifications' consumer → mail row →
  delivery → SMTP.

Prints a table and writes ``bench/results/<time>.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import grpc

from scripts import cpu_usage
from scripts.mesh import ROOT, TOOLS, Profile
from scripts.stack import Stack
from shop.cart.v1 import cart_service_pb2, cart_service_pb2_grpc
from shop.identity.v1 import identity_service_pb2, identity_service_pb2_grpc
from shop.orders.v1 import orders_service_pb2, orders_service_pb2_grpc
from shop.payments.v1 import payment_pb2
from shop.shipping.v1 import shipment_pb2

GHZ = TOOLS / "bin" / "ghz"
RESULTS = ROOT / "bench" / "results"
ADDRESS = shipment_pb2.Address(
    recipient="Bench", line1="1 Load St", city="Austin", postal_code="73301", region="TX", country_code="US"
)
CARD = payment_pb2.Card(number="4242424242424242", exp_month=12, exp_year=2031, cvc="123")


def _http(method: str, url: str, body: dict | None = None, token: str | None = None) -> dict:
    request = urllib.request.Request(
        url,
        method=method,
        data=json.dumps(body).encode() if body else None,
        headers={"content-type": "application/json", **({"authorization": f"Bearer {token}"} if token else {})},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _protoset() -> Path:
    """A descriptor set of every service the bench calls (ours and grpc.health.v1), for ghz."""
    from google.protobuf import descriptor_pb2
    from grpc_health.v1 import health_pb2

    from shop.catalog.v1 import catalog_service_pb2

    files: dict[str, descriptor_pb2.FileDescriptorProto] = {}

    def add(file: Any) -> None:
        if file.name in files:
            return
        for dependency in file.dependencies:
            add(dependency)
        proto = descriptor_pb2.FileDescriptorProto()
        file.CopyToProto(proto)
        files[file.name] = proto

    for module in (health_pb2, catalog_service_pb2, cart_service_pb2):
        add(module.DESCRIPTOR)
    path = RESULTS / "bench.protoset"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(descriptor_pb2.FileDescriptorSet(file=list(files.values())).SerializeToString())
    return path


def ghz(
    target: str, call: str, data: dict, *, seconds: float, metadata: dict | None = None, concurrency: int = 16
) -> dict[str, float]:
    command = [
        str(GHZ),
        "--insecure",
        "--protoset",
        str(_protoset()),
        "--call",
        call,
        "-d",
        json.dumps(data),
        "-c",
        str(concurrency),
        "--connections",
        "4",
        "-z",
        f"{seconds}s",
        "-O",
        "json",
        "--skipFirst",
        "200",
        target,
    ]
    if metadata:
        command[1:1] = ["-m", json.dumps(metadata)]
    report = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    latencies = {int(p["percentage"]): p["latency"] / 1e6 for p in report.get("latencyDistribution") or []}
    ok = report.get("statusCodeDistribution", {}).get("OK", 0)
    return {
        "rps": report["rps"] * ok / max(report["count"], 1),
        "p50_ms": latencies.get(50, 0.0),
        "p95_ms": latencies.get(95, 0.0),
        "p99_ms": latencies.get(99, 0.0),
        "errors": report["count"] - ok,
    }


def wrk(url: str, *, seconds: int) -> dict[str, float]:
    subprocess.run(["wrk", "-t2", "-c16", "-d2s", url], check=True, capture_output=True)  # warm-up
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", url], check=True, capture_output=True, text=True
    ).stdout

    def millis(label: str) -> float:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not match:
            return 0.0
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50_ms": millis("50"),
        "p95_ms": millis("90"),
        "p99_ms": millis("99"),
        "errors": int(errors.group(1)) if errors else 0,
    }


async def _register_shopper(profile: Profile) -> tuple[tuple[str, str], ...]:
    """A new customer's call metadata (their bearer token)."""
    email = f"bench-{uuid.uuid4().hex[:12]}@example.com"
    async with grpc.aio.insecure_channel(profile.target("identity")) as identity_channel:
        identity = identity_service_pb2_grpc.IdentityServiceStub(identity_channel)
        await identity.RegisterUser(
            identity_service_pb2.RegisterUserRequest(email=email, password="bench password", display_name="Bench")
        )
        token = await identity.Login(identity_service_pb2.LoginRequest(email=email, password="bench password"))
    return (("authorization", f"Bearer {token.access_token}"),)


async def _shopper(
    profile: Profile, metadata: tuple[tuple[str, str], ...], product: str, deadline: float, latencies: list[float]
) -> int:
    failures = 0
    async with (
        grpc.aio.insecure_channel(profile.target("cart")) as cart_channel,
        grpc.aio.insecure_channel(profile.target("orders")) as orders_channel,
    ):
        cart = cart_service_pb2_grpc.CartServiceStub(cart_channel)
        orders = orders_service_pb2_grpc.OrdersServiceStub(orders_channel)
        while time.monotonic() < deadline:
            await cart.AddCartItem(
                cart_service_pb2.AddCartItemRequest(cart="carts/me", product=product, quantity=1), metadata=metadata
            )
            started = time.perf_counter()
            try:
                await orders.Checkout(
                    orders_service_pb2.CheckoutRequest(
                        request_id=str(uuid.uuid4()), shipping_address=ADDRESS, card=CARD
                    ),
                    metadata=metadata,
                    timeout=10,
                )
                latencies.append((time.perf_counter() - started) * 1000)
            except grpc.aio.AioRpcError:
                failures += 1
    return failures


def _summary(latencies_ms: list[float], *, rps: float, errors: int) -> dict[str, float]:
    """A scenario's row: its rate, the median and the 95th/99th percentile of its latencies, its errors."""
    ordered = sorted(latencies_ms) or [0.0]

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    return {"rps": rps, "p50_ms": statistics.median(ordered), "p95_ms": pct(95), "p99_ms": pct(99), "errors": errors}


def checkout_load(
    profile: Profile, product: str, concurrency: int, seconds: float, cpu: dict[str, float] | None = None
) -> dict[str, float]:
    """Checkouts at ``concurrency``; ``cpu``, when given, receives each program's CPU ms per checkout."""
    latencies: list[float] = []
    programs = Stack(profile).pids()

    async def register() -> list[tuple[tuple[str, str], ...]]:
        return await asyncio.gather(*(_register_shopper(profile) for _ in range(concurrency)))

    async def shop(shoppers: list[tuple[tuple[str, str], ...]], deadline: float) -> int:
        return sum(
            await asyncio.gather(*(_shopper(profile, token, product, deadline, latencies) for token in shoppers))
        )

    shoppers = asyncio.run(register())
    time.sleep(1.0)  # let the registrations' events settle: they are not part of checkout's cost
    client = "bench client (carts, checkouts)"
    used_before = {**cpu_usage.cpu_seconds(programs), client: time.process_time()}
    started = time.monotonic()
    failures = asyncio.run(shop(shoppers, started + seconds))
    elapsed = time.monotonic() - started
    if cpu is not None:
        used = {**cpu_usage.cpu_seconds(programs), client: time.process_time()}
        cpu.update(cpu_usage.per_operation_ms(used_before, used, len(latencies)))
    return _summary(latencies, rps=len(latencies) / elapsed, errors=failures)


def _wait_until_idle(profile: Profile, *, busy_cores: float = 0.2, within: float = 60.0) -> None:
    """Until the stack's programs together use less than ``busy_cores`` over a second (``within`` s at most)."""
    programs = Stack(profile).pids()
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        before = cpu_usage.cpu_seconds(programs)
        time.sleep(1.0)
        if sum(cpu_usage.cpu_seconds(programs).values()) - sum(before.values()) < busy_cores:
            return


def _accepted_mail(maildir: Path, since_ns: int) -> dict[str, int]:
    """Order name → when the sink accepted its confirmation (ns), for mail accepted after ``since_ns``."""
    found: dict[str, int] = {}
    for path in maildir.glob("*.eml"):
        accepted = int(path.name.split("-", 1)[0])
        if accepted < since_ns:
            continue
        head = path.read_bytes()[:4096].decode(errors="replace")
        match = re.search(r"^Subject: Your order (orders/[0-9a-f-]{36}) is confirmed", head, re.M)
        if match:
            found[match.group(1)] = accepted
    return found


async def _event_latency(profile: Profile, rate: float, seconds: float) -> dict[str, float]:
    from google.type import money_pb2

    from services.orders.adapters.events import SOURCE, TOPIC
    from services.runtime import outbox
    from services.runtime.database import Database
    from shop.orders.v1 import events_pb2, order_pb2

    email = f"bench-events-{uuid.uuid4().hex[:12]}@example.com"
    async with grpc.aio.insecure_channel(profile.target("identity")) as channel:
        identity = identity_service_pb2_grpc.IdentityServiceStub(channel)
        user = await identity.RegisterUser(
            identity_service_pb2.RegisterUserRequest(email=email, password="bench password", display_name="Bench")
        )
    deadline = time.monotonic() + 30  # notifications knows the customer once their welcome mail is out
    while not any(email in p.read_text(errors="replace") for p in profile.maildir.glob("*.eml")):
        if time.monotonic() > deadline:
            raise SystemExit("the welcome mail of the bench customer never came: is notifications running?")
        await asyncio.sleep(0.2)

    usd = money_pb2.Money(currency_code="USD", units=9, nanos=990_000_000)
    database = Database(profile.database_url("orders"), pool_size=2)
    committed: dict[str, int] = {}
    started_ns = time.time_ns()
    try:
        start = time.monotonic()
        for i in range(int(rate * seconds)):
            await asyncio.sleep(max(0.0, start + i / rate - time.monotonic()))
            order = order_pb2.Order(
                name=f"orders/{uuid.uuid4()}",
                customer=user.user.name,
                state=order_pb2.Order.STATE_CONFIRMED,
                items_total=usd,
                tax=money_pb2.Money(currency_code="USD"),
                shipping=money_pb2.Money(currency_code="USD"),
                total=usd,
            )
            order.lines.add(product="products/bench", display_name="Bench Widget", quantity=1, line_total=usd)
            async with database.transaction() as session:
                await outbox.record(
                    session, topic=TOPIC, key=order.name, event=events_pb2.OrderConfirmed(order=order), source=SOURCE
                )
            committed[order.name] = time.time_ns()
        sent_for = time.monotonic() - start
    finally:
        await database.dispose()
    deadline = time.monotonic() + 30
    while len(accepted := _accepted_mail(profile.maildir, started_ns)) < len(committed):
        if time.monotonic() > deadline:
            break
        await asyncio.sleep(0.2)
    latencies = [(accepted[name] - at) / 1e6 for name, at in committed.items() if name in accepted]
    # errors: mail that never came
    return _summary(latencies, rps=len(committed) / sent_for, errors=len(committed) - len(latencies))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="per scenario")
    parser.add_argument("--only", choices=["events"], help="run just this scenario")
    args = parser.parse_args()
    profile = Profile.named("dev")
    if args.only == "events":
        r = asyncio.run(_event_latency(profile, 50, args.seconds))
        print(f"event latency at {r['rps']:.0f}/s: p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, ", end="")
        print(f"p99 {r['p99_ms']:.1f} ms, {r['errors']:.0f} mails missing")
        return 0
    gateway = profile.gateway_url
    admin = _http("POST", f"{gateway}/v1/sessions", {"email": profile.admin_email, "password": profile.admin_password})[
        "access_token"
    ]
    product = _http("GET", f"{gateway}/v1/products?page_size=1")["products"][0]["name"]
    sku = f"BENCH-{uuid.uuid4().hex[:8].upper()}"
    bench_product = _http(
        "POST",
        f"{gateway}/v1/products",
        {
            "sku": sku,
            "display_name": "Bench Widget",
            "category": "categories/kitchen",
            "price": {"currency_code": "USD", "units": "9", "nanos": 990000000},
        },
        admin,
    )["product"]["name"]
    _http("POST", f"{gateway}/v1/stockLevels:adjust", {"sku": sku, "delta": 1_000_000}, admin)

    results: dict[str, dict[str, float]] = {}
    seconds = args.seconds
    print("measuring (a few seconds per scenario)...", flush=True)
    results["echo (Health/Check, catalog process)"] = ghz(
        profile.target("catalog"), "grpc.health.v1.Health.Check", {}, seconds=seconds
    )
    results["GetProduct gRPC"] = ghz(
        profile.target("catalog"), "shop.catalog.v1.CatalogService.GetProduct", {"name": product}, seconds=seconds
    )
    results["GetProduct REST via Envoy"] = wrk(f"{gateway}/v1/{product}", seconds=int(seconds))
    results["AddCartItem gRPC (anonymous carts)"] = ghz(
        profile.target("cart"),
        "shop.cart.v1.CartService.AddCartItem",
        {"cart": "carts/anonymous-{{newUUID}}", "product": bench_product, "quantity": 1},
        seconds=seconds,
    )
    checkout_cpu: dict[str, float] = {}
    for concurrency in (1, 4, 16):
        results[f"Checkout c={concurrency}"] = checkout_load(
            profile, bench_product, concurrency, seconds, cpu=checkout_cpu if concurrency == 16 else None
        )

    _wait_until_idle(profile)  # the checkouts' events are still being consumed: not this scenario's load
    results["event latency OrderConfirmed -> SMTP at 50/s"] = asyncio.run(_event_latency(profile, 50, seconds))

    echo = results["echo (Health/Check, catalog process)"]["rps"]
    grpc_get = results["GetProduct gRPC"]["rps"]
    best_checkout = max(results[f"Checkout c={c}"]["rps"] for c in (1, 4, 16))
    ratios = {
        "GetProduct gRPC / echo (target >= 0.70)": grpc_get / echo,
        "GetProduct REST / gRPC (target >= 0.90)": results["GetProduct REST via Envoy"]["rps"] / grpc_get,
        "best checkout / echo (target >= 0.05)": best_checkout / echo,
    }
    latency = results["event latency OrderConfirmed -> SMTP at 50/s"]
    print(f"\n{'scenario':40} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for name, r in results.items():
        print(f"{name:40} {r['rps']:9.0f} {r['p50_ms']:8.2f} {r['p95_ms']:8.2f} {r['p99_ms']:8.2f} {r['errors']:7.0f}")
    print()
    for name, value in ratios.items():
        print(f"{name:48} {value:6.2f}")
    print(f"{'event latency p99 ms (target < 100)':48} {latency['p99_ms']:6.1f}")
    total_cpu = sum(checkout_cpu.values())
    print(f"\nCPU ms per checkout at c=16, by program (whole run: {total_cpu:.0f} ms a checkout, so two cores carry at")
    print(f"most {2000 / max(total_cpu, 1e-9):.0f} checkouts/s whatever the concurrency):")
    for name, ms in checkout_cpu.items():
        if ms >= 0.05:
            print(f"  {name:38} {ms:7.1f}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{time.strftime('%Y%m%dT%H%M%S')}.json"
    out.write_text(
        json.dumps(
            {
                "scenarios": results,
                "ratios": ratios,
                "checkout_cpu_ms_by_program": checkout_cpu,
                "seconds_per_scenario": seconds,
            },
            indent=2,
        )
    )
    print(f"\nwrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
