"""Analytics through the gateway: admins see today's sales and the products they came from, to the cent;
customers are refused; bad ranges are 400."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from tests.e2e.conftest import RestUser, register
from tests.e2e.rest_errors import field_violations
from tests.e2e.shopping import DECLINED, add_to_cart, buy, cents, checkout, new_product, new_tee
from tests.eventually import until


def _top(rest: httpx.Client, admin: RestUser) -> dict[str, tuple[int, int]]:
    response = rest.get("/v1/analytics/topProducts", headers=admin.headers, params={"page_size": 100})
    assert response.status_code == 200, response.text
    return {p["product"]: (int(p["units_sold"]), cents(p["revenue"])) for p in response.json()["products"]}


def test_sales_of_today_and_top_products_follow_checkouts_and_cancellations(
    rest: httpx.Client, admin: RestUser, customer: RestUser
):
    # Priced far above what other tests sell, so that on a test stack that has run for a while these still make
    # the top 100 of the last 30 days.
    best, other = new_product(rest, admin, cents=900_000), new_product(rest, admin, cents=125_000)
    buy(rest, customer, best, best, other)  # 2 x 9000.00 + 1250.00
    cancelled = buy(rest, customer, other)
    assert rest.post(f"/v1/{cancelled['name']}:cancel", headers=customer.headers, json={}).status_code == 200
    add_to_cart(rest, customer, best)
    declined = checkout(rest, customer, card=DECLINED)
    assert declined.json()["details"][0]["reason"] == "PAYMENT_DECLINED"

    top = until(
        lambda: (t := _top(rest, admin)).get(best["name"]) == (2, 1_800_000) and other["name"] in t and t,
        what="the checkouts reach the top products",
    )
    # The cancelled order's unit of `other` does not count; the kept one does.
    assert top[other["name"]] == (1, 125_000)
    assert list(top).index(best["name"]) < list(top).index(other["name"])

    report = rest.get("/v1/analytics/sales", headers=admin.headers).json()
    assert len(report["days"]) == 30
    today = report["days"][-1]
    assert today["date"] == datetime.now(UTC).date().isoformat()
    assert today["orders_placed"] >= 3
    assert today["orders_confirmed"] >= 2
    assert today["orders_cancelled"] >= 1
    assert 0 < report["checkout_conversion"] < 1
    assert cents(today["revenue"]) >= 1_800_000 + 125_000


def test_top_products_say_which_variants_sold(rest: httpx.Client, admin: RestUser):
    """Two M Black tees and one M Sand: the tee's sales split by variant, with SKU and option values."""
    tee = new_tee(rest, admin, display_name="Analytics Tee")
    black, sand = tee["variants"]["M", "Black"], tee["variants"]["M", "Sand"]
    for variant, cents_ in ((black, 700_000), (sand, 800_000)):  # far above other tests' sales: in the top 100
        priced = rest.patch(
            f"/v1/{variant['name']}",
            params={"update_mask": "price"},
            headers=admin.headers,
            json={"price": {"currency_code": "USD", "units": str(cents_ // 100)}},
        )
        assert priced.status_code == 200, priced.text
    stocked = rest.post("/v1/stockLevels:adjust", headers=admin.headers, json={"sku": sand["sku"], "delta": 1})
    assert stocked.status_code == 200, stocked.text
    shopper = register(rest)
    for variant, quantity in ((black, 2), (sand, 1)):
        body = {"product": tee["name"], "variant": variant["name"], "quantity": quantity}
        assert rest.post("/v1/carts/me:addItem", headers=shopper.headers, json=body).status_code == 200
    placed = checkout(rest, shopper)
    assert placed.status_code == 200, placed.text

    def tee_sales() -> dict | None:
        response = rest.get("/v1/analytics/topProducts", headers=admin.headers, params={"page_size": 100})
        return next((p for p in response.json()["products"] if p["product"] == tee["name"]), None)

    sales = until(tee_sales, what="the tee in the top products")
    assert (int(sales["units_sold"]), cents(sales["revenue"])) == (3, 2_200_000)
    assert [
        (v["variant"], v["sku"], v["option_label"], int(v["units_sold"]), cents(v["revenue"]))
        for v in sales["variants"]
    ] == [
        (black["name"], black["sku"], "M / Black", 2, 1_400_000),
        (sand["name"], sand["sku"], "M / Sand", 1, 800_000),
    ]


def test_reports_are_for_admins_and_bad_ranges_are_400(rest: httpx.Client, admin: RestUser, customer: RestUser):
    assert rest.get("/v1/analytics/sales", headers=customer.headers).status_code == 403
    assert rest.get("/v1/analytics/sales").status_code == 401
    inverted = rest.get(
        "/v1/analytics/sales", headers=admin.headers, params={"start_date": "2026-05-02", "end_date": "2026-05-01"}
    )
    assert inverted.status_code == 400
    assert field_violations(inverted) == {"start_date"}
    assert field_violations(
        rest.get("/v1/analytics/topProducts", headers=admin.headers, params={"start_date": "May 1"})
    ) == {"start_date"}
