"""Canaries on a local stack (``make canary``): a candidate of catalog beside its two stable replicas takes a
growing share of the calls, from the gateway and from the services that call catalog, and is judged by
Prometheus between steps. A good candidate is promoted; one answering INTERNAL to a fifth of its calls is rolled
back at its first step, with few failed requests, and the stable replicas go on serving alone."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

from scripts import canary, upgrade
from scripts.mesh import Profile
from scripts.stack import Stack

SERVICE = "catalog"
BROKEN = ["-m", "tests.fault_injection", "--fail-ratio", "0.2", SERVICE]


def _canary_methods(profile: Profile) -> set[str]:
    """The methods the canary answered, as Prometheus counted them. Over the last ten minutes: once the canary's
    target is gone from the scrape configuration its series are marked stale, and an instant query of them finds
    nothing (whether it still did depended on how soon Prometheus dropped the target after its reload)."""
    series = f'shopmesh_rpc_server_handled_total{{service="{SERVICE}", track="canary"}}'
    query = f"sum by (method) (max_over_time({series}[10m])) > 0"
    address = f"{profile.prometheus_url}/api/v1/query?" + urllib.parse.urlencode({"query": query})
    with urllib.request.urlopen(address, timeout=10) as response:
        return {r["metric"]["method"].rsplit("/", 1)[-1] for r in json.load(response)["data"]["result"]}


async def test_a_good_candidate_takes_every_share_and_is_promoted(upgraded: upgrade.Drill):
    profile = Profile.named(upgrade.PROFILE)
    outcome = await canary.run(profile, SERVICE, "HEAD", steps=(25, 50, 100), hold=15)
    summary = outcome.summary()
    assert outcome.promoted, summary
    assert [step.percent for step in outcome.steps] == [25, 50, 100]
    assert all(step.breach is None and step.canary.calls > 0 for step in outcome.steps), summary
    assert not [call for call in outcome.record.calls if call.failed], summary
    # Both paths reached it: the gateway (shoppers' product pages) and catalog's callers (cart and orders price
    # what they hold with PriceItems, an internal method no gateway route leads to).
    methods = _canary_methods(profile)
    assert "PriceItems" in methods, methods
    assert methods & {"GetProduct", "ListProducts", "BatchGetProducts"}, methods
    assert profile.canary(SERVICE).program not in Stack(profile).pids()


async def test_a_candidate_failing_a_fifth_of_its_calls_is_rolled_back_at_its_first_share(upgraded: upgrade.Drill):
    profile = Profile.named(upgrade.PROFILE)
    outcome = await canary.run(profile, SERVICE, "HEAD", steps=(25, 50, 100), hold=15, command=BROKEN)
    summary = outcome.summary()
    assert not outcome.promoted, summary
    (step,) = outcome.steps
    assert (step.breach or "").startswith("error ratio"), summary
    # What shoppers saw: a quarter of catalog's calls for about half a minute, a fifth of those failing.
    failed = [call for call in outcome.record.calls if call.failed]
    assert len(failed) <= 40, summary
    stack = Stack(profile)
    assert profile.canary(SERVICE).program not in stack.pids()
    assert not json.loads(profile.traffic_splits_file.read_text()), "every caller's share back on stable"
