"""``make chaos``: every component faulted in turn under steady shopper load, and the books checked after each.

    python -m scripts.chaos [--scenario kill-orders --scenario kafka-down ...] [--rate 3] [--profile dev]
                            [--json bench/results/chaos-<time>.json]

Shoppers (scripts/load.py: browse, add to cart, check out; one visit in ten with a declined card) arrive at a
fixed rate through the gateway the whole time. Each scenario: 5 s of load, the fault, then load until 20 s after
the fault ended; the load stops, the visits under way finish, and reconcile (scripts/reconcile.py) checks every
order placed in the scenario until the books balance or two minutes pass (events still in flight are waited
for, not reported). Faults are what a cluster does to a shop:

- ``kill-<service>``: SIGKILL, as the OOM killer or a node loss would; supervisord starts it again at once (a
  Deployment's restart). Every service in turn.
- ``hang-<service>``: SIGSTOP for 15 s, then SIGCONT: a process that is alive and not answering.
- ``kafka-down``: the broker SIGKILLed and kept down 30 s.
- ``postgres-restart``: PostgreSQL shut down (fast mode: every session cut) and started 5 s later.
- ``redis-restart``: Redis shut down and started 5 s later.
- ``smtp-down``: the mail server gone for 30 s.
- ``envoy-restart``: the gateway restarted (every client connection cut).
- ``slow-payments``: the payment provider answers each call 2 s late for 30 s (payments restarted gracefully
  into that and out of it, as a configuration rollout would).

It prints one table (scenario; requests sent; failed, by outcome; p95 during the fault, or the 5 s after an
instant one; when checkouts last
failed, counted from the fault's start; reconcile's findings and how long the books took to balance) and writes
the same as JSON. Exit status 1 if any scenario left a finding.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from scripts import reconcile
from scripts.load import Record, Shop, Shopper, buyable, buyable_skus, open_loop, p95, register_shopper, restock
from scripts.mesh import ROOT, Profile, services
from scripts.stack import Stack

WARM_SECONDS = 5.0
AFTER_SECONDS = 20.0
# p95 "during the fault" covers at least this long from its start (a kill is instant; its effect is not).
FAULT_WINDOW_MIN = 5.0


@dataclass
class Outcome:
    scenario: str
    sent: int
    failed: dict[str, int]
    p95_fault_ms: float | None
    checkouts_failed_until_s: float | None  # after the fault started; None: none failed
    checkouts_ok_after: int  # checkouts that succeeded after the last failure
    findings: list[dict[str, object]]
    balanced_after_s: float | None


Fault = Callable[[Stack], Awaitable[None]]


def _kill(service: str) -> Fault:
    """SIGKILL of the service's first replica (its only one, unless the stack runs more)."""

    async def fault(stack: Stack) -> None:
        stack.kill(stack.profile.replicas(service)[0].program)

    return fault


def _hang(service: str, seconds: float = 15.0) -> Fault:
    """SIGSTOP of the service's first replica for ``seconds``: of its program's process group, which holds the
    service process itself also when the local stack forked it (scripts/fork_server.py) and supervisord's pid
    is its launcher's."""

    async def fault(stack: Stack) -> None:
        group = stack.pids()[stack.profile.replicas(service)[0].program]
        os.killpg(group, signal.SIGSTOP)
        try:
            await asyncio.sleep(seconds)
        finally:
            os.killpg(group, signal.SIGCONT)

    return fault


def _down(program: str, seconds: float, *, kill: bool = False) -> Fault:
    async def fault(stack: Stack) -> None:
        if kill:
            stack.kill(program)  # supervisord would start it again: stop it before it does
        stack.stop(program)
        await asyncio.sleep(seconds)
        stack.start(program)

    return fault


async def _envoy_restart(stack: Stack) -> None:
    stack.stop("envoy")
    stack.start("envoy")


async def _slow_payments(stack: Stack) -> None:
    stack.reconfigure("payments", {"SHOPMESH_SANDBOX_LATENCY_MS": "2000"})
    try:
        await asyncio.sleep(30)
    finally:
        stack.reconfigure("payments", {})


def scenarios() -> dict[str, Fault]:
    found: dict[str, Fault] = {f"kill-{s.name}": _kill(s.name) for s in services()}
    found["hang-payments"] = _hang("payments")
    found["kafka-down"] = _down("kafka", 30, kill=True)
    found["postgres-restart"] = _down("postgres", 5)
    found["redis-restart"] = _down("redis", 5)
    found["smtp-down"] = _down("smtp", 30)
    found["envoy-restart"] = _envoy_restart
    found["slow-payments"] = _slow_payments
    return found


