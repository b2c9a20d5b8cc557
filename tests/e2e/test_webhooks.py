"""Outbound webhooks, end to end: an admin registers a receiver (a small HTTP server in the test), and the events
of an order reach it signed, once each and in order, across an outage of the receiver and a crash of the sender;
a receiver that keeps failing pauses its endpoint and its deliveries are dead-lettered while later ones go on."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from scripts.mesh import Profile
from scripts.stack import Stack
from services.runtime.webhook_signatures import SIGNATURE_HEADER, verify
from tests.e2e.conftest import RestUser
from tests.e2e.rest_errors import field_violations
from tests.e2e.shopping import FRESH, buy, new_product, ship_and_deliver
from tests.e2e.webhook_receiver import Receiver
from tests.eventually import until

ORDER_EVENTS = [
    "shop.orders.v1.OrderPlaced",
    "shop.orders.v1.OrderConfirmed",
    "shop.orders.v1.OrderShipped",
    "shop.orders.v1.OrderDelivered",
]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    running = Receiver()
    running.start()
    yield running
    running.stop()


@pytest.fixture
def endpoint(rest: httpx.Client, admin: RestUser, receiver: Receiver) -> Iterator[dict]:
    """The receiver registered for an order's own events; removed afterwards."""
    created = rest.post(
        "/v1/webhookEndpoints",
        headers=admin.headers,
        json={"url": receiver.url, "event_types": ORDER_EVENTS},
    )
    assert created.status_code == 200, created.text
    registered = created.json()["webhook_endpoint"]
    yield registered
    rest.delete(f"/v1/{registered['name']}", headers=admin.headers)


def _types(received: list) -> list[str]:
    return [r.event["type"] for r in received]


def _log(rest: httpx.Client, admin: RestUser, endpoint: dict, order: dict) -> list[dict]:
    response = rest.get(f"/v1/{endpoint['name']}/deliveries", headers={**admin.headers, **FRESH})
    assert response.status_code == 200, response.text
    return [d for d in response.json()["webhook_deliveries"] if d["subject"] == order["name"]]


def _settled_log(rest: httpx.Client, admin: RestUser, endpoint: dict, order: dict) -> list[dict] | None:
    """The order's four deliveries once none is pending (the sender records each just after the receiver's answer)."""
    log = _log(rest, admin, endpoint, order)
    return log if len(log) == 4 and all(d["state"] != "STATE_PENDING" for d in log) else None


def test_an_orders_events_arrive_signed_once_each_and_in_order(
    rest: httpx.Client, customer: RestUser, admin: RestUser, receiver: Receiver, endpoint: dict
):
    assert endpoint["secret"].startswith("whsec_")
    assert endpoint["state"] == "STATE_ACTIVE"
    order = buy(rest, customer, new_product(rest, admin))
    ship_and_deliver(rest, admin, order)

    received = until(
        lambda: (r := receiver.events_of(order["name"])) and len(r) == 4 and r,
        within=20,
        what="the order's four events at the receiver",
    )
    assert _types(received) == ORDER_EVENTS
    for delivery in received:
        assert verify(endpoint["secret"], delivery.body, delivery.headers[SIGNATURE_HEADER], time.time())
        assert delivery.headers["shopmesh-event-id"] == delivery.event["id"]
        assert delivery.headers["shopmesh-event-type"] == delivery.event["type"]
        assert delivery.event["data"]["order"]["name"] == order["name"]
    assert received[1].event["data"]["order"]["state"] == "STATE_CONFIRMED"
    assert len({r.event["id"] for r in received}) == 4

    log = until(lambda: _settled_log(rest, admin, endpoint, order), what="the delivery log")
    assert [d["event_type"] for d in log] == list(reversed(ORDER_EVENTS))  # newest first
    assert {(d["state"], d["attempts"], d["last_status_code"]) for d in log} == {("STATE_DELIVERED", 1, 200)}
    listed = rest.get("/v1/webhookEndpoints", headers=admin.headers).json()["webhook_endpoints"]
    mine = next(e for e in listed if e["name"] == endpoint["name"])
    assert mine["secret"] == ""  # shown once, when created


