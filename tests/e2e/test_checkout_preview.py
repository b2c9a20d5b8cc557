"""A checkout preview: before paying, the shopper sees what the order will cost (lines, discount, shipping, tax,
total) priced as checkout prices it; nothing is placed, reserved or charged; countries come from the shipping
zones; and every order carries a short number shops and shoppers use."""

from __future__ import annotations

import httpx

from tests.e2e.conftest import RestUser, register
from tests.e2e.rest_errors import error_reason
from tests.e2e.shopping import ADDRESS, add_to_cart, available, checkout, new_product


def _preview(rest: httpx.Client, user: RestUser, address: dict | None = None) -> httpx.Response:
    return rest.post("/v1/orders:preview", headers=user.headers, json={"shipping_address": address or ADDRESS})


def test_the_preview_is_what_checkout_then_charges_and_changes_nothing(rest: httpx.Client, admin: RestUser):
    shopper = register(rest)
    product = new_product(rest, admin, cents=1999, stock=5)
    add_to_cart(rest, shopper, product, 2)
    previewed = _preview(rest, shopper)
    assert previewed.status_code == 200, previewed.text
    order = previewed.json()["order"]
    assert (order["name"], order["state"], order["number"]) == ("", "STATE_UNSPECIFIED", "")
    assert [(line["sku"], line["quantity"]) for line in order["lines"]] == [(product["sku"], "2")]
    # Nothing happened: no order, stock untouched, the cart kept.
    assert rest.get("/v1/orders", headers=shopper.headers).json().get("orders", []) == []
    assert available(rest, product["sku"]) == 5
    abroad = _preview(rest, shopper, {**ADDRESS, "country_code": "DE"}).json()["order"]
    assert abroad["shipping"] != order["shipping"]  # another zone, another rate
    placed = checkout(rest, shopper)
    assert placed.status_code == 200, placed.text
    confirmed = placed.json()["order"]
    for money in ("items_total", "discount", "shipping", "tax", "total"):
        assert confirmed[money] == order[money], money
    assert confirmed["number"].isdigit()
    assert int(confirmed["number"]) > 10000


def test_an_empty_cart_has_nothing_to_preview_and_strangers_none_at_all(rest: httpx.Client):
    shopper = register(rest)
    empty = _preview(rest, shopper)
    assert (empty.status_code, error_reason(empty)) == (400, "CART_EMPTY")
    assert rest.post("/v1/orders:preview", json={"shipping_address": ADDRESS}).status_code == 401


def test_order_numbers_are_unique_and_grow(rest: httpx.Client, admin: RestUser):
    shopper = register(rest)
    product = new_product(rest, admin, stock=5)
    numbers = []
    for _ in range(2):
        add_to_cart(rest, shopper, product)
        placed = checkout(rest, shopper)
        assert placed.status_code == 200, placed.text
        numbers.append(int(placed.json()["order"]["number"]))
    assert numbers[1] > numbers[0]
    listed = rest.get("/v1/orders", headers=shopper.headers).json()["orders"]
    assert sorted(int(o["number"]) for o in listed) == sorted(numbers)


def test_the_countries_a_checkout_offers_are_the_shipping_zones(rest: httpx.Client):
    countries = rest.get("/v1/shipping/countries").json()["countries"]
    assert countries[0] == {
        "country_code": "US",
        "display_name": "United States",
        "zone": "DOMESTIC",
        "estimated_days": 3,
    }
    by_code = {c["country_code"]: c for c in countries}
    assert by_code["DE"]["zone"] == "NEAR"
    assert by_code["JP"]["zone"] == "WORLD"
    names = [c["display_name"] for c in countries[1:]]
    assert names == sorted(names)
