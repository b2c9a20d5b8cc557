"""``make canary SERVICE=<name> REV=<git rev>``: a candidate revision of one service beside its stable replicas,
traffic moved to it in steps, judged by Prometheus between steps, then promoted or rolled back on its own.

    python -m scripts.canary --service catalog --rev <rev> [--profile dev] [--steps 5,25,50,100] [--hold 20]

1. The candidate: ``<rev>`` checked out (a git worktree, as ``make upgrade`` makes them) and started as
   ``<service>-canary`` beside the service's replicas; Prometheus scrapes it as ``track="canary"`` and the
   replicas as ``track="stable"``.
2. Shoppers browse and check out through the gateway all along (``make load``'s visits, ``--rate`` a second).
3. Each step gives the candidate that share of the service's calls, from the gateway (Envoy's runtime weights
   between the service's cluster and ``<service>-canary``) and from every other service (the traffic split file
   services/runtime/channels.py reads), holds it ``--hold`` seconds, and compares over that window the
   candidate's server-error ratio and p95 with the stable replicas': an error ratio above ``--max-error-ratio``
   (and above the stable's), or a p95 above ``--max-p95-ratio`` times the stable's (both counted at least
   ``--min-p95-ms``), is a breach. A step that saw fewer than ``--min-calls`` calls of the candidate holds again
   (three times at most).
4. A breach rolls back at once: the candidate's share back to 0 everywhere, the candidate stopped. When every
   step passed (the last at 100 %), the candidate is promoted: each stable replica is replaced by its revision
   one at a time (as ``make upgrade`` does), then the canary's share goes back to 0 and it stops.

It prints each step's measurements and verdict, and the load's requests by outcome; exit 0 when promoted, 1 when
rolled back. The stable replicas' code is the checkout the stack runs (this one, unless a drill changed it).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

import httpx

from scripts.load import Record, Shop, buyable, buyable_skus, open_loop, register_shopper, restock, tally
from scripts.mesh import ROOT, Profile, services
from scripts.stack import Stack, log
from scripts.upgrade import worktree

SERVER_ERRORS = "INTERNAL|UNAVAILABLE|UNKNOWN|DEADLINE_EXCEEDED|RESOURCE_EXHAUSTED|DATA_LOSS|UNIMPLEMENTED"
TRACKS = ("canary", "stable")


@dataclass(frozen=True)
class Limits:
    max_error_ratio: float = 0.02
    max_p95_ratio: float = 1.5
    min_p95_ms: float = 50.0
    min_calls: int = 20


@dataclass
class Track:
    """One track's calls over a window, as Prometheus counted them."""

    calls: float
    errors: float
    p95_ms: float | None

    @property
    def error_ratio(self) -> float:
        return self.errors / self.calls if self.calls else 0.0

    def __str__(self) -> str:
        p95 = "-" if self.p95_ms is None else f"{self.p95_ms:.0f} ms"
        return f"{self.calls:.0f} calls, {self.error_ratio:.1%} errors, p95 {p95}"


@dataclass
class Step:
    percent: int
    canary: Track
    stable: Track
    breach: str | None


@dataclass
class Outcome:
    service: str
    revision: str
    steps: list[Step] = field(default_factory=list)
    promoted: bool = False
    record: Record = field(default_factory=Record)

    def summary(self) -> str:
        lines = []
        for step in self.steps:
            verdict = f"BREACH: {step.breach}" if step.breach else "ok"
            lines.append(f"{step.percent:>3} %  canary {step.canary}  |  stable {step.stable}  ->  {verdict}")
        lines.append(
            f"{self.service} at {self.revision}: "
            + ("promoted" if self.promoted else f"rolled back at {self.steps[-1].percent} %" if self.steps else "-")
        )
        failed = [call for call in self.record.calls if call.failed]
        lines.append(f"requests: {len(self.record.calls)} ({tally(self.record.calls)}); failed: {len(failed)}")
        return "\n".join(lines)


@dataclass(frozen=True)
class Counts:
    """A track's counters at one moment: calls, server errors, and the latency histogram's buckets."""

    calls: float
    errors: float
    buckets: dict[float, float]

    def since(self, earlier: Counts) -> Track:
        """The calls between ``earlier`` and this moment. Counters are subtracted rather than read with PromQL's
        ``increase()``: a series born inside the window (a canary's first error) would lose what it counted
        before its first scrape, and a canary fails few calls."""
        buckets = {le: n - earlier.buckets.get(le, 0.0) for le, n in self.buckets.items()}
        return Track(
            calls=self.calls - earlier.calls, errors=self.errors - earlier.errors, p95_ms=_quantile(0.95, buckets)
        )


