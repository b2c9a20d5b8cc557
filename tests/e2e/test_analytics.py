"""Analytics through the gateway: admins see today's sales and the products they came from, to the cent;
customers are refused; bad ranges are 400."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from tests.e2e.conftest import RestUser
from tests.e2e.rest_errors import field_violations
from tests.e2e.shopping import DECLINED, add_to_cart, buy, cents, checkout, new_product
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
