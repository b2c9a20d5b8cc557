"""``make upgrade FROM=<rev>``: a rolling upgrade from an older revision to this checkout, under load, checked.

    python -m scripts.upgrade --from <rev> [--rate 3] [--shoppers 12] [--keep]

1. ``<rev>`` is checked out in a git worktree (``.run/release/code/<commit>``).
2. The release stack (its own ports and data, made afresh: ``.run/release``) starts with every service at that
   revision: its migrations, its demo catalog, two replicas of each service. The gateway, the infrastructure
   and the stack's scripts are this checkout's: the gateway ships first, its routes being additive.
3. Shoppers browse and check out through the gateway all along (the visits of ``make load``).
4. This checkout's migrations run while the old replicas serve: the old code must work on the new schema
   (expand now, contract in a later release). Services never migrate on start here, as in the chart.
5. Service by service, each replica is stopped gracefully (it drains; the gateway and the other services stop
   calling it) and started on this checkout: old and new replicas serve together, call each other, and consume
   each other's events.
6. The load stops and the books are reconciled (``make reconcile``'s checks on the orders placed during the
   drill) until they balance.

It prints the requests by outcome and every reconcile finding, and exits 1 when a request failed or the books do
not balance. ``PREVIOUS_RELEASE`` is the revision ``make test`` upgrades from (tests/release/test_upgrade.py).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from scripts import reconcile
from scripts.load import Call, Record, Shop, buyable, buyable_skus, open_loop, register_shopper, restock, tally
from scripts.mesh import ROOT, Profile, services
from scripts.stack import Stack, log

# The previous release: the commit of the last landing before release tooling existed (stop 34, 2026-12-07;
# the schema has grown since: variant sales, order numbers, line packages, parcel weights...).
PREVIOUS_RELEASE = "4c36863"
PROFILE = "release"


@dataclass
class Drill:
    """What an upgrade did: every request of the load, the phases' times, what the books said."""

    record: Record = field(default_factory=Record)
    phases: list[tuple[float, str]] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    balanced_after_s: float | None = None

    def mark(self, what: str) -> None:
        self.phases.append((time.monotonic(), what))
        log(what)

    def while_mixed(self) -> list[Call]:
        """The requests made while old and new replicas served together (from the first replacement on)."""
        replacing = [at for at, what in self.phases if what.startswith("replacing ")]
        done = [at for at, what in self.phases if what == "every replica on this checkout"]
        if not replacing or not done:
            return []
        return self.record.between(replacing[0], done[0])

    @property
    def failed(self) -> list[Call]:
        return [call for call in self.record.calls if call.failed]

    def summary(self) -> str:
        lines = [f"requests: {len(self.record.calls)} ({tally(self.record.calls)})"]
        lines.append(f"while old and new replicas served together: {tally(self.while_mixed())}")
        failed = Counter(f"{call.kind} {call.outcome}" for call in self.failed)
        lines.append("failed: " + (", ".join(f"{k} x{n}" for k, n in sorted(failed.items())) or "none"))
        for call in self.failed:
            phase = [what for at, what in self.phases if at <= call.start][-1:] or ["before the drill"]
            lines.append(f"  {call.kind} {call.outcome} during: {phase[0]}")
        if self.balanced_after_s is None:
            lines.append(f"books: {len(self.findings)} finding(s), never balanced")
        else:
            lines.append(f"books: balanced {self.balanced_after_s:.0f} s after the load stopped")
        lines += [f"  {f['check']}  {f['subject']}  {f['detail']}" for f in self.findings]
        return "\n".join(lines)

    @property
    def ok(self) -> bool:
        return not self.failed and self.balanced_after_s is not None


