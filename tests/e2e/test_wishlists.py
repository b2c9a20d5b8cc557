"""Wishlists, end to end through Envoy: a customer saves products for later and is mailed when one gets cheaper
than they were last told, or can be bought again; catalog and inventory events reach notifications over Kafka."""

from __future__ import annotations

import time

import httpx

from scripts.mailbox import messages_to, wait_for_mail
from scripts.mesh import Profile
from tests.e2e.conftest import RestUser, register
from tests.e2e.rest_errors import field_violations
from tests.e2e.shopping import FRESH, cents, new_product, new_tee
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


def _save_variant(rest: httpx.Client, user: RestUser, product_name: str, variant: dict) -> dict:
    """Saves one variant once notifications has heard of it."""

    def saved() -> httpx.Response | None:
        body = {"product": product_name, "variant": variant["name"]}
        response = rest.post(ITEMS, headers=user.headers, json=body)
        return response if response.status_code == 200 else None

    return until(saved, within=15, what="the variant known to wishlists").json()["wishlist_item"]


def test_a_saved_variant_is_watched_on_its_own_stock_and_price_and_its_siblings_are_not(
    mesh: Profile, rest: httpx.Client, admin: RestUser
):
    """Sand in M is sold out: its watcher is mailed when Sand in M comes back, naming the size and colour, and
    when Sand's own price drops; the watcher of M Black (in stock all along) hears of neither."""
    tee = new_tee(rest, admin, display_name="Wishlist Tee")
    sand, black = tee["variants"]["M", "Sand"], tee["variants"]["M", "Black"]
    sand_fan, black_fan = register(rest), register(rest)
    item = _save_variant(rest, sand_fan, tee["name"], sand)
    assert (item["name"], item["variant"], item["variant_label"]) == (
        f"users/me/wishlistItems/{sand['name'].rpartition('/')[2]}",
        sand["name"],
        "M / Sand",
    )
    assert cents(item["price"]) == 2600  # Sand's own price
    _save_variant(rest, black_fan, tee["name"], black)
    again = rest.post(ITEMS, headers=sand_fan.headers, json={"product": tee["name"], "variant": sand["name"]})
    assert again.status_code == 200  # saving twice changes nothing
    assert len(_items(rest, sand_fan)) == 1
    for delta in (1, -1):  # the last Sand in M sells
        moved = rest.post("/v1/stockLevels:adjust", headers=admin.headers, json={"sku": sand["sku"], "delta": delta})
        assert moved.status_code == 200, moved.text
    until(lambda: _items(rest, sand_fan)[0]["in_stock"] is False, what="the wishlist seeing Sand in M sold out")
    assert _items(rest, black_fan)[0]["in_stock"] is True

    restocked = rest.post("/v1/stockLevels:adjust", headers=admin.headers, json={"sku": sand["sku"], "delta": 2})
    assert restocked.status_code == 200, restocked.text
    (mail,) = wait_for_mail(mesh.maildir, sand_fan.email, "Back in stock: Wishlist Tee (M / Sand)")
    assert f"/products/{tee['name'].removeprefix('products/')}?variant=" in mail.get_payload(decode=True).decode()

    cheaper = rest.patch(
        f"/v1/{sand['name']}",
        params={"update_mask": "price"},
        headers=admin.headers,
        json={"price": {"currency_code": "USD", "units": "19"}},
    )
    assert cheaper.status_code == 200, cheaper.text
    wait_for_mail(mesh.maildir, sand_fan.email, "Price drop: Wishlist Tee (M / Sand)")
    until(lambda: cents(_items(rest, sand_fan)[0]["watched_price"]) == 1900, what="the drop becoming the mark")
    # The Black watcher's variant neither dropped nor came back: nothing was mailed to them.
    assert [m["Subject"] for m in messages_to(mesh.maildir, black_fan.email) if "Wishlist Tee" in m["Subject"]] == []
    assert cents(_items(rest, black_fan)[0]["price"]) == 2400


def test_a_variant_of_another_product_or_an_unknown_one_is_refused(rest: httpx.Client, admin: RestUser):
    tee, other = new_tee(rest, admin, display_name="Wishlist Tee 2"), new_product(rest, admin)
    shopper = register(rest)
    foreign = rest.post(
        ITEMS, headers=shopper.headers, json={"product": other["name"], "variant": tee["variants"]["S", "Sand"]["name"]}
    )
    assert foreign.status_code == 400, foreign.text
    assert field_violations(foreign) == {"variant"}
    unknown = rest.post(
        ITEMS, headers=shopper.headers, json={"product": tee["name"], "variant": f"{tee['name']}/variants/nope"}
    )
    assert unknown.status_code == 404, unknown.text