async def run_scenario(
    name: str,
    fault: Fault,
    stack: Stack,
    shop: Shop,
    shoppers: list[Shopper],
    rate: float,
    *,
    after_seconds: float = AFTER_SECONDS,
) -> Outcome:
    record = shop.record = Record()
    since = datetime.now(UTC) - timedelta(seconds=1)
    stop = asyncio.Event()
    load = asyncio.create_task(open_loop(shop, shoppers, rate, stop))
    await asyncio.sleep(WARM_SECONDS)
    fault_start = time.monotonic()
    print(f"chaos: {name}: fault on", flush=True)
    await fault(stack)
    fault_end = time.monotonic()
    print(f"chaos: {name}: fault over after {fault_end - fault_start:.0f} s", flush=True)
    await asyncio.sleep(after_seconds)
    stop.set()
    await load
    during = record.between(fault_start, max(fault_end, fault_start + FAULT_WINDOW_MIN))
    checkouts = [c for c in record.calls if c.kind == "checkout" and c.start >= fault_start]
    failed_checkouts = [c for c in checkouts if c.failed]
    last_failed = max((c.start for c in failed_checkouts), default=None)
    report, balanced_after = await asyncio.to_thread(reconcile.until_balanced, stack.profile.name, since)
    return Outcome(
        scenario=name,
        sent=len(record.calls),
        failed=dict(Counter(c.outcome for c in record.calls if c.failed)),
        p95_fault_ms=p95(during),
        checkouts_failed_until_s=None if last_failed is None else round(last_failed - fault_start, 1),
        checkouts_ok_after=sum(1 for c in checkouts if not c.failed and (last_failed is None or c.start > last_failed)),
        findings=[asdict(f) for f in report.findings],
        balanced_after_s=None if balanced_after is None else round(balanced_after, 1),
    )


def table(outcomes: list[Outcome]) -> str:
    header = ("scenario", "sent", "failed", "p95 fault", "checkouts fail until", "findings", "balanced after")
    rows = [header]
    for o in outcomes:
        failed = " ".join(f"{what} x{n}" for what, n in sorted(o.failed.items())) or "0"
        until = "never failed" if o.checkouts_failed_until_s is None else f"+{o.checkouts_failed_until_s:.1f} s"
        if o.checkouts_failed_until_s is not None and not o.checkouts_ok_after:
            until += " (no success since)"
        rows.append(
            (
                o.scenario,
                str(o.sent),
                failed,
                "-" if o.p95_fault_ms is None else f"{o.p95_fault_ms:.0f} ms",
                until,
                str(len(o.findings)),
                "never" if o.balanced_after_s is None else f"{o.balanced_after_s:.0f} s",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows)


async def run(
    profile: Profile, names: list[str], rate: float, shopper_count: int, *, after_seconds: float = AFTER_SECONDS
) -> list[Outcome]:
    stack = Stack(profile)
    chosen = scenarios()
    outcomes: list[Outcome] = []
    limits = httpx.Limits(max_connections=64)
    async with httpx.AsyncClient(base_url=profile.gateway_url, timeout=10, limits=limits) as client:
        listed = (await client.get("/v1/products", params={"page_size": 20})).json()["products"]
        products = buyable(listed)
        await restock(client, profile, buyable_skus(listed))
        print(f"chaos: registering {shopper_count} shoppers...", flush=True)
        shoppers = [await register_shopper(client, n, profile.maildir) for n in range(shopper_count)]
        shop = Shop(client, products, Record())
        for name in names:
            await asyncio.to_thread(stack.wait_serving)
            print(f"chaos: {name}: load at {rate:g} visits/s", flush=True)
            outcome = await run_scenario(name, chosen[name], stack, shop, shoppers, rate, after_seconds=after_seconds)
            outcomes.append(outcome)
            print(table([outcome]).splitlines()[1], flush=True)
            for finding in outcome.findings:
                print(f"  {finding['check']}  {finding['subject']}  {finding['detail']}", flush=True)
    return outcomes


def main() -> int:
    every = list(scenarios())
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", action="append", choices=every, help="run only these (repeatable)")
    parser.add_argument("--rate", type=float, default=3.0, help="shopper visits started per second")
    parser.add_argument("--shoppers", type=int, default=24)
    parser.add_argument("--profile", default="dev")
    parser.add_argument("--json", type=Path, help="where to write the results (default bench/results/chaos-*.json)")
    args = parser.parse_args()
    profile = Profile.named(args.profile)
    outcomes = asyncio.run(run(profile, args.scenario or every, args.rate, args.shoppers))
    print("\n" + table(outcomes))
    target = args.json or ROOT / "bench" / "results" / f"chaos-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        json.dumps({"rate_visits_per_s": args.rate, "scenarios": [asdict(o) for o in outcomes]}, indent=2, default=str)
        + "\n"
    )
    print(f"chaos: results in {target}")
    return 1 if any(o.findings for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