def worktree(revision: str) -> Path:
    """A checkout of ``revision`` (made once, kept for the next drill)."""
    commit = subprocess.run(
        ["git", "rev-parse", "--verify", f"{revision}^{{commit}}"], cwd=ROOT, capture_output=True, text=True
    )
    if commit.returncode != 0:
        raise SystemExit(f"{revision!r} is not a revision of this repository")
    path = Profile.named(PROFILE).state_dir.parent / "release-code" / commit.stdout.strip()[:12]
    if not (path / "services").is_dir():
        subprocess.run(["git", "worktree", "prune"], cwd=ROOT, check=True)
        shutil.rmtree(path, ignore_errors=True)
        subprocess.run(
            ["git", "worktree", "add", "--detach", "--quiet", str(path), commit.stdout.strip()], cwd=ROOT, check=True
        )
    return path


def fresh_stack(old: Path) -> Stack:
    """The release stack, from nothing, every replica on the code of ``old``, migrated and seeded by it."""
    stack = Stack(Profile.named(PROFILE))
    stack.down()
    shutil.rmtree(stack.state, ignore_errors=True)
    for service in services():
        # As in the chart: migrations are a step of the release, never a side effect of a replica starting
        # (an old replica restarting after the new migrations would otherwise try to migrate back).
        stack.extra_env[service.name] = {"SHOPMESH_MIGRATE_ON_START": "false"}
        for replica in stack.profile.replicas(service.name):
            stack.code[replica.program] = old
    stack.up(infra_only=True)
    stack.migrate(old)
    stack.up()
    return stack


def roll(stack: Stack, drill: Drill) -> None:
    """Every replica of every service replaced by this checkout's, one at a time, each serving before the next."""
    for service in services():
        for replica in stack.profile.replicas(service.name):
            drill.mark(f"replacing {replica.program}")
            stack.run_code(replica, ROOT)


async def run(revision: str, rate: float, shopper_count: int, *, keep: bool = False) -> Drill:
    old = worktree(revision)
    drill = Drill()
    log(f"upgrade drill: from {revision} ({old.name}) to this checkout")
    stack = await asyncio.to_thread(fresh_stack, old)
    profile = stack.profile
    try:
        limits = httpx.Limits(max_connections=64)
        async with httpx.AsyncClient(base_url=profile.gateway_url, timeout=15, limits=limits) as client:
            listed = (await client.get("/v1/products", params={"page_size": 20})).json()["products"]
            await restock(client, profile, buyable_skus(listed))
            shoppers = [await register_shopper(client, n, profile.maildir) for n in range(shopper_count)]
            since = datetime.now(UTC) - timedelta(seconds=1)
            stop = asyncio.Event()
            drill.mark(f"load at {rate:g} visits/s on {old.name}")
            load = asyncio.create_task(open_loop(Shop(client, buyable(listed), drill.record), shoppers, rate, stop))
            await asyncio.sleep(5)
            drill.mark("migrating to this checkout while the old replicas serve")
            await asyncio.to_thread(stack.migrate, ROOT)
            await asyncio.to_thread(roll, stack, drill)
            drill.mark("every replica on this checkout")
            await asyncio.sleep(5)
            stop.set()
            await load
            drill.mark("load stopped; reconciling")
        report, drill.balanced_after_s = await asyncio.to_thread(reconcile.until_balanced, PROFILE, since)
        drill.findings = [{"check": f.check, "subject": f.subject, "detail": f.detail} for f in report.findings]
    finally:
        if not keep:
            await asyncio.to_thread(stack.down)
    return drill


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="revision", default=PREVIOUS_RELEASE, help="the revision to upgrade from")
    parser.add_argument("--rate", type=float, default=3.0, help="shopper visits started per second")
    parser.add_argument("--shoppers", type=int, default=12)
    parser.add_argument("--keep", action="store_true", help="leave the release stack running afterwards")
    args = parser.parse_args()
    drill = asyncio.run(run(args.revision, args.rate, args.shoppers, keep=args.keep))
    print("\n" + drill.summary())
    return 0 if drill.ok else 1


if __name__ == "__main__":
    sys.exit(main())
