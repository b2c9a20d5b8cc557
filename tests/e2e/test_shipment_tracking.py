"""Shipment tracking, end to end through Envoy: a customer follows their parcel; a carrier's signed webhook moves
it through in transit, out for delivery and delivered, which delivers the order and mails the customer."""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime

import httpx
import pytest

from scripts.mailbox import wait_for_mail
from scripts.mesh import Profile
from services.runtime.webhook_signatures import sign
from tests.e2e.conftest import RestUser, register
from tests.e2e.rest_errors import field_violations
from tests.e2e.shopping import FRESH, buy, new_product
from tests.eventually import until


def _report(tracking_number: str, status: str, *, event_id: str | None = None, **extra: str) -> bytes:
    return json.dumps(
        {
            "id": event_id or f"evt-{uuid.uuid4().hex}",
            "tracking_number": tracking_number,
            "status": status,
            "time": extra.pop("time", datetime.now(UTC).isoformat()),
            **extra,
        }
    ).encode()


def _post(rest: httpx.Client, carrier: str, body: bytes, secret: str) -> httpx.Response:
    signature = sign(secret, body, int(time.time()))
    return rest.post(
        f"/v1/carriers/{carrier}/events",
        content=body,
        headers={"content-type": "application/json", "shopmesh-signature": signature},
    )


def _shipment(rest: httpx.Client, user: RestUser, order: dict) -> dict:
    response = rest.get(f"/v1/{order['name']}/shipment", headers={**user.headers, **FRESH})
    assert response.status_code == 200, response.text
    return response.json()["shipment"]


@pytest.fixture
def shipped(rest: httpx.Client, customer: RestUser, admin: RestUser) -> tuple[dict, str]:
    """A confirmed order of ``customer`` the admin shipped with DHL; the order and its tracking number."""
    order = buy(rest, customer, new_product(rest, admin))
    tracking_number = f"JD{uuid.uuid4().hex[:16].upper()}"
    response = rest.post(
        f"/v1/{order['name']}:ship", headers=admin.headers, json={"carrier": "DHL", "tracking_number": tracking_number}
    )
    assert response.status_code == 200, response.text
    return order, tracking_number


def test_the_customer_follows_the_parcel_and_nobody_else_can(
    rest: httpx.Client, customer: RestUser, admin: RestUser, shipped: tuple[dict, str]
):
    order, tracking_number = shipped
    shipment = _shipment(rest, customer, order)
    assert (shipment["state"], shipment["carrier"], shipment["tracking_number"]) == (
        "STATE_SHIPPED",
        "DHL",
        tracking_number,
    )
    assert [e["state"] for e in shipment["tracking_events"]] == ["STATE_PENDING", "STATE_SHIPPED"]
    assert tracking_number in shipment["tracking_events"][1]["description"]
    assert _shipment(rest, admin, order)["name"] == shipment["name"]

    stranger = register(rest)
    assert rest.get(f"/v1/{order['name']}/shipment", headers=stranger.headers).status_code == 404
    anonymous = rest.get(f"/v1/{order['name']}/shipment")
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == 16


def test_signed_carrier_reports_deliver_the_order_and_mail_the_customer(
    mesh: Profile, rest: httpx.Client, customer: RestUser, shipped: tuple[dict, str]
):
    order, tracking_number = shipped
    secret = mesh.carrier_webhook_secret("dhl")
    in_transit = _report(tracking_number, "in_transit", location="Leipzig hub")
    first = _post(rest, "dhl", in_transit, secret)
    assert first.status_code == 200, first.text
    assert first.json() == {"event_id": json.loads(in_transit)["id"], "state": "STATE_IN_TRANSIT", "duplicate": False}
    again = _post(rest, "dhl", in_transit, secret)  # the carrier retries: same event id, nothing new
    assert again.json()["duplicate"] is True
    assert [e["state"] for e in _shipment(rest, customer, order)["tracking_events"]].count("STATE_IN_TRANSIT") == 1

    assert _post(rest, "dhl", _report(tracking_number, "out_for_delivery"), secret).json()["state"] == (
        "STATE_OUT_FOR_DELIVERY"
    )
    delivered = _post(rest, "dhl", _report(tracking_number, "delivered", description="Left with a neighbour"), secret)
    assert delivered.json()["state"] == "STATE_DELIVERED"

    def order_state() -> str | None:
        state = rest.get(f"/v1/{order['name']}", headers={**customer.headers, **FRESH}).json()["order"]["state"]
        return state if state == "STATE_DELIVERED" else None

    until(order_state, within=15, what="the order delivered by the carrier's report")
    (mail,) = wait_for_mail(mesh.maildir, customer.email, "was delivered")
    assert mail["Subject"] == f"Your order {order['number']} was delivered"

    late = _post(rest, "dhl", _report(tracking_number, "in_transit", time="2020-01-01T00:00:00Z"), secret)
    assert late.json()["state"] == "STATE_DELIVERED"  # an old report is history, not news
    shipment = _shipment(rest, customer, order)
    assert shipment["state"] == "STATE_DELIVERED"
    assert [e["state"] for e in shipment["tracking_events"]] == [
        "STATE_IN_TRANSIT",  # the late report, by the time it happened
        "STATE_PENDING",
        "STATE_SHIPPED",
        "STATE_IN_TRANSIT",
        "STATE_OUT_FOR_DELIVERY",
        "STATE_DELIVERED",
    ]
    assert shipment["tracking_events"][3]["location"] == "Leipzig hub"
    assert shipment["tracking_events"][5]["description"] == "Left with a neighbour"
    assert shipment["tracking_events"][5]["source"] == "carriers/dhl"


def test_a_bad_signature_is_401_and_changes_nothing(
    mesh: Profile, rest: httpx.Client, customer: RestUser, shipped: tuple[dict, str]
):
    order, tracking_number = shipped
    body = _report(tracking_number, "delivered")
    refused = [
        _post(rest, "dhl", body, "not-the-secret"),
        _post(rest, "dhl", body, mesh.carrier_webhook_secret("ups")),  # another carrier's secret
        _post(rest, "nobody", body, "any"),  # a carrier the shop has no secret for
        rest.post("/v1/carriers/dhl/events", content=body, headers={"content-type": "application/json"}),
        rest.post(
            "/v1/carriers/dhl/events",
            content=body,
            headers={"shopmesh-signature": f"t={int(time.time()) - 3600},v1=00", "content-type": "application/json"},
        ),
    ]
    for response in refused:
        assert response.status_code == 401, response.text
        assert response.json()["code"] == 16
    shipment = _shipment(rest, customer, order)
    assert shipment["state"] == "STATE_SHIPPED"
    assert len(shipment["tracking_events"]) == 2


def test_a_signed_but_bad_report_is_400_or_404_naming_what_is_wrong(mesh: Profile, rest: httpx.Client):
    secret = mesh.carrier_webhook_secret("dhl")
    bad = _post(rest, "dhl", b'{"id": "", "status": "lost", "time": "yesterday"}', secret)
    assert bad.status_code == 400, bad.text
    assert field_violations(bad) == {"body.id", "body.tracking_number", "body.status", "body.time"}
    assert _post(rest, "dhl", b"not json at all", secret).status_code == 400
    unknown = _post(rest, "dhl", _report("NO-SUCH-PARCEL", "in_transit"), secret)
    assert unknown.status_code == 404, unknown.text
    assert _post(rest, "DHL!", b"{}", secret).status_code == 400  # the carrier's name itself
