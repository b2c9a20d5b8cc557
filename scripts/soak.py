"""``make soak``: shoppers for a long while (10 minutes by default), then errors, p95 per minute, memory drift.

    python -m scripts.soak [--minutes 10] [--rate 3] [--profile dev] [--json bench/results/soak-<time>.json]

The load is ``make load``'s (scripts/load.py) at a fixed rate. The memory of every program of the stack (PSS
of the process and its children, scripts/process_usage.py) is read after a one-minute warm-up and at the end;
a program that grew more than 5 % (and more than 4 MiB: an allocator's noise on a small process is not a leak)
is a finding, unless it grows by design up to a limit the stack sets (``BOUNDED``: Zipkin's in-memory store),
which is reported with its limit. At the end reconcile (scripts/reconcile.py) checks the books of every order
placed meanwhile.
Exit status 1 on any finding or failed request.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from scripts import process_usage, reconcile
from scripts.load import Record, Shop, open_loop, p95, products_listed, register_shopper, tally
from scripts.mesh import ROOT, Profile
from scripts.stack import Stack

WARM_UP_SECONDS = 60.0
GROWTH_LIMIT = 0.05
GROWTH_FLOOR_BYTES = 4 * 2**20
# Programs that grow by design up to a limit the stack sets: reported, with the limit, but not a finding.
BOUNDED = {
    "zipkin": "an in-memory trace store: it keeps the newest 200000 spans (MEM_MAX_SPANS), Java heap capped at 384 MiB",
}


@dataclass
class Minute:
    minute: int
    requests: int
    failed: int
    p95_ms: float | None


@dataclass
class Memory:
    program: str
    start_mib: float
    end_mib: float

    @property
    def growth(self) -> float:
        return (self.end_mib - self.start_mib) / self.start_mib if self.start_mib else 0.0

    @property
    def grew(self) -> bool:
        return self.growth > GROWTH_LIMIT and (self.end_mib - self.start_mib) * 2**20 > GROWTH_FLOOR_BYTES

    @property
    def leaking(self) -> bool:
        return self.grew and self.program not in BOUNDED


def _memory(stack: Stack) -> dict[str, float]:
    return {name: used / 2**20 for name, used in process_usage.memory_bytes(stack.pids()).items()}


async def soak(profile: Profile, minutes: float, rate: float, shoppers: int) -> dict[str, object]:
    stack = Stack(profile)
    record = Record()
    since = datetime.now(UTC) - timedelta(seconds=1)
    async with httpx.AsyncClient(
        base_url=profile.gateway_url, timeout=10, limits=httpx.Limits(max_connections=64)
    ) as c:
        products = await products_listed(c, 20)
        pool = [await register_shopper(c, n, profile.maildir) for n in range(shoppers)]
        stop = asyncio.Event()
        started = time.monotonic()
        load = asyncio.create_task(open_loop(Shop(c, products, record), pool, rate, stop))
        print(f"soak: {rate:g} visits/s for {minutes:g} min", flush=True)
        await asyncio.sleep(WARM_UP_SECONDS)
        memory_start = _memory(stack)
        while time.monotonic() - started < minutes * 60:
            await asyncio.sleep(min(60.0, started + minutes * 60 - time.monotonic()))
            print(f"soak: {(time.monotonic() - started) / 60:.0f} min: {tally(record.calls)}", flush=True)
        memory_end = _memory(stack)
        stop.set()
        await load
    per_minute = []
    for n in range(int(minutes + 0.999)):
        calls = record.between(started + 60 * n, started + 60 * (n + 1))
        per_minute.append(Minute(n + 1, len(calls), sum(c.failed for c in calls), p95(calls)))
    memory = [
        Memory(name, round(memory_start[name], 1), round(memory_end.get(name, 0.0), 1))
        for name in sorted(memory_start)
        if name in memory_end
    ]
    report, balanced_after = await asyncio.to_thread(reconcile.until_balanced, profile.name, since)
    return {
        "minutes": minutes,
        "rate_visits_per_s": rate,
        "requests": len(record.calls),
        "failed": sum(c.failed for c in record.calls),
        "per_minute": [asdict(m) for m in per_minute],
        "memory": [{**asdict(m), "growth": round(m.growth, 4), "leaking": m.leaking} for m in memory],
        "reconcile_findings": [asdict(f) for f in report.findings],
        "balanced_after_s": balanced_after,
    }


def render(result: dict[str, object]) -> str:
    lines = [f"soak: {result['requests']} requests, {result['failed']} failed"]
    lines.append("minute  requests  failed  p95")
    for m in result["per_minute"]:  # type: ignore[attr-defined]
        p = "-" if m["p95_ms"] is None else f"{m['p95_ms']:.0f} ms"
        lines.append(f"{m['minute']:>6}  {m['requests']:>8}  {m['failed']:>6}  {p}")
    lines.append("program          start MiB  end MiB  growth")
    for m in result["memory"]:  # type: ignore[attr-defined]
        flag = "  <- grew: a finding" if m["leaking"] else ""
        if m["program"] in BOUNDED and m["growth"] > GROWTH_LIMIT:
            flag = f"  <- grew: {BOUNDED[m['program']]}"
        lines.append(f"{m['program']:<16} {m['start_mib']:>9.1f} {m['end_mib']:>8.1f} {m['growth']:>+7.1%}{flag}")
    findings = result["reconcile_findings"]
    lines.append(f"reconcile: {len(findings) if findings else 'the books balance'}")  # type: ignore[arg-type]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=3.0, help="shopper visits started per second")
    parser.add_argument("--shoppers", type=int, default=24)
    parser.add_argument("--profile", default="dev")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    if args.minutes * 60 <= WARM_UP_SECONDS:
        parser.error("--minutes must be longer than the one-minute warm-up")
    result = asyncio.run(soak(Profile.named(args.profile), args.minutes, args.rate, args.shoppers))
    print(render(result))
    target = args.json or ROOT / "bench" / "results" / f"soak-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(f"soak: results in {target}")
    leaking = any(m["leaking"] for m in result["memory"])  # type: ignore[attr-defined]
    return 1 if result["failed"] or result["reconcile_findings"] or leaking else 0


if __name__ == "__main__":
    sys.exit(main())
