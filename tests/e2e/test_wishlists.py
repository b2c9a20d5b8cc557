"""Wishlists, end to end through Envoy: a customer saves products for later and is mailed when one gets cheaper
than they were last told, or can be bought again; catalog and inventory events reach notifications over Kafka."""

from __future__ import annotations

import time

import httpx

from scripts.mailbox import messages_to, wait_for_mail
from scripts.mesh import Profile
from tests.e2e.conftest import RestUser
from tests.e2e.rest_errors import field_violations
from tests.e2e.shopping import FRESH, new_product
from tests.eventually import until

ITEMS = "/v1/users/me/wishlistItems"


def _save(rest: httpx.Client, user: RestUser, product: dict) -> dict:
    """Saves the product once notifications has heard of it (catalog's event is a moment behind the REST call)."""

    def saved() -> httpx.Response | None:
        response = rest.post(ITEMS, headers=user.headers, json={"product": product["name"]})
        return response if response.status_code == 200 else None

    return until(saved, within=15, what="the product known to wishlists").json()["wishlist_item"]


def _items(rest: httpx.Client, user: RestUser) -> list[dict]:
    response = rest.get(ITEMS, headers={**user.headers, **FRESH})
    assert response.status_code == 200, response.text
    return response.json()["wishlist_items"]


def _reprice(rest: httpx.Client, admin: RestUser, product: dict, cents: int) -> None:
    current = rest.get(f"/v1/{product['name']}", headers=FRESH).json()["product"]
    response = rest.patch(
        f"/v1/{product['name']}",
        params={"update_mask": "price"},
        headers=admin.headers,
        json={
            "price": {"currency_code": "USD", "units": str(cents // 100), "nanos": cents % 100 * 10_000_000},
            "etag": current["etag"],
        },
    )
    assert response.status_code == 200, response.text


def test_a_saved_product_is_listed_with_todays_price_and_stock(rest: httpx.Client, customer: RestUser, admin: RestUser):
    kettle = new_product(rest, admin, display_name="Wishlist Kettle", cents=4500)
    mill = new_product(rest, admin, display_name="Wishlist Mill", cents=3000)
    item = _save(rest, customer, kettle)
    assert (item["name"], item["product"], item["display_name"]) == (
        f"users/me/wishlistItems/{kettle['name'].removeprefix('products/')}",
        kettle["name"],
        "Wishlist Kettle",
    )
    assert item["price"] == item["watched_price"] == {"currency_code": "USD", "units": "45", "nanos": 0}
    assert (item["in_stock"], item["active"]) == (True, True)
    again = rest.post(ITEMS, headers=customer.headers, json={"product": kettle["name"]})
    assert again.status_code == 200  # saving twice changes nothing
    _save(rest, customer, mill)
    assert [i["product"] for i in _items(rest, customer)] == [mill["name"], kettle["name"]]  # newest first

    removed = rest.delete(f"/v1/{item['name']}", headers=customer.headers)
    assert removed.status_code == 200, removed.text
    assert [i["product"] for i in _items(rest, customer)] == [mill["name"]]
    assert rest.delete(f"/v1/{item['name']}", headers=customer.headers).status_code == 404


def test_bad_or_unknown_products_and_anonymous_callers_are_refused(rest: httpx.Client, customer: RestUser):
    unknown = rest.post(ITEMS, headers=customer.headers, json={"product": "products/no-such-product"})
    assert unknown.status_code == 404, unknown.text
    bad = rest.post(ITEMS, headers=customer.headers, json={"product": "kettle"})
    assert bad.status_code == 400
    assert field_violations(bad) == {"product"}
    assert rest.get(ITEMS).status_code == 401
    assert rest.post(ITEMS, json={"product": "products/x"}).status_code == 401


def test_a_price_drop_is_mailed_once_and_a_rise_not_at_all(
    mesh: Profile, rest: httpx.Client, customer: RestUser, admin: RestUser
):
    product = new_product(rest, admin, display_name="Wishlist Grinder", cents=8000)
    _save(rest, customer, product)
    _reprice(rest, admin, product, 6500)
    (mail,) = wait_for_mail(mesh.maildir, customer.email, "Price drop: Wishlist Grinder")
    body = mail.get_payload(decode=True).decode()
    assert "now costs 65.00 USD (it was 80.00 USD)" in body
    assert f"/products/{product['name'].removeprefix('products/')}" in body
    until(lambda: _items(rest, customer)[0]["watched_price"]["units"] == "65", what="the new mark")

    _reprice(rest, admin, product, 9000)  # up: not news
    _reprice(rest, admin, product, 6500)  # back to what she was told: not news either
    _reprice(rest, admin, product, 6000)  # below it: news
    wait_for_mail(mesh.maildir, customer.email, "now costs 60.00")
    time.sleep(1.0)
    drops = [m for m in messages_to(mesh.maildir, customer.email) if "Price drop" in m["Subject"]]
    assert len(drops) == 2


def test_back_in_stock_is_mailed_when_a_sold_out_product_returns(
    mesh: Profile, rest: httpx.Client, customer: RestUser, admin: RestUser
):
    product = new_product(rest, admin, display_name="Wishlist Scale", stock=1)
    _save(rest, customer, product)
    sold_out = rest.post("/v1/stockLevels:adjust", headers=admin.headers, json={"sku": product["sku"], "delta": -1})
    assert sold_out.status_code == 200, sold_out.text
    until(lambda: _items(rest, customer)[0]["in_stock"] is False, what="the wishlist seeing it sold out")

    back = rest.post("/v1/stockLevels:adjust", headers=admin.headers, json={"sku": product["sku"], "delta": 3})
    assert back.status_code == 200, back.text
    (mail,) = wait_for_mail(mesh.maildir, customer.email, "Back in stock: Wishlist Scale")
    assert "can be bought again" in mail.get_payload(decode=True).decode()
    assert _items(rest, customer)[0]["in_stock"] is True
