"""An EUR (and a JPY) shop end to end through Envoy: the shopper chooses the cart's currency, every price is
converted at the shop's rates and rounded per currency, and shipping, tax, coupons, the payment, returns and the
sales report all carry the order's currency; nothing adds two currencies."""

from __future__ import annotations

import asyncio
import uuid

import grpc
import httpx
import pytest

from scripts.mesh import Profile
from shop.payments.v1 import payments_service_pb2, payments_service_pb2_grpc
from tests.e2e.conftest import RestUser, as_service
from tests.e2e.rest_errors import error_reason
from tests.e2e.shopping import FRESH, add_to_cart, checkout, new_product, ship_and_deliver
from tests.eventually import until

BERLIN = {
    "recipient": "Erika Muster",
    "line1": "Unter den Linden 1",
    "city": "Berlin",
    "postal_code": "10117",
    "country_code": "DE",
}
OSAKA = {
    "recipient": "Ken Sato",
    "line1": "1-1 Umeda",
    "city": "Osaka",
    "postal_code": "530-0001",
    "country_code": "JP",
}


def minor(money: dict, digits: int = 2) -> int:
    return int(money.get("units", "0")) * 10**digits + money.get("nanos", 0) // 10 ** (9 - digits)


@pytest.fixture(scope="module", autouse=True)
def rates(rest: httpx.Client, admin: RestUser) -> None:
    """The shop's rates for these tests: 0.9 EUR and 150 JPY to the dollar."""
    for code, rate in [("EUR", "0.9"), ("JPY", "150")]:
        response = rest.post(f"/v1/currencies/{code}:setRate", headers=admin.headers, json={"rate": rate})
        assert response.status_code == 200, response.text


def _choose(rest: httpx.Client, user: RestUser, currency: str) -> httpx.Response:
    return rest.post("/v1/carts/me:setCurrency", headers=user.headers, json={"currency_code": currency})


def _payment_amount(mesh: Profile, order: str) -> tuple[str, int, int]:
    async def read():
        async with grpc.aio.insecure_channel(mesh.target("payments")) as channel:
            response = await payments_service_pb2_grpc.PaymentsServiceStub(channel).GetPayment(
                payments_service_pb2.GetPaymentRequest(order=order), metadata=await as_service(mesh, "orders")
            )
        return response.payment

    payment = asyncio.run(read())
    return payment.amount.currency_code, payment.amount.units, payment.amount.nanos


