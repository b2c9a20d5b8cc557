"""Every page of the storefront and the admin console in Debian's Chromium: axe-core finds no serious or critical
violation, nothing is wider than a phone, nothing comes from another origin, a product page loads no more than
its measured budget (and never the admin console's code), and each page is photographed."""

from __future__ import annotations

import json

import httpx
import pytest
from playwright.sync_api import Browser, Page

from scripts.mesh import ROOT, Profile
from tests.e2e.browser import PHONE, Tab, log_in, new_tab
from tests.e2e.conftest import RestUser
from tests.e2e.shopping import add_to_cart, buy, new_product, new_tee, ship_and_deliver

pytestmark = pytest.mark.slow


def _settled(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    page.locator(".loading").first.wait_for(state="detached", timeout=15_000) if page.locator(
        ".loading"
    ).count() else None


def _check(tab: Tab, path: str, shot: str, *, browser: Browser, mesh: Profile, session: dict | None) -> list[str]:
    """What is wrong with ``path``: axe findings on a desktop, overflow on a phone (same session)."""
    problems = []
    _settled(tab.open(path))
    if path.startswith("/admin"):
        tab.page.get_by_role("navigation", name="Admin sections").wait_for()  # the console, not "admins only"
    problems += [f"{path}: {v['id']} ({v['impact']}): {v['help']} at {v['nodes']}" for v in tab.axe_violations()]
    tab.screenshot(shot)
    context, phone = new_tab(browser, mesh, viewport=PHONE)
    try:
        phone.open("/")
        if session:
            phone.set_local_storage("shopmesh.session", session)
        _settled(phone.open(path))
        width = phone.page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            problems.append(f"{path}: {width}px wide on a {PHONE['width']}px phone")
        phone.screenshot(f"{shot}-phone")
        problems += phone.problems
    finally:
        context.close()
    return problems


def test_every_page_is_accessible_and_fits_a_phone(
    tab: Tab, browser: Browser, mesh: Profile, rest: httpx.Client, admin: RestUser, customer: RestUser
):
    product = new_product(rest, admin, display_name="Accessible Aeropress", stock=20)
    product_id = product["name"].split("/")[1]
    delivered = buy(rest, customer, product)
    ship_and_deliver(rest, admin, delivered)
    add_to_cart(rest, customer, product)
    tee = new_tee(rest, admin, display_name="Accessible Tee")
    problems: list[str] = []

    def check(path: str, shot: str, session: dict | None = None) -> None:
        problems.extend(_check(tab, path, shot, browser=browser, mesh=mesh, session=session))

    for path, shot in [
        ("/", "home"),
        ("/search?q=coffee", "search"),
        (f"/products/{product_id}", "product"),
        (f"/products/{tee['name'].split('/')[1]}", "product-with-variants"),
        ("/cart", "cart-anonymous"),
        ("/login", "login"),
        ("/register", "register"),
        ("/no-such-page", "not-found"),
    ]:
        check(path, shot)

    log_in(tab, customer.email, customer.password)
    session = tab.local_storage("shopmesh.session")
    for path, shot in [
        ("/cart", "cart"),
        ("/checkout", "checkout"),
        ("/orders", "orders"),
        (f"/{delivered['name']}", "order"),
        ("/account", "account"),
        ("/verify", "verify"),
    ]:
        check(path, shot, session)

    log_in(tab, mesh.admin_email, mesh.admin_password)
    session = tab.local_storage("shopmesh.session")
    for path, shot in [
        ("/admin", "admin-reports"),
        ("/admin/products", "admin-products"),
        (f"/admin/products/{product_id}", "admin-product"),
        (f"/admin/products/{tee['name'].split('/')[1]}", "admin-product-with-variants"),
        ("/admin/categories", "admin-categories"),
        (f"/admin/stock?sku={product['sku']}", "admin-stock"),
        ("/admin/orders", "admin-orders"),
        ("/admin/reviews", "admin-reviews"),
        ("/admin/webhooks", "admin-webhooks"),
        ("/admin/promotions", "admin-promotions"),
    ]:
        check(path, shot, session)
    assert not problems, "\n".join(problems)


def test_a_product_page_loads_its_budget_from_this_origin_only(tab: Tab, rest: httpx.Client, admin: RestUser):
    budget = json.loads((ROOT / "web" / "dist" / "budget.json").read_text())
    assert budget["product_page"]["js"] <= budget["budget"]["js"]
    assert budget["product_page"]["css"] <= budget["budget"]["css"]
    product = new_product(rest, admin, display_name="Light Page Scale")
    loaded: list[str] = []
    tab.page.on("request", lambda request: loaded.append(request.url))
    _settled(tab.open(f"/{product['name']}"))
    scripts_and_styles = {url.removeprefix(tab.origin + "/") for url in loaded if url.endswith((".js", ".css"))}
    assert scripts_and_styles == set(budget["files"]["js"]) | set(budget["files"]["css"])
    assert not set(budget["lazy_chunks"]) & scripts_and_styles  # the admin console stays out of a shopper's way
    headers = httpx.get(f"{tab.origin}/{product['name']}").headers
    assert "default-src 'self'" in headers["content-security-policy"]
    assert headers["cache-control"] == "no-cache"
