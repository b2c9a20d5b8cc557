"""The storefront in Debian's Chromium, through the test stack's gateway, as a shopper uses it: browse, search,
an anonymous cart merged at login, checkout, the order and its mail; a declined card and a sold-out item
explained with nothing charged; prices that moved since they were added; a wishlist; a session that expires
mid-journey."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest
from playwright.sync_api import expect

from scripts.mailbox import wait_for_mail
from scripts.mesh import Profile
from tests.e2e.browser import Tab, log_in
from tests.e2e.conftest import RestUser, register
from tests.e2e.shopping import DECLINED, FRESH, available, buy, cents, new_product, new_tee
from tests.eventually import until

pytestmark = pytest.mark.slow

SESSION = "shopmesh.session"


def _fill_checkout(tab: Tab, card: str = "4242 4242 4242 4242") -> None:
    page = tab.page
    page.get_by_label("Full name").fill("Ann Lee")
    page.get_by_label("Address", exact=True).fill("1 Market St")
    page.get_by_label("City").fill("San Francisco")
    page.get_by_label("Postal code").fill("94105")
    page.get_by_label("State or region").fill("CA")
    page.get_by_label("Card number").fill(card)
    page.get_by_label("Expiry (MM/YY)").fill("12/31")
    page.get_by_label("CVC").fill("123")


def _searchable(rest: httpx.Client, name: str) -> None:
    """Until search has indexed the product (its events reach search over Kafka)."""
    until(
        lambda: any(
            r["display_name"] == name
            for r in rest.get("/v1/products:search", params={"query": name}, headers=FRESH).json().get("results", [])
        ),
        within=30,
        what=f"{name} searchable",
    )


def test_a_shopper_browses_searches_fills_a_cart_anonymously_logs_in_and_buys(
    tab: Tab, rest: httpx.Client, admin: RestUser, customer: RestUser, mesh: Profile
):
    name = f"Kyoto Drip Kettle {uuid.uuid4().hex[:6]}"
    product = new_product(rest, admin, display_name=name, cents=3450, stock=5)
    _searchable(rest, name)

    page = tab.open("/")
    expect(page.get_by_role("heading", name="Shop by category")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Coffee")).first).to_be_visible()
    expect(page.get_by_role("heading", name="Best sellers")).to_be_visible()

    # Autocomplete offers the product while typing; the search lists it with its price and stock.
    page.get_by_label("Search products").fill(name[:-3])
    expect(page.locator(f"#search-suggestions option[value='{name}']")).to_have_count(1)
    page.get_by_label("Search products").fill(name)
    page.get_by_label("Search products").press("Enter")
    card = page.locator(".product-card", has_text=name)
    expect(card).to_contain_text("$34.50")
    expect(card).to_contain_text("In stock")
    expect(page.get_by_role("link", name=re.compile(r"Kitchen \(\d+\)"))).to_be_visible()  # a facet

    # The product page; two go into an anonymous cart.
    card.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    expect(page.get_by_test_id("availability")).to_have_text("In stock")
    # Nobody bought anything with this new product: what is suggested is the shop's best sellers, said as such.
    suggested = rest.get(f"/v1/{product['name']}/recommendations", params={"page_size": 4}).json()["recommendations"]
    assert suggested
    assert {r["reason"] for r in suggested} == {"REASON_BEST_SELLER"}
    expect(page.get_by_test_id("recommendations").get_by_role("heading")).to_have_text("Popular in the shop")
    page.get_by_label("Quantity").fill("2")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_text("Added.")).to_be_visible()
    expect(page.get_by_test_id("cart-count")).to_have_text("2")
    anonymous = page.evaluate("localStorage.getItem('shopmesh.anonymousCart')")
    assert anonymous.startswith("carts/anonymous-")

    # Logging in merges the anonymous cart into the customer's.
    log_in(tab, customer.email, customer.password, then="/cart")
    expect(page.get_by_role("heading", name="Your cart")).to_be_visible()
    expect(page.get_by_role("link", name=name)).to_be_visible()
    expect(page.get_by_test_id("cart-count")).to_have_text("2")
    mine = rest.get("/v1/carts/me", headers=customer.headers).json()["cart"]
    assert [(i["product"], i["quantity"]) for i in mine["items"]] == [(product["name"], "2")]

    page.get_by_role("button", name="Check out").click()
    _fill_checkout(tab)
    # Before paying: shipping, tax and the total for the chosen country (from the shipping zones' list).
    preview = page.get_by_test_id("checkout-preview")
    expect(preview).to_contain_text("Shipping")
    domestic_shipping = page.get_by_test_id("preview-shipping").inner_text()
    page.get_by_label("Country").select_option(label="Germany")
    expect(page.get_by_test_id("preview-shipping")).not_to_have_text(domestic_shipping)  # another zone, another rate
    page.get_by_label("Country").select_option(label="United States")
    expect(page.get_by_test_id("preview-shipping")).to_have_text(domestic_shipping)
    previewed_total = page.get_by_test_id("preview-total").inner_text()
    page.get_by_role("button", name="Place order").click()
    expect(page.get_by_text("Thank you! Your order is confirmed")).to_be_visible()
    expect(page.get_by_test_id("order-state")).to_have_text("confirmed")
    expect(page.get_by_test_id("order-total")).to_have_text(previewed_total)  # the order costs what was shown
    order_id = page.url.split("/orders/")[1].split("?")[0]
    order = rest.get(f"/v1/orders/{order_id}", headers=customer.headers).json()["order"]
    assert order["state"] == "STATE_CONFIRMED"
    assert order["lines"][0]["quantity"] == "2"
    shown_total = page.get_by_test_id("order-total").inner_text()
    assert shown_total == f"${cents(order['total']) / 100:,.2f}"
    expect(page.get_by_test_id("cart-count")).to_have_text("0")
    assert available(rest, product["sku"]) == 3

    (mail,) = wait_for_mail(mesh.maildir, customer.email, "is confirmed")
    assert mail["Subject"] == f"Your order {order['number']} is confirmed"  # its short number, not its id
    expect(page.get_by_role("heading", name=f"Order {order['number']}")).to_be_visible()

    page.get_by_role("link", name="Orders", exact=True).click()
    expect(page.get_by_role("link", name=f"Order {order['number']}")).to_be_visible()
    tab.screenshot("order-history")

    # The account page lists the mail too (its history is written as the mail is sent).
    def listed() -> bool:
        tab.open("/account")
        page.get_by_role("heading", name="Mail we sent you").wait_for()
        page.wait_for_load_state("networkidle")
        return page.get_by_test_id("messages").get_by_text(f"Your order {order['number']} is confirmed").count() == 1

    until(listed, within=20, what="the confirmation in the account's mail")


def test_a_declined_card_and_a_sold_out_item_are_explained_and_nothing_is_charged(
    tab: Tab, rest: httpx.Client, admin: RestUser, customer: RestUser
):
    product = new_product(rest, admin, display_name="Last Hand Grinder", stock=1)
    log_in(tab, customer.email, customer.password)
    page = tab.open(f"/products/{product['name'].split('/')[1]}")
    expect(page.get_by_test_id("availability")).to_have_text("Only 1 left")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_test_id("cart-count")).to_have_text("1")

    tab.open("/checkout")
    _fill_checkout(tab, card=DECLINED)
    page.get_by_role("button", name="Place order").click()
    problem = page.get_by_test_id("checkout-error")
    expect(problem).to_contain_text("Your card was declined, and nothing was charged")
    tab.screenshot("checkout-declined")
    orders = rest.get("/v1/orders", headers=customer.headers).json()["orders"]
    assert [(o["state"], o["cancel_reason"]) for o in orders] == [("STATE_CANCELLED", "PAYMENT_DECLINED")]
    assert available(rest, product["sku"]) == 1  # the reservation went back
    expect(page.get_by_test_id("cart-count")).to_have_text("1")  # the cart is kept for another try

    buy(rest, register(rest), product)  # someone else takes the last one
    page.get_by_label("Card number").fill("4242 4242 4242 4242")
    page.get_by_role("button", name="Place order").click()
    expect(problem).to_contain_text("no longer in stock")
    expect(problem).to_contain_text(product["sku"])
    expect(problem.get_by_role("link", name="Change your cart")).to_be_visible()
    orders = rest.get("/v1/orders", headers=customer.headers).json()["orders"]
    assert [o["state"] for o in orders] == ["STATE_CANCELLED", "STATE_CANCELLED"]
    assert orders[0]["cancel_reason"] == "OUT_OF_STOCK"


def test_the_cart_says_when_a_price_moved_since_it_was_added(
    tab: Tab, rest: httpx.Client, admin: RestUser, customer: RestUser
):
    product = new_product(rest, admin, display_name="Moving Price Mug", cents=1200)
    log_in(tab, customer.email, customer.password)
    page = tab.open(f"/products/{product['name'].split('/')[1]}")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_test_id("cart-count")).to_have_text("1")
    changed = rest.patch(
        f"/v1/{product['name']}",
        params={"update_mask": "price"},
        headers=admin.headers,
        json={"price": {"currency_code": "USD", "units": "15", "nanos": 0}, "etag": product["etag"]},
    )
    assert changed.status_code == 200, changed.text

    def notice() -> str:
        tab.open("/cart")
        page.get_by_role("heading", name="Your cart").wait_for()
        page.wait_for_load_state("networkidle")
        notices = page.get_by_test_id("price-changes")
        return notices.inner_text() if notices.count() else ""

    # The gateway and the browser may serve the old product for its max-age (10 s).
    said = until(notice, within=40, what="price change notice")
    assert "Moving Price Mug changed from $12.00 to $15.00" in said


def test_a_shopper_saves_a_product_for_later_sees_it_on_the_account_page_and_removes_it(
    tab: Tab, rest: httpx.Client, admin: RestUser, customer: RestUser
):
    product = new_product(rest, admin, display_name="Someday Teapot", cents=3900)
    log_in(tab, customer.email, customer.password)
    page = tab.open(f"/products/{product['name'].split('/')[1]}")

    def saved() -> bool:  # wishlists hear of a new product over Kafka, a moment after the catalog
        page.get_by_role("button", name="Save to wishlist").click()
        done = page.get_by_text("Saved. We will mail you when it gets cheaper or is back in stock")
        expect(done.or_(page.get_by_role("alert"))).to_be_visible()
        return done.is_visible()

    until(saved, within=20, what="the product saved to the wishlist")
    expect(page.get_by_role("button", name="On your wishlist")).to_be_disabled()
    page.get_by_role("link", name="your account").click()
    wishlist = page.get_by_test_id("wishlist")
    expect(wishlist).to_contain_text("Someday Teapot · $39.00")
    assert tab.axe_violations() == []
    page.get_by_role("button", name="Remove Someday Teapot from your wishlist").click()
    expect(wishlist.get_by_role("listitem")).to_have_count(0)
    expect(page.get_by_text("Nothing saved yet")).to_be_visible()


def test_an_expired_access_token_is_renewed_and_an_ended_session_asks_to_log_in_keeping_the_cart(
    tab: Tab, rest: httpx.Client, admin: RestUser, customer: RestUser
):
    product = new_product(rest, admin, display_name="Patient Teapot")
    log_in(tab, customer.email, customer.password)
    page = tab.open(f"/products/{product['name'].split('/')[1]}")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_test_id("cart-count")).to_have_text("1")

    # The access token expires (here: replaced by one the gateway refuses): the next call renews the pair.
    session = tab.local_storage(SESSION)
    tab.set_local_storage(SESSION, {**session, "access_token": "expired." + session["access_token"]})
    tab.open("/orders")
    expect(page.get_by_role("heading", name="Your orders")).to_be_visible()
    expect(page.get_by_text("No orders yet.")).to_be_visible()
    renewed = tab.local_storage(SESSION)
    assert renewed["access_token"] != session["access_token"]
    assert renewed["refresh_token"] != session["refresh_token"]  # a refresh token is good once

    # The whole session ends (the refresh token is gone too): the shopper is asked to log in, then returns to
    # the page they were on with their cart as it was.
    tab.set_local_storage(SESSION, {**renewed, "access_token": "x", "refresh_token": "revoked"})
    tab.open("/cart")
    expect(page.get_by_text("Your session has ended. Log in again; your cart is kept.")).to_be_visible()
    assert page.url.endswith("/login?expired=1&next=%2Fcart")
    page.get_by_label("Email").fill(customer.email)
    page.get_by_label("Password").fill(customer.password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your cart")).to_be_visible()
    expect(page.get_by_role("link", name="Patient Teapot")).to_be_visible()
    expect(page.get_by_test_id("cart-count")).to_have_text("1")


def _choose(page, label: str) -> None:
    """Clicks a choice of the variant picker as a shopper does: on its label (the radio itself is hidden)."""
    page.locator(".variant-picker label").filter(has_text=re.compile(f"^{re.escape(label)}$")).click()


def test_a_shopper_picks_a_size_and_colour_and_a_sold_out_or_unmade_one_cannot_be_added(
    tab: Tab, rest: httpx.Client, admin: RestUser, customer: RestUser
):
    tee = new_tee(rest, admin, display_name=f"Picker Tee {uuid.uuid4().hex[:6]}")
    small_sand = tee["variants"]["S", "Sand"]
    assert rest.post(f"/v1/{small_sand['name']}:archive", headers=admin.headers, json={}).status_code == 200
    log_in(tab, customer.email, customer.password)
    page = tab.open(f"/products/{tee['name'].split('/')[1]}")

    # It opens on the variant in stock; the sold-out combinations say so.
    expect(page.get_by_role("radio", name="M", exact=True)).to_be_checked()
    expect(page.get_by_role("radio", name="Black", exact=True)).to_be_checked()
    expect(page.get_by_test_id("availability")).to_have_text("Only 3 left")
    expect(page.get_by_test_id("price")).to_have_text("$24.00")
    expect(page.get_by_role("radio", name="Sand (sold out)")).to_be_visible()
    expect(page.get_by_role("radio", name="S (sold out)")).to_be_visible()
    tab.screenshot("product-variants")

    # A sold-out one shows its own price and cannot be added.
    _choose(page, "Sand (sold out)")
    expect(page.get_by_test_id("price")).to_have_text("$26.00")
    expect(page.get_by_test_id("availability")).to_have_text("Out of stock")
    expect(page.get_by_role("button", name="Add to cart")).to_be_disabled()
    # S in Sand is not made (archived): said so, and not buyable either.
    expect(page.get_by_role("radio", name="S (not made)")).to_be_visible()
    _choose(page, "S (not made)")
    expect(page.get_by_test_id("availability")).to_have_text("This combination is not made")
    expect(page.get_by_role("button", name="Add to cart")).to_be_disabled()

    # M in Black goes into the cart, which says which one.
    _choose(page, "M (sold out)")
    _choose(page, "Black")
    expect(page.get_by_test_id("availability")).to_have_text("Only 3 left")
    page.get_by_role("button", name="Add to cart").click()
    expect(page.get_by_test_id("cart-count")).to_have_text("1")
    tab.open("/cart")
    expect(page.get_by_role("row", name=re.compile("Picker Tee.*Size M, Colour Black"))).to_be_visible()
    mine = rest.get("/v1/carts/me", headers=customer.headers).json()["cart"]
    assert [i["variant"] for i in mine["items"]] == [tee["variants"]["M", "Black"]["name"]]