def test_an_eur_order_end_to_end(mesh: Profile, rest: httpx.Client, customer: RestUser, admin: RestUser):
    currencies = rest.get("/v1/currencies").json()
    assert currencies["base_currency"] == "USD"
    assert [c["currency_code"] for c in currencies["currencies"]][:2] == ["USD", "EUR"]

    mug = new_product(rest, admin, cents=1999, display_name="Euro Mug")  # priced in dollars
    add_to_cart(rest, customer, mug, 2)
    chosen = _choose(rest, customer, "EUR")
    assert chosen.status_code == 200, chosen.text
    cart = chosen.json()["cart"]
    assert cart["currency_code"] == "EUR"
    assert cart["items"][0]["unit_price"] == {"currency_code": "EUR", "units": "17", "nanos": 990000000}  # 17.991
    assert minor(cart["subtotal"]) == 3598
    pen = new_product(rest, admin, cents=500, display_name="Euro Pen")
    cart = add_to_cart(rest, customer, pen)  # added to an EUR cart: priced in euros too
    assert {item["unit_price"]["currency_code"] for item in cart["items"]} == {"EUR"}

    code = f"EURO-{uuid.uuid4().hex[:6].upper()}"
    coupon = rest.post(
        "/v1/promotions",
        headers=admin.headers,
        json={
            "display_name": "Three dollars off",
            "kind": "KIND_AMOUNT_OFF",
            "amount_off": {"currency_code": "USD", "units": "3"},
            "coupon_code": code,
        },
    )
    assert coupon.status_code == 200, coupon.text
    try:
        applied = rest.post("/v1/carts/me:applyCoupon", headers=customer.headers, json={"coupon_code": code})
        assert minor(applied.json()["cart"]["discount"]) == 270  # 3.00 USD at 0.9: 2.70 EUR
        placed = checkout(rest, customer, address=BERLIN)
    finally:
        rest.post(f"/v1/{coupon.json()['promotion']['name']}:archive", headers=admin.headers, json={})
    assert placed.status_code == 200, placed.text
    order = placed.json()["order"]
    amounts = [order[k] for k in ("items_total", "discount", "tax", "shipping", "total")]
    assert {m["currency_code"] for m in amounts} == {"EUR"}
    items, discount = minor(order["items_total"]), minor(order["discount"])
    assert (items, discount) == (3598 + 450, 270)  # the pen: 5.00 USD = 4.50 EUR
    assert minor(order["tax"]) == ((items - discount) * 1900 + 5000) // 10000  # German VAT on the discounted items
    assert minor(order["shipping"]) == 1190 + 230 * 2  # the EUR rate card, NEAR zone, three units
    assert minor(order["total"]) == items - discount + minor(order["tax"]) + minor(order["shipping"])
    currency, units, nanos = _payment_amount(mesh, order["name"])
    assert (currency, units * 100 + nanos // 10_000_000) == ("EUR", minor(order["total"]))

    ship_and_deliver(rest, admin, order)
    returned = rest.post(
        f"/v1/{order['name']}/returns",
        headers=customer.headers,
        json={"request_id": str(uuid.uuid4()), "lines": [{"product": pen["name"], "quantity": 1}]},
    ).json()["order_return"]
    assert returned["refund_total"]["currency_code"] == "EUR"

    def eur_sales() -> int | None:
        report = rest.get(
            "/v1/analytics/sales", params={"currency_code": "EUR"}, headers={**admin.headers, **FRESH}
        ).json()
        revenue = minor(report["days"][-1]["revenue"]) if report["days"][-1].get("revenue") else 0
        return revenue if revenue >= minor(order["total"]) else None

    until(eur_sales, within=20, what="the EUR order in the EUR sales report")


def test_only_admins_set_rates_and_only_sensible_ones(rest: httpx.Client, customer: RestUser, admin: RestUser):
    assert rest.post("/v1/currencies/EUR:setRate", headers=customer.headers, json={"rate": "1"}).status_code == 403
    for name, rate, status in [("EUR", "0", 400), ("EUR", "1e3", 400), ("USD", "2", 400), ("CHF", "1", 404)]:
        response = rest.post(f"/v1/currencies/{name}:setRate", headers=admin.headers, json={"rate": rate})
        assert response.status_code == status, (name, rate, response.text)
    eur = next(c for c in rest.get("/v1/currencies").json()["currencies"] if c["currency_code"] == "EUR")
    assert eur["rate"] == "0.9"  # nothing refused changed it


def test_a_yen_cart_is_whole_yen_and_an_unsold_currency_is_refused(
    rest: httpx.Client, customer: RestUser, admin: RestUser
):
    refused = _choose(rest, customer, "CHF")  # ShopMesh knows it; this shop does not sell in it
    assert refused.status_code == 400
    assert error_reason(refused) == "CURRENCY_NOT_SOLD"
    assert _choose(rest, customer, "JPY").status_code == 200  # chosen before anything is in the cart
    tea = new_product(rest, admin, cents=1999, display_name="Yen Tea")
    cart = add_to_cart(rest, customer, tea, 3)
    assert cart["items"][0]["unit_price"] == {"currency_code": "JPY", "units": "2999", "nanos": 0}  # 2998.5 → 2999
    placed = checkout(rest, customer, address=OSAKA)
    assert placed.status_code == 200, placed.text
    order = placed.json()["order"]
    assert (minor(order["items_total"], 0), minor(order["tax"], 0)) == (8997, 0)
    assert minor(order["shipping"], 0) == 3750 + 600 * 2  # the JPY rate card, WORLD zone
    assert all(order[k].get("nanos", 0) == 0 for k in ("items_total", "shipping", "total"))
    assert _choose(rest, customer, "usd").status_code == 400  # codes are upper case ISO 4217


def test_search_shows_prices_filters_and_facets_in_the_shoppers_currency(rest: httpx.Client, admin: RestUser):
    word = "zq" + "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:8])
    product = new_product(rest, admin, cents=1999, display_name=f"Copper {word} pot")

    def search(**params: object) -> httpx.Response:
        return rest.get("/v1/products:search", params={"query": word, **params}, headers=FRESH)

    until(lambda: search().json().get("results"), within=5, what="the product searchable")
    found = search(currency_code="EUR").json()
    assert [(r["product"], r["price"]) for r in found["results"]] == [
        (product["name"], {"currency_code": "EUR", "units": "17", "nanos": 990000000})  # as its cart would show
    ]
    assert [(f["min_price"]["currency_code"], f["min_price"]["units"], f["count"]) for f in found["price_facets"]] == [
        ("EUR", "10", 1)
    ]

    def from_eur(units: str, nanos: int = 0) -> dict:
        return {
            "currency_code": "EUR",
            "min_price.currency_code": "EUR",
            "min_price.units": units,
            "min_price.nanos": nanos,
        }

    assert search(**from_eur("17", 990000000)).json().get("results")  # filters compare the converted price
    assert not search(**from_eur("18")).json().get("results")
    assert search(currency_code="JPY").json()["results"][0]["price"] == {
        "currency_code": "JPY",
        "units": "2999",
        "nanos": 0,
    }
    mixed = search(currency_code="EUR", **{"min_price.currency_code": "USD", "min_price.units": "1"})
    assert mixed.status_code == 400
    assert "min_price.currency_code" in {
        v["field"] for d in mixed.json()["details"] if "field_violations" in d for v in d["field_violations"]
    }
    unsold = search(currency_code="CHF")
    assert unsold.status_code == 400
    assert error_reason(unsold) == "CURRENCY_NOT_SOLD"
