"""Buying a variant, end to end through the gateway: a shopper picks a size and colour, the cart and the order
name it with its options and SKU, its stock (not its siblings') is taken, the mail says which one; a sold-out
variant cannot be bought while its sibling can; an archived one cannot be added."""

from __future__ import annotations

import uuid

import httpx
import pytest

from scripts.mailbox import wait_for_mail
from scripts.mesh import Profile
from tests.e2e.conftest import RestUser, register
from tests.e2e.shopping import available, cents, checkout, new_tee, ship_and_deliver
from tests.eventually import until


@pytest.fixture
def tee(rest: httpx.Client, admin: RestUser) -> dict:
    """A tee in S and M, Black and Sand: M Black 3 in stock, M Sand none (and its own price), S none."""
    return new_tee(rest, admin)


def _add(rest: httpx.Client, user: RestUser, tee: dict, variant: dict | None, quantity: int = 1) -> httpx.Response:
    body = {"product": tee["name"], "quantity": quantity}
    if variant is not None:
        body["variant"] = variant["name"]
    return rest.post("/v1/carts/me:addItem", headers=user.headers, json=body)


def _reason(response: httpx.Response) -> str:
    return next(d["reason"] for d in response.json()["details"] if "reason" in d)


def test_a_shopper_picks_a_size_and_colour_and_the_order_and_its_mail_say_which(
    rest: httpx.Client, tee: dict, mesh: Profile
):
    shopper = register(rest)
    unnamed = _add(rest, shopper, tee, None)
    assert (unnamed.status_code, _reason(unnamed)) == (400, "VARIANT_REQUIRED")
    black = tee["variants"]["M", "Black"]
    cart = _add(rest, shopper, tee, black, 2).json()["cart"]
    (line,) = cart["items"]
    assert (line["variant"], line["sku"], line["quantity"]) == (black["name"], black["sku"], "2")
    assert [(v["option"], v["value"]) for v in line["option_values"]] == [("Size", "M"), ("Colour", "Black")]
    answer = checkout(rest, shopper)
    assert answer.status_code == 200, answer.text
    order = answer.json()["order"]
    (ordered,) = order["lines"]
    assert (ordered["variant"], ordered["sku"]) == (black["name"], black["sku"])
    assert [(v["option"], v["value"]) for v in ordered["option_values"]] == [("Size", "M"), ("Colour", "Black")]
    assert cents(ordered["unit_price"]) == 2400
    assert available(rest, black["sku"]) == 1  # its stock, not its siblings'
    assert rest.get("/v1/carts/me", headers=shopper.headers).json()["cart"]["items"] == []
    (mail,) = wait_for_mail(mesh.maildir, shopper.email, "is confirmed")
    assert "2 x Variant Tee (Size M, Colour Black)" in mail.get_payload()


def test_a_sold_out_variant_cannot_be_bought_while_its_sibling_can(rest: httpx.Client, tee: dict):
    shopper = register(rest)
    sand, black = tee["variants"]["M", "Sand"], tee["variants"]["M", "Black"]
    cart = _add(rest, shopper, tee, sand).json()["cart"]
    assert cents(cart["items"][0]["unit_price"]) == 2600  # its own price
    refused = checkout(rest, shopper)
    assert (refused.status_code, _reason(refused)) == (400, "OUT_OF_STOCK")
    assert (
        rest.post(
            "/v1/carts/me:removeItem", headers=shopper.headers, json={"product": tee["name"], "variant": sand["name"]}
        ).json()["cart"]["items"]
        == []
    )
    _add(rest, shopper, tee, black)
    bought = checkout(rest, shopper)
    assert bought.status_code == 200, bought.text
    assert bought.json()["order"]["lines"][0]["sku"] == black["sku"]


def test_two_variants_of_one_product_are_two_lines(rest: httpx.Client, tee: dict, admin: RestUser):
    shopper = register(rest)
    small = tee["variants"]["S", "Black"]
    stocked = rest.post("/v1/stockLevels:adjust", headers=admin.headers, json={"sku": small["sku"], "delta": 2})
    assert stocked.status_code == 200, stocked.text
    _add(rest, shopper, tee, small)
    cart = _add(rest, shopper, tee, tee["variants"]["M", "Black"]).json()["cart"]
    assert sorted(line["sku"] for line in cart["items"]) == sorted([small["sku"], tee["variants"]["M", "Black"]["sku"]])
    again = _add(rest, shopper, tee, None)  # which one? the cart has two
    assert (again.status_code, _reason(again)) == (400, "VARIANT_REQUIRED")
    changed = rest.post(
        "/v1/carts/me:updateItem",
        headers=shopper.headers,
        json={"product": tee["name"], "variant": small["name"], "quantity": 2},
    )
    assert changed.status_code == 200, changed.text
    assert {line["sku"]: line["quantity"] for line in changed.json()["cart"]["items"]}[small["sku"]] == "2"
    order = checkout(rest, shopper)
    assert order.status_code == 200, order.text
    assert sorted((line["sku"], line["quantity"]) for line in order.json()["order"]["lines"]) == sorted(
        [(small["sku"], "2"), (tee["variants"]["M", "Black"]["sku"], "1")]
    )


def test_an_archived_variant_cannot_be_added(rest: httpx.Client, tee: dict, admin: RestUser):
    shopper = register(rest)
    small_sand = tee["variants"]["S", "Sand"]
    archived = rest.post(f"/v1/{small_sand['name']}:archive", headers=admin.headers, json={})
    assert archived.status_code == 200, archived.text
    refused = _add(rest, shopper, tee, small_sand)
    assert (refused.status_code, _reason(refused)) == (400, "VARIANT_ARCHIVED")
    foreign = _add(rest, shopper, tee, {"name": f"{tee['name']}/variants/{uuid.uuid4()}"})
    assert foreign.status_code == 404


def test_a_review_says_which_variant_its_author_bought(rest: httpx.Client, tee: dict, admin: RestUser):
    shopper = register(rest)
    black = tee["variants"]["M", "Black"]
    assert _add(rest, shopper, tee, black).status_code == 200
    placed = checkout(rest, shopper)
    assert placed.status_code == 200, placed.text
    ship_and_deliver(rest, admin, placed.json()["order"])
    body = {"rating": 4, "title": "Soft", "body": "Fits well."}

    def written() -> httpx.Response | None:  # the delivery reaches reviews through an event
        answer = rest.post(f"/v1/{tee['name']}/reviews", headers=shopper.headers, json=body)
        return answer if answer.status_code == 200 else None

    review = until(written, within=10, what="the delivery unlocks the review").json()["review"]
    assert review["purchased_variant"] == black["name"]
    assert [(v["option"], v["value"]) for v in review["purchased_option_values"]] == [
        ("Size", "M"),
        ("Colour", "Black"),
    ]