def test_only_admins_register_and_bad_endpoints_name_the_field(rest: httpx.Client, customer: RestUser, admin: RestUser):
    assert rest.get("/v1/webhookEndpoints", headers=customer.headers).status_code == 403
    assert rest.get("/v1/webhookEndpoints").status_code == 401
    types = rest.get("/v1/webhookEventTypes", headers=admin.headers).json()["event_types"]
    assert "shop.orders.v1.OrderConfirmed" in types
    assert "shop.shipping.v1.ShipmentStateChanged" in types
    for body, field in [
        ({"url": "ftp://example.com/x", "event_types": ORDER_EVENTS}, "webhook_endpoint.url"),
        ({"url": "https://example.com/x", "event_types": ["shop.orders.v1.Nope"]}, "webhook_endpoint.event_types"),
        ({"url": "https://example.com/x", "event_types": []}, "webhook_endpoint.event_types"),
        ({"url": "not a url", "event_types": ORDER_EVENTS}, "webhook_endpoint.url"),
    ]:
        response = rest.post("/v1/webhookEndpoints", headers=admin.headers, json=body)
        assert response.status_code == 400, response.text
        assert field_violations(response) == {field}, response.text
    missing = rest.get("/v1/webhookEndpoints/00000000-0000-0000-0000-000000000000/deliveries", headers=admin.headers)
    assert missing.status_code == 404


def test_deliveries_wait_out_a_receiver_outage_and_a_sender_crash_and_stay_in_order(
    mesh: Profile, rest: httpx.Client, customer: RestUser, admin: RestUser, receiver: Receiver, endpoint: dict
):
    receiver.stop()  # the receiver is down while the order is placed
    order = buy(rest, customer, new_product(rest, admin))
    until(  # the sender tried and failed: the outage is felt before the crash (not a race with it)
        lambda: any(d["attempts"] >= 1 for d in _log(rest, admin, endpoint, order)),
        within=30,
        what="a delivery tried while the receiver is down",
    )
    Stack(mesh).kill("webhooks")  # and the sender crashes; supervisord starts it again
    time.sleep(1.0)
    receiver.start()  # back on the same port
    until(lambda: len(receiver.events_of(order["name"])) >= 2, within=30, what="the events after the outage")
    ship_and_deliver(rest, admin, order)

    received = until(
        lambda: (r := receiver.events_of(order["name"])) and len({x.event["id"] for x in r}) == 4 and r,
        within=30,
        what="all four events",
    )
    first_seen: list[str] = []
    for delivery in received:  # a crash between the receiver's 200 and the row's update may send one again
        if delivery.event["type"] not in first_seen:
            first_seen.append(delivery.event["type"])
    assert first_seen == ORDER_EVENTS
    log = until(lambda: _settled_log(rest, admin, endpoint, order), what="the delivery log")
    assert {d["state"] for d in log} == {"STATE_DELIVERED"}
    assert max(d["attempts"] for d in log) > 1  # the outage was felt, and retried


def test_a_failing_receiver_pauses_its_endpoint_and_dead_letters_while_later_events_go_on(
    rest: httpx.Client, customer: RestUser, admin: RestUser, receiver: Receiver, endpoint: dict
):
    receiver.status = 500
    order = buy(rest, customer, new_product(rest, admin))

    def paused() -> bool:
        listed = rest.get("/v1/webhookEndpoints", headers=admin.headers).json()["webhook_endpoints"]
        mine = next(e for e in listed if e["name"] == endpoint["name"])
        return mine["state"] == "STATE_PAUSED" and mine["consecutive_failures"] >= 5

    until(paused, within=20, what="the circuit breaker pausing the endpoint")

    def placed_dead() -> dict | None:
        placed = [d for d in _log(rest, admin, endpoint, order) if d["event_type"] == ORDER_EVENTS[0]]
        return placed[0] if placed and placed[0]["state"] == "STATE_DEAD" else None

    dead = until(placed_dead, within=30, what="OrderPlaced dead-lettered")
    assert (dead["state"], dead["attempts"], dead["last_status_code"]) == ("STATE_DEAD", 6, 500)
    assert "HTTP 500" in dead["last_error"]

    receiver.status = 200  # the receiver is fixed: the next event of the order goes through
    until(
        lambda: _types(receiver.events_of(order["name"])) == [ORDER_EVENTS[1]],
        within=20,
        what="OrderConfirmed after the dead letter",
    )

    def closed() -> bool:  # the sender records the success just after the receiver answered
        listed = rest.get("/v1/webhookEndpoints", headers=admin.headers).json()["webhook_endpoints"]
        mine = next(e for e in listed if e["name"] == endpoint["name"])
        return (mine["state"], mine["consecutive_failures"]) == ("STATE_ACTIVE", 0)

    until(closed, within=10, what="the circuit closed by the success")
