"""Outbound webhooks' rules: which endpoints may be registered, what a receiver gets, when a failed delivery is
tried again, and when an endpoint's circuit opens."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from services.webhooks import domain
from services.webhooks.service import _Tally

NOW = datetime(2027, 1, 15, 8, 30, tzinfo=UTC)
ORDER_CONFIRMED = ["shop.orders.v1.OrderConfirmed"]


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.example.com/shopmesh",
        "https://93.184.216.34:8443/in",  # a public address
    ],
)
def test_public_https_endpoints_are_accepted(url: str):
    assert domain.check_endpoint(url, ORDER_CONFIRMED, allow_local=False) == []


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.example.com/shopmesh",  # plain http
        "https://127.0.0.1/in",
        "https://localhost/in",
        "https://10.0.0.5/in",
        "https://192.168.1.2/in",
        "https://169.254.169.254/latest/meta-data",  # a cloud's metadata service
        "https://[::1]/in",
        "https://user:pass@hooks.example.com/in",
        "ftp://hooks.example.com/in",
        "https:///no-host",
        "https://[::1",
        "https://hooks.example.com:99999/in",
    ],
)
def test_insecure_or_private_endpoints_are_refused(url: str):
    assert [v.field for v in domain.check_endpoint(url, ORDER_CONFIRMED, allow_local=False)] == ["webhook_endpoint.url"]


def test_local_stacks_may_register_receivers_on_their_own_machine():
    assert domain.check_endpoint("http://127.0.0.1:9999/hooks", ORDER_CONFIRMED, allow_local=True) == []


def test_only_offered_event_types_may_be_asked_for():
    (problem,) = domain.check_endpoint(
        "https://hooks.example.com/",
        ["shop.orders.v1.OrderConfirmed", "shop.identity.v1.UserRegistered"],
        allow_local=False,
    )
    assert problem.field == "webhook_endpoint.event_types"
    assert "shop.identity.v1.UserRegistered" in problem.description


def test_a_receiver_gets_the_events_id_type_time_order_and_data():
    body = json.loads(
        domain.body("e-1", "shop.orders.v1.OrderConfirmed", "2027-01-15T08:30:00Z", "orders/o-1", {"x": 1})
    )
    assert body == {
        "id": "e-1",
        "type": "shop.orders.v1.OrderConfirmed",
        "time": "2027-01-15T08:30:00Z",
        "subject": "orders/o-1",
        "data": {"x": 1},
    }


def test_backoff_doubles_up_to_its_cap():
    waits = [(domain.next_attempt(n, NOW, base=2.0, cap=600.0) - NOW).total_seconds() for n in range(1, 12)]
    assert waits[:5] == [2.0, 4.0, 8.0, 16.0, 32.0]
    assert waits[-1] == 600.0


def test_the_circuit_opens_at_the_threshold_and_a_success_closes_it():
    assert domain.pause_until(4, NOW, threshold=5, pause=60.0) is None
    assert domain.pause_until(5, NOW, threshold=5, pause=60.0) == NOW + timedelta(seconds=60)
    tally = _Tally(consecutive_failures=5)  # an endpoint waking from a pause: its probe may go out
    assert tally.failures == 0
    tally.failed()
    assert tally.failures_in_a_row == 6  # the probe failed: it rests again
    tally.succeeded()
    tally.failed()
    assert (tally.reset, tally.failures_in_a_row) == (True, 1)  # counted again from the success
