"""Promotions and coupons, end to end through Envoy: the cart shows what automatic promotions and a coupon take
off, checkout charges exactly that and redeems the coupon, a cancelled order gives its use back, and a coupon's
limit holds when more shoppers than it has uses check out at once."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from scripts.mesh import Profile
from scripts.reconcile import until_balanced
from tests.e2e.conftest import RestUser, register
from tests.e2e.rest_errors import error_reason, field_violations
from tests.e2e.shopping import FRESH, add_to_cart, available, cents, checkout, new_product, new_tee


def _usd(cents_: int) -> dict:
    return {"currency_code": "USD", "units": str(cents_ // 100), "nanos": cents_ % 100 * 10_000_000}


@pytest.fixture
def promotions(rest: httpx.Client, admin: RestUser) -> Iterator:
    """Creates promotions for a test and archives them after it (so no other test's cart sees them)."""
    made: list[str] = []

    def create(**promotion) -> dict:
        response = rest.post("/v1/promotions", headers=admin.headers, json=promotion)
        assert response.status_code == 200, response.text
        made.append(response.json()["promotion"]["name"])
        return response.json()["promotion"]

    yield create
    for name in made:
        rest.post(f"/v1/{name}:archive", headers=admin.headers, json={})


def _code() -> str:
    return f"SAVE-{uuid.uuid4().hex[:8].upper()}"


def _cart(rest: httpx.Client, user: RestUser) -> dict:
    response = rest.get("/v1/carts/me", headers={**user.headers, **FRESH})
    assert response.status_code == 200, response.text
    return response.json()["cart"]


def _apply(rest: httpx.Client, user: RestUser, code: str) -> httpx.Response:
    return rest.post("/v1/carts/me:applyCoupon", headers=user.headers, json={"coupon_code": code})


def test_the_cart_shows_the_discounts_checkout_charges_them_and_a_cancel_gives_the_coupon_back(
    mesh: Profile, rest: httpx.Client, customer: RestUser, admin: RestUser, promotions
):
    since = datetime.now(UTC) - timedelta(minutes=1)
    mug = new_product(rest, admin, cents=1999, display_name="Promo Mug")
    pen = new_product(rest, admin, cents=500, display_name="Promo Pen")
    promotions(display_name="Mug week", kind="KIND_PERCENT_OFF", percent_off=25, products=[mug["name"]])
    code = _code()
    coupon = promotions(
        display_name="Five off",
        kind="KIND_AMOUNT_OFF",
        amount_off=_usd(500),
        coupon_code=code.lower(),  # any case; kept upper case
        min_spend=_usd(3000),
        max_redemptions_per_customer=1,
    )
    assert coupon["coupon_code"] == code
    add_to_cart(rest, customer, mug, 2)
    add_to_cart(rest, customer, pen, 1)
    cart = _cart(rest, customer)
    assert [d["display_name"] for d in cart["discounts"]] == ["Mug week"]
    assert cents(cart["discount"]) == 1000  # 25 % of 39.98 = 9.995 → 10.00
    assert cents(cart["total"]) == 3998 + 500 - 1000

    applied = _apply(rest, customer, code)  # 34.98 left after the automatic promotion: above its 30.00
    assert applied.status_code == 200, applied.text
    cart = applied.json()["cart"]
    assert cart["coupon_code"] == code
    assert [d["display_name"] for d in cart["discounts"]] == ["Mug week", "Five off"]
    assert cents(cart["discount"]) == 1500
    # 5.00 split 29.98 : 5.00 = 428.53 : 71.47, the odd cent to the larger remainder
    assert [cents(item["discount"]) for item in cart["items"]] == [1000 + 429, 71]

    placed = checkout(rest, customer)
    assert placed.status_code == 200, placed.text
    order = placed.json()["order"]
    assert order["coupon_code"] == code
    assert cents(order["discount"]) == 1500
    assert [cents(line["discount"]) for line in order["lines"]] == [1429, 71]
    assert cents(order["tax"]) == ((4498 - 1500) * 825 + 5000) // 10000  # on the discounted items
    assert cents(order["total"]) == 4498 - 1500 + cents(order["tax"]) + cents(order["shipping"])
    assert _cart(rest, customer)["coupon_code"] == ""  # the order used it
    assert rest.get(f"/v1/{coupon['name']}", headers=admin.headers).json()["promotion"]["redemptions"] == "1"

    add_to_cart(rest, customer, mug, 2)
    again = _apply(rest, customer, code)
    assert again.status_code == 400
    assert error_reason(again) == "COUPON_CUSTOMER_LIMIT"

    cancelled = rest.post(f"/v1/{order['name']}:cancel", headers=customer.headers, json={})
    assert cancelled.status_code == 200, cancelled.text
    assert rest.get(f"/v1/{coupon['name']}", headers=admin.headers).json()["promotion"].get("redemptions", "0") == "0"
    add_to_cart(rest, customer, pen, 1)  # 2 mugs alone come to 29.98 after their 25 %: below the minimum
    back = _apply(rest, customer, code)
    assert back.status_code == 200, back.text  # the use came back with the cancellation
    report, _ = until_balanced(mesh.name, since, within=60)  # coupons included: the cancelled order holds none
    assert report.findings == []


def test_a_coupon_limit_holds_when_more_shoppers_than_uses_check_out_at_once(
    rest: httpx.Client, admin: RestUser, promotions
):
    product = new_product(rest, admin, cents=1000, stock=20)
    code = _code()
    coupon = promotions(
        display_name="First three", kind="KIND_PERCENT_OFF", percent_off=50, coupon_code=code, max_redemptions=3
    )
    shoppers = [register(rest) for _ in range(8)]
    for shopper in shoppers:
        add_to_cart(rest, shopper, product)
        assert _apply(rest, shopper, code).status_code == 200  # nobody has used it yet
    stock = available(rest, product["sku"])

    def buy(shopper: RestUser) -> httpx.Response:
        with httpx.Client(base_url=str(rest.base_url), timeout=30) as own:
            return checkout(own, shopper)

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(buy, shoppers))
    won = [r.json()["order"] for r in outcomes if r.status_code == 200]
    lost = [r for r in outcomes if r.status_code != 200]
    assert len(won) == 3, [r.text for r in outcomes]
    assert all(cents(order["discount"]) == 500 for order in won)
    assert {r.status_code for r in lost} == {400}
    assert {error_reason(r) for r in lost} == {"COUPON_USED_UP"}
    assert rest.get(f"/v1/{coupon['name']}", headers=admin.headers).json()["promotion"]["redemptions"] == "3"
    assert available(rest, product["sku"]) == stock - 3  # the refused checkouts took no stock


