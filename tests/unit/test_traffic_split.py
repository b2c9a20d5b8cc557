"""A local canary's traffic split (services/runtime/channels.py) and its verdict (scripts/canary.py)."""

from __future__ import annotations

import json
import os
import time
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scripts.canary import Counts, Limits, Track, _quantile, judge
from services.runtime.channels import TrafficSplit

STABLE = "ipv4:127.0.0.1:50052,127.0.0.1:50152"
CANARY = "127.0.0.1:50952"


def _write(path, splits) -> None:
    path.write_text(json.dumps(splits))
    later = time.time_ns() + 10**9  # a new modification time even within the file system's resolution
    os.utime(path, ns=(later, later))


def _shares(split: TrafficSplit, calls: int = 4000) -> Counter:
    return Counter(
        "canary" if split.pick("/shop.catalog.v1.CatalogService/GetProduct", (), {}) else "stable" for _ in range(calls)
    )


async def test_without_a_file_or_an_entry_every_call_stays_stable(tmp_path):
    split = TrafficSplit(str(tmp_path / "splits.json"), STABLE)
    assert _shares(split)["canary"] == 0
    _write(tmp_path / "splits.json", {"other-target": {"target": CANARY, "percent": 50}})
    split = TrafficSplit(str(tmp_path / "splits.json"), STABLE)
    assert _shares(split)["canary"] == 0


@pytest.mark.parametrize("percent", [5, 25, 50, 100])
async def test_the_canary_takes_its_share_of_the_calls(tmp_path, percent):
    _write(tmp_path / "splits.json", {STABLE: {"target": CANARY, "percent": percent}})
    shares = _shares(TrafficSplit(str(tmp_path / "splits.json"), STABLE))
    assert abs(shares["canary"] / 4000 - percent / 100) < 0.03


async def test_a_changed_share_is_followed_within_a_second_and_a_rollback_stops_the_canary_at_once(tmp_path):
    path = tmp_path / "splits.json"
    _write(path, {STABLE: {"target": CANARY, "percent": 100}})
    split = TrafficSplit(str(path), STABLE)
    assert _shares(split, 100)["canary"] == 100
    _write(path, {})
    split._checked -= 1.0  # a second later
    assert _shares(split, 100)["canary"] == 0


async def test_an_unreadable_file_sends_everything_to_stable(tmp_path):
    path = tmp_path / "splits.json"
    path.write_text("{not json")
    assert _shares(TrafficSplit(str(path), STABLE), 100)["canary"] == 0


tracks = st.builds(
    Track,
    calls=st.floats(min_value=0, max_value=1e5),
    errors=st.floats(min_value=0, max_value=1e3),
    p95_ms=st.none() | st.floats(min_value=0.1, max_value=5000),
)


@given(stable=tracks)
def test_a_canary_no_worse_than_stable_passes(stable):
    assert judge(stable, stable, Limits()) is None


@given(canary=tracks, stable=tracks)
def test_a_breach_names_what_was_too_high(canary, stable):
    limits = Limits()
    breach = judge(canary, stable, limits)
    worse_errors = canary.error_ratio > limits.max_error_ratio and canary.error_ratio > stable.error_ratio
    slower = canary.p95_ms is not None and max(canary.p95_ms, limits.min_p95_ms) > limits.max_p95_ratio * max(
        stable.p95_ms or 0.0, limits.min_p95_ms
    )
    assert (breach is not None) == (worse_errors or slower)
    if worse_errors:
        assert breach.startswith("error ratio")


def test_a_fifth_of_calls_failing_is_a_breach_and_a_stable_replica_s_own_errors_are_not_held_against_it():
    limits = Limits()
    assert judge(Track(100, 20, 12.0), Track(900, 0, 11.0), limits).startswith("error ratio 20.0%")
    assert judge(Track(100, 3, 12.0), Track(900, 27, 11.0), limits) is None  # 3 %, as stable: the shop's, not its
    assert judge(Track(100, 0, 300.0), Track(900, 0, 20.0), limits).startswith("p95 300 ms")


def test_a_step_counts_what_happened_between_two_readings_including_series_born_between():
    before = Counts(calls=100, errors=0, buckets={0.005: 60, 0.01: 90, 0.05: 100, 0.1: 100, float("inf"): 100})
    after = Counts(calls=200, errors=20, buckets={0.005: 60, 0.01: 90, 0.05: 180, 0.1: 200, float("inf"): 200})
    step = after.since(before)
    # The errors' series did not exist at the first reading (a canary's first failure): counted from zero.
    assert (step.calls, step.errors) == (100, 20)
    # 100 new calls: none under 10 ms, 80 up to 50 ms, 20 up to 100 ms: the 95th is three quarters into the
    # 50-100 ms bucket, as histogram_quantile interpolates.
    assert step.p95_ms == pytest.approx(87.5)


@given(st.lists(st.floats(min_value=0, max_value=1000), min_size=1, max_size=8), st.floats(min_value=0.01, max_value=1))
def test_the_quantile_lies_within_the_bucket_that_holds_its_rank(counts, q):
    bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0][: len(counts)]
    cumulative, total = {}, 0.0
    for bound, count in zip(bounds, counts, strict=True):
        total += count
        cumulative[bound] = total
    cumulative[float("inf")] = total
    value = _quantile(q, cumulative)
    if total == 0:
        assert value is None
        return
    rank = q * total
    upper = next(b for b in bounds if cumulative[b] >= rank)
    lower = max([0.0] + [b for b in bounds if b < upper])
    assert lower * 1000 - 1e-6 <= value <= upper * 1000 + 1e-6
