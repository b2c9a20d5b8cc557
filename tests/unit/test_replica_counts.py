"""How many replicas of each service a local stack runs, and where each listens (scripts/mesh.py)."""

from __future__ import annotations

import pytest

from scripts.mesh import MAX_REPLICAS, Profile, replica_counts, services


def test_the_dev_stack_runs_what_mesh_toml_says_and_the_test_stack_two_of_each():
    assert replica_counts("dev", "") == {s.name: s.replicas for s in services()}
    assert set(replica_counts("test", "").values()) == {2}


def test_the_setting_names_a_count_for_every_service_then_per_service_exceptions():
    counts = replica_counts("dev", "3, orders=1 ,catalog=4")
    assert counts["orders"] == 1
    assert counts["catalog"] == 4
    assert {n for s, n in counts.items() if s not in ("orders", "catalog")} == {3}


@pytest.mark.parametrize("setting", ["0", str(MAX_REPLICAS + 1), "orders=two", "warehouse=2", "orders=-1"])
def test_a_setting_that_cannot_be_run_is_refused_with_what_is_wrong(setting):
    with pytest.raises(SystemExit) as refused:
        replica_counts("dev", setting)
    assert "SHOPMESH_REPLICAS" in str(refused.value)


def test_replicas_listen_a_hundred_ports_apart_with_their_metrics_a_thousand_above(monkeypatch):
    monkeypatch.setenv("SHOPMESH_REPLICAS", "orders=3")
    profile = Profile.named("dev")
    first, second, third = profile.replicas("orders")
    assert [r.port for r in (first, second, third)] == [50055, 50155, 50255]
    assert [r.metrics_port for r in (first, second, third)] == [51055, 51155, 51255]
    assert [r.program for r in (first, second, third)] == ["orders-1", "orders-2", "orders-3"]
    assert profile.balanced_target("orders") == "ipv4:127.0.0.1:50055,127.0.0.1:50155,127.0.0.1:50255"
    assert profile.target("orders") == "127.0.0.1:50055"
    assert profile.programs("orders", "envoy") == ["orders-1", "orders-2", "orders-3", "envoy"]
    (alone,) = profile.replicas("catalog")
    assert alone.program == "catalog"
    assert profile.balanced_target("catalog") == "127.0.0.1:50052"
    # Every replica's environment names its own ports and every replica of the services it calls.
    env = profile.service_env(next(s for s in services() if s.name == "orders"), third)
    assert env["SHOPMESH_GRPC_PORT"] == "50255"
    assert env["SHOPMESH_METRICS_PORT"] == "51255"
    assert env["SHOPMESH_ORDERS_TARGET"] == profile.balanced_target("orders")