def test_bad_promotions_and_coupons_are_refused_with_what_is_wrong(
    rest: httpx.Client, customer: RestUser, admin: RestUser, promotions
):
    bad = [
        ({"display_name": "x", "kind": "KIND_PERCENT_OFF"}, "promotion.percent_off"),
        ({"display_name": "x", "kind": "KIND_AMOUNT_OFF"}, "promotion.amount_off"),
        ({"display_name": "x", "kind": "KIND_PERCENT_OFF", "percent_off": 101}, "promotion.percent_off"),
        (
            {"display_name": "x", "kind": "KIND_PERCENT_OFF", "percent_off": 5, "coupon_code": "a b"},
            "promotion.coupon_code",
        ),
        (
            {"display_name": "x", "kind": "KIND_PERCENT_OFF", "percent_off": 5, "max_redemptions": 3},
            "promotion.max_redemptions",
        ),
        ({"display_name": "", "kind": "KIND_PERCENT_OFF", "percent_off": 5}, "promotion.display_name"),
        (  # a variant is named in full, products/{product}/variants/{variant}
            {"display_name": "x", "kind": "KIND_PERCENT_OFF", "percent_off": 5, "variants": ["products/x"]},
            "promotion.variants[0]",
        ),
        (  # a currency the shop does not sell in could never be converted
            {"display_name": "x", "kind": "KIND_AMOUNT_OFF", "amount_off": {"currency_code": "CHF", "units": "1"}},
            "promotion.amount_off.currency_code",
        ),
    ]
    for body, field in bad:
        response = rest.post("/v1/promotions", headers=admin.headers, json=body)
        assert response.status_code == 400, (body, response.text)
        assert field in field_violations(response), (body, response.text)
    assert rest.post("/v1/promotions", headers=customer.headers, json=bad[0][0]).status_code == 403

    code = _code()
    promotions(display_name="Taken", kind="KIND_PERCENT_OFF", percent_off=5, coupon_code=code)
    taken = rest.post(
        "/v1/promotions",
        headers=admin.headers,
        json={"display_name": "Again", "kind": "KIND_PERCENT_OFF", "percent_off": 5, "coupon_code": code},
    )
    assert taken.status_code == 409, taken.text

    past = datetime.now(UTC) - timedelta(days=2)
    expired = _code()
    promotions(
        display_name="Old",
        kind="KIND_PERCENT_OFF",
        percent_off=5,
        coupon_code=expired,
        start_time=past.isoformat().replace("+00:00", "Z"),
        end_time=(past + timedelta(days=1)).isoformat().replace("+00:00", "Z"),
    )
    assert error_reason(_apply(rest, customer, code)) == "CART_EMPTY"
    add_to_cart(rest, customer, new_product(rest, admin))
    for tried, reason in [("NOPE-NOPE", "COUPON_UNKNOWN"), (expired, "COUPON_EXPIRED")]:
        response = _apply(rest, customer, tried)
        assert response.status_code == 400, response.text
        assert error_reason(response) == reason
    assert field_violations(_apply(rest, customer, "x")) == {"coupon_code"}


def test_a_promotion_on_one_variant_takes_off_that_variant_in_cart_and_order_and_not_its_sibling(
    rest: httpx.Client, admin: RestUser, promotions
):
    """20 % off the M Sand tee: the M Black of the same product in the same cart pays full price."""
    tee = new_tee(rest, admin, display_name="Promo Tee")
    sand, black = tee["variants"]["M", "Sand"], tee["variants"]["M", "Black"]
    rest.post("/v1/stockLevels:adjust", headers=admin.headers, json={"sku": sand["sku"], "delta": 3})
    promotion = promotions(
        display_name="Sand tee days", kind="KIND_PERCENT_OFF", percent_off=20, variants=[sand["name"]]
    )
    assert promotion["variants"] == [sand["name"]]
    shopper = register(rest)
    for variant in (sand, black):
        body = {"product": tee["name"], "variant": variant["name"], "quantity": 1}
        assert rest.post("/v1/carts/me:addItem", headers=shopper.headers, json=body).status_code == 200
    cart = _cart(rest, shopper)
    discounts = {line["sku"]: cents(line["discount"]) for line in cart["items"]}
    assert discounts == {sand["sku"]: 520, black["sku"]: 0}  # 20 % of 26.00 (Sand's own price)
    placed = checkout(rest, shopper)
    assert placed.status_code == 200, placed.text
    ordered = {line["sku"]: cents(line["discount"]) for line in placed.json()["order"]["lines"]}
    assert ordered == discounts
    assert cents(placed.json()["order"]["discount"]) == 520
