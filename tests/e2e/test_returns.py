"""Returns, end to end through Envoy: a customer sends back some units of a delivered order, an admin approves and
receives them, the units go back into stock and exactly their price and tax share is paid back, with a mail at
each step; every unit back makes the order REFUNDED."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta

import grpc
import httpx
import pytest

from scripts.mailbox import wait_for_mail
from scripts.mesh import Profile
from scripts.reconcile import until_balanced
from shop.payments.v1 import payments_service_pb2, payments_service_pb2_grpc
from tests.e2e.conftest import RestUser, as_service, register
from tests.e2e.rest_errors import error_reason, field_violations
from tests.e2e.shopping import FRESH, add_to_cart, available, buy, cents, checkout, new_product, ship_and_deliver


def _payment(mesh: Profile, order: str):
    async def read():
        async with grpc.aio.insecure_channel(mesh.target("payments")) as channel:
            response = await payments_service_pb2_grpc.PaymentsServiceStub(channel).GetPayment(
                payments_service_pb2.GetPaymentRequest(order=order), metadata=await as_service(mesh, "orders")
            )
        return response.payment

    return asyncio.run(read())


def _ask(rest: httpx.Client, user: RestUser, order: dict, lines: list[tuple[dict, int]], **extra) -> httpx.Response:
    return rest.post(
        f"/v1/{order['name']}/returns",
        headers=user.headers,
        json={
            "request_id": extra.pop("request_id", str(uuid.uuid4())),
            "lines": [{"product": p["name"], "quantity": q} for p, q in lines],
            "reason": "Does not fit",
            **extra,
        },
    )


def _act(rest: httpx.Client, user: RestUser, order_return: dict, verb: str, **body) -> httpx.Response:
    return rest.post(f"/v1/{order_return['name']}:{verb}", headers=user.headers, json=body)


def _order(rest: httpx.Client, user: RestUser, order: dict) -> dict:
    response = rest.get(f"/v1/{order['name']}", headers={**user.headers, **FRESH})
    assert response.status_code == 200, response.text
    return response.json()["order"]


@pytest.fixture
def delivered(rest: httpx.Client, customer: RestUser, admin: RestUser) -> tuple[dict, dict, dict]:
    """A delivered order of ``customer``: 3 mugs at 19.99 and 1 pen at 2.50, to California (8.25 % tax)."""
    mug = new_product(rest, admin, cents=1999, display_name="Return Mug")
    pen = new_product(rest, admin, cents=250, display_name="Return Pen")
    add_to_cart(rest, customer, mug, 3)
    add_to_cart(rest, customer, pen, 1)
    placed = checkout(rest, customer)
    assert placed.status_code == 200, placed.text
    order = placed.json()["order"]
    ship_and_deliver(rest, admin, order)
    return order, mug, pen


def test_a_partial_return_is_restocked_and_refunded_exactly_then_the_rest_makes_the_order_refunded(
    mesh: Profile, rest: httpx.Client, customer: RestUser, admin: RestUser, delivered: tuple[dict, dict, dict]
):
    order, mug, pen = delivered
    since = datetime.now(UTC) - timedelta(minutes=1)
    items, tax = cents(order["items_total"]), cents(order["tax"])
    assert (items, tax) == (6247, 515)
    on_hand = available(rest, mug["sku"])

    asked = _ask(rest, customer, order, [(mug, 2)])
    assert asked.status_code == 200, asked.text
    first = asked.json()["order_return"]
    assert first["state"] == "STATE_REQUESTED"
    assert first["customer"] == customer.name
    assert [(line["product"], int(line["quantity"]), cents(line["amount"])) for line in first["lines"]] == [
        (mug["name"], 2, 3998)
    ]
    first_tax = tax * 3998 // items  # its share of the tax, rounded down
    assert (cents(first["items_refund"]), cents(first["tax_refund"])) == (3998, first_tax)
    assert cents(first["refund_total"]) == 3998 + first_tax
    (mail,) = wait_for_mail(mesh.maildir, customer.email, "return request")
    assert mail["Subject"].endswith(f"for order {order['number']}")

    assert _act(rest, customer, first, "approve").status_code == 403  # only the shop decides
    approved = _act(rest, admin, first, "approve")
    assert approved.status_code == 200, approved.text
    assert approved.json()["order_return"]["state"] == "STATE_APPROVED"
    assert wait_for_mail(mesh.maildir, customer.email, "is approved")

    received = _act(rest, admin, first, "receive")
    assert received.status_code == 200, received.text
    assert received.json()["order_return"]["state"] == "STATE_REFUNDED"
    assert available(rest, mug["sku"]) == on_hand + 2
    partly = _order(rest, customer, order)
    assert partly["state"] == "STATE_PARTIALLY_REFUNDED"
    assert cents(partly["refunded"]) == 3998 + first_tax
    payment = _payment(mesh, order["name"])
    assert payment.State.Name(payment.state) == "STATE_PARTIALLY_REFUNDED"
    assert payment.refunded_amount.units * 100 + payment.refunded_amount.nanos // 10_000_000 == 3998 + first_tax
    (refund_mail,) = wait_for_mail(mesh.maildir, customer.email, "Your refund of")
    assert f"{(3998 + first_tax) / 100:.2f} USD" in refund_mail["Subject"]
    assert refund_mail["Subject"].endswith(f"for order {order['number']}")  # the number shoppers know it by

    again = _act(rest, admin, first, "receive")  # a repeat pays nothing twice and restocks nothing twice
    assert again.status_code == 200
    assert available(rest, mug["sku"]) == on_hand + 2
    assert cents(_order(rest, customer, order)["refunded"]) == 3998 + first_tax

    rest_of_it = _ask(rest, customer, order, [(mug, 1), (pen, 1)]).json()["order_return"]
    assert cents(rest_of_it["items_refund"]) == 1999 + 250
    assert cents(rest_of_it["tax_refund"]) == tax - first_tax  # every unit back: the tax to the cent
    _act(rest, admin, rest_of_it, "approve")
    assert _act(rest, admin, rest_of_it, "receive").status_code == 200
    refunded = _order(rest, customer, order)
    assert refunded["state"] == "STATE_REFUNDED"
    assert cents(refunded["refunded"]) == items + tax  # shipping is kept by returns
    listed = rest.get(f"/v1/{order['name']}/returns", headers=customer.headers).json()["order_returns"]
    assert [r["name"] for r in listed] == [first["name"], rest_of_it["name"]]
    # The books balance: payments refunded all but the shipping, stock and analytics took the units back.
    report, _ = until_balanced(mesh.name, since, within=60)
    assert report.findings == []


def test_units_can_be_asked_for_once_a_rejection_frees_them_and_the_same_request_id_is_one_return(
    mesh: Profile, rest: httpx.Client, customer: RestUser, admin: RestUser, delivered: tuple[dict, dict, dict]
):
    order, mug, _pen = delivered
    request_id = str(uuid.uuid4())
    first = _ask(rest, customer, order, [(mug, 3)], request_id=request_id).json()["order_return"]
    repeat = _ask(rest, customer, order, [(mug, 3)], request_id=request_id)
    assert repeat.json()["order_return"]["name"] == first["name"]

    more = _ask(rest, customer, order, [(mug, 1)])
    assert more.status_code == 400, more.text
    assert error_reason(more) == "RETURN_QUANTITY"

    rejected = _act(rest, admin, first, "reject", reason="Used items cannot be returned")
    assert rejected.json()["order_return"]["state"] == "STATE_REJECTED"
    (mail,) = wait_for_mail(mesh.maildir, customer.email, "was not accepted")
    assert "Used items cannot be returned" in mail.get_payload()
    assert _act(rest, admin, first, "receive").status_code == 400  # a rejected return is not received
    assert _ask(rest, customer, order, [(mug, 3)]).status_code == 200  # its units are free again


def test_bad_returns_are_refused_with_what_is_wrong(
    rest: httpx.Client, customer: RestUser, admin: RestUser, delivered: tuple[dict, dict, dict]
):
    order, mug, _pen = delivered
    stranger_product = new_product(rest, admin, stock=0)
    not_ordered = _ask(rest, customer, order, [(stranger_product, 1)])
    assert not_ordered.status_code == 400
    assert field_violations(not_ordered) == {"lines[0].product"}
    twice = _ask(rest, customer, order, [(mug, 1), (mug, 1)])
    assert field_violations(twice) == {"lines[1].product"}
    assert field_violations(_ask(rest, customer, order, [(mug, 0)])) == {"lines[0].quantity"}
    assert field_violations(_ask(rest, customer, order, [])) == {"lines"}
    assert _ask(rest, register(rest), order, [(mug, 1)]).status_code == 404  # another's order

    undelivered = buy(rest, customer, new_product(rest, admin))
    early = _ask(rest, customer, undelivered, [({"name": undelivered["lines"][0]["product"]}, 1)])
    assert early.status_code == 400
    assert error_reason(early) == "ORDER_STATE"
    missing = rest.post(f"/v1/{order['name']}/returns/{uuid.uuid4()}:approve", headers=admin.headers, json={})
    assert missing.status_code == 404