def _quantile(q: float, buckets: dict[float, float]) -> float | None:
    """The q-quantile in milliseconds of cumulative histogram ``buckets`` (upper bound → count), interpolated
    within its bucket as Prometheus' histogram_quantile does."""
    bounds = sorted(buckets)
    if not bounds or buckets[bounds[-1]] <= 0:
        return None
    rank = q * buckets[bounds[-1]]
    lower, below = 0.0, 0.0
    for bound in bounds:
        if buckets[bound] >= rank:
            if bound == float("inf"):
                return lower * 1000
            share = (rank - below) / (buckets[bound] - below) if buckets[bound] > below else 1.0
            return (lower + (bound - lower) * share) * 1000
        lower, below = bound, buckets[bound]
    return lower * 1000


class Prometheus:
    def __init__(self, url: str) -> None:
        self._url = url

    def _vector(self, query: str) -> list[dict]:
        address = f"{self._url}/api/v1/query?" + urllib.parse.urlencode({"query": query})
        with urllib.request.urlopen(address, timeout=10) as response:
            return json.load(response)["data"]["result"]

    def counts(self, service: str, track: str) -> Counts:
        selector = f'service="{service}", track="{track}"'
        calls = self._vector(f"sum(shopmesh_rpc_server_handled_total{{{selector}}})")
        errors = self._vector(f'sum(shopmesh_rpc_server_handled_total{{{selector}, code=~"{SERVER_ERRORS}"}})')
        buckets = self._vector(f"sum by (le) (shopmesh_rpc_server_handling_seconds_bucket{{{selector}}})")
        return Counts(
            calls=float(calls[0]["value"][1]) if calls else 0.0,
            errors=float(errors[0]["value"][1]) if errors else 0.0,
            buckets={float(b["metric"]["le"]): float(b["value"][1]) for b in buckets},
        )


def judge(canary: Track, stable: Track, limits: Limits) -> str | None:
    """Why ``canary`` may not go on, or None."""
    if canary.error_ratio > limits.max_error_ratio and canary.error_ratio > stable.error_ratio:
        return f"error ratio {canary.error_ratio:.1%} > {limits.max_error_ratio:.1%} (stable {stable.error_ratio:.1%})"
    if canary.p95_ms is not None:
        ceiling = limits.max_p95_ratio * max(stable.p95_ms or 0.0, limits.min_p95_ms)
        if max(canary.p95_ms, limits.min_p95_ms) > ceiling:
            return f"p95 {canary.p95_ms:.0f} ms > {ceiling:.0f} ms ({limits.max_p95_ratio:g} x stable)"
    return None


class Router:
    """Moves a share of one service's calls to its canary: at the gateway and in every caller."""

    def __init__(self, profile: Profile, service: str) -> None:
        self._profile = profile
        self._service = service

    def send(self, percent: int) -> None:
        # Envoy's weighted clusters read their weights from the runtime (scripts/gateway_config.py).
        query = urllib.parse.urlencode(
            {f"routing.{self._service}": 100 - percent, f"routing.{self._service}-canary": percent}
        )
        admin = f"http://127.0.0.1:{self._profile.ports['envoy_admin']}/runtime_modify?{query}"
        urllib.request.urlopen(urllib.request.Request(admin, method="POST"), timeout=5).close()
        # The callers' channels (services/runtime/channels.py), keyed by the target they were given.
        path = self._profile.traffic_splits_file
        splits = json.loads(path.read_text()) if path.exists() else {}
        stable = self._profile.balanced_target(self._service)
        if percent:
            splits[stable] = {"target": self._profile.canary(self._service).target, "percent": percent}
        else:
            splits.pop(stable, None)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(splits, indent=2))
        temporary.replace(path)


async def run(
    profile: Profile,
    service: str,
    revision: str,
    *,
    steps: tuple[int, ...] = (5, 25, 50, 100),
    hold: int = 20,
    rate: float = 3.0,
    shopper_count: int = 12,
    limits: Limits = Limits(),
    command: list[str] | None = None,
) -> Outcome:
    """A canary of ``service`` at ``revision`` on ``profile``'s running stack (``command``: the candidate's argv
    after python, ``-m services.<service>`` by default; tests give it faults)."""
    if service not in {s.name for s in services()}:
        raise SystemExit(f"{service!r} is not a service of services/mesh.toml")
    stack = Stack(profile)
    if not stack.supervisor_running():
        raise SystemExit(f"the {profile.name} stack is not running: make up (PROFILE={profile.name})")
    root = ROOT if revision == "HEAD" else worktree(revision)
    outcome = Outcome(service=service, revision=revision)
    router = Router(profile, service)
    prometheus = Prometheus(profile.prometheus_url)
    log(f"canary: {service} at {revision} beside its {len(profile.replicas(service))} stable replicas")
    stop = asyncio.Event()
    load: asyncio.Task[None] | None = None
    try:
        await asyncio.to_thread(stack.start_canary, service, root, command)
        async with httpx.AsyncClient(base_url=profile.gateway_url, timeout=15) as client:
            listed = (await client.get("/v1/products", params={"page_size": 20})).json()["products"]
            await restock(client, profile, buyable_skus(listed))
            shoppers = [await register_shopper(client, n, profile.maildir) for n in range(shopper_count)]
            load = asyncio.create_task(open_loop(Shop(client, buyable(listed), outcome.record), shoppers, rate, stop))
            for percent in steps:
                await asyncio.to_thread(router.send, percent)
                log(f"canary: {percent} % of {service}'s calls to the candidate; holding {hold} s")
                await asyncio.sleep(6)  # a scrape (every 5 s) past the change: the step's counts start here
                before = {track: await asyncio.to_thread(prometheus.counts, service, track) for track in TRACKS}
                for _ in range(3):  # judged over the whole step, however many holds it took
                    await asyncio.sleep(hold)
                    now = {track: await asyncio.to_thread(prometheus.counts, service, track) for track in TRACKS}
                    canary, stable = (now[track].since(before[track]) for track in TRACKS)
                    if canary.calls >= limits.min_calls or percent == 100:
                        break
                step = Step(percent, canary, stable, judge(canary, stable, limits))
                outcome.steps.append(step)
                log(f"canary: {percent} %: canary {canary} | stable {stable}: {step.breach or 'ok'}")
                if step.breach:
                    await asyncio.to_thread(router.send, 0)
                    log(f"canary: rolled back: {step.breach}")
                    break
            else:
                log(f"canary: promoting {service} to {revision}: its replicas replaced one at a time")
                for replica in profile.replicas(service):
                    await asyncio.to_thread(stack.run_code, replica, root)
                outcome.promoted = True
            stop.set()
            await load
    finally:
        stop.set()
        if load is not None and not load.done():
            await load
        await asyncio.to_thread(router.send, 0)
        await asyncio.to_thread(stack.stop_canary, service)
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--service", required=True)
    parser.add_argument("--rev", required=True, help="the candidate's git revision (HEAD: this checkout)")
    parser.add_argument("--profile", default="dev")
    parser.add_argument("--steps", default="5,25,50,100", help="the candidate's shares in turn, in percent")
    parser.add_argument("--hold", type=int, default=20, help="seconds each share holds before it is judged")
    parser.add_argument("--rate", type=float, default=3.0, help="shopper visits started per second")
    parser.add_argument("--max-error-ratio", type=float, default=Limits.max_error_ratio)
    parser.add_argument("--max-p95-ratio", type=float, default=Limits.max_p95_ratio)
    parser.add_argument("--min-p95-ms", type=float, default=Limits.min_p95_ms)
    parser.add_argument("--min-calls", type=int, default=Limits.min_calls)
    args = parser.parse_args()
    steps = tuple(int(s) for s in args.steps.split(","))
    if not steps or any(not 0 < s <= 100 for s in steps) or list(steps) != sorted(steps) or steps[-1] != 100:
        parser.error("--steps: rising shares in percent, the last 100")
    limits = Limits(args.max_error_ratio, args.max_p95_ratio, args.min_p95_ms, args.min_calls)
    outcome = asyncio.run(
        run(
            Profile.named(args.profile),
            args.service,
            args.rev,
            steps=steps,
            hold=args.hold,
            rate=args.rate,
            limits=limits,
        )
    )
    print("\n" + outcome.summary())
    return 0 if outcome.promoted else 1


if __name__ == "__main__":
    sys.exit(main())
