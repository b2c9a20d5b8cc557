"""The admin console's catalog editors in Debian's Chromium: an admin gives a product options, generates its
variant matrix, prices and weighs one variant, archives another, and the API (what the shop sells) says the
same; an admin declares a category's attributes, and a product breaking them is then refused."""

from __future__ import annotations

import uuid

import httpx
import pytest
from playwright.sync_api import expect

from scripts.mesh import Profile
from tests.e2e.browser import Tab, log_in
from tests.e2e.conftest import RestUser
from tests.e2e.rest_errors import error_reason
from tests.e2e.shopping import FRESH, cents, new_product

pytestmark = pytest.mark.slow


def test_an_admin_builds_a_variant_matrix_and_edits_one_variant(
    tab: Tab, rest: httpx.Client, admin: RestUser, mesh: Profile
):
    product = new_product(
        rest, admin, cents=3000, stock=0, display_name="Console Hoodie", category="categories/apparel"
    )
    log_in(tab, mesh.admin_email, mesh.admin_password, then=f"/admin/{product['name']}")
    page = tab.page
    expect(page.get_by_role("heading", name="Console Hoodie", level=1)).to_be_visible()
    page.get_by_label("Options", exact=True).fill("Size: S, M\nColour: Grey, Navy")
    page.get_by_role("button", name="Save options").click()
    expect(page.get_by_text("Options saved.")).to_be_visible()
    page.get_by_role("button", name="Generate the missing variants").click()
    expect(page.get_by_text("4 variants: every combination of the options exists.")).to_be_visible()
    rows = page.get_by_test_id("variant-row")
    expect(rows.filter(has_text="M / Navy")).to_have_count(1)

    page.get_by_label("Price of M / Navy").fill("34.50")
    page.get_by_label("Weight of M / Navy").fill("650")
    page.get_by_label("Length of M / Navy").fill("300")
    page.get_by_label("Width of M / Navy").fill("250")
    page.get_by_label("Height of M / Navy").fill("60")
    page.get_by_role("button", name="Save M / Navy").click()
    expect(page.get_by_label("Price of M / Navy")).to_have_value("34.50")
    page.get_by_role("button", name="Archive S / Grey").click()
    expect(rows.filter(has_text="S / Grey")).to_contain_text("archived")

    saved = rest.get(f"/v1/{product['name']}", headers=FRESH).json()["product"]
    by_label = {
        " / ".join(v["value"] for v in variant["option_values"]): variant
        for variant in saved["variants"]
        if variant["option_values"]
    }
    assert set(by_label) == {"S / Grey", "S / Navy", "M / Grey", "M / Navy"}
    navy = by_label["M / Navy"]
    assert (cents(navy["price"]), int(navy["weight_grams"]), navy["dimensions"]) == (
        3450,
        650,
        {"length_mm": 300, "width_mm": 250, "height_mm": 60},
    )
    assert by_label["S / Grey"]["state"] == "STATE_ARCHIVED"
    assert by_label["S / Navy"]["own_price"] is False  # left empty: the product's price


def test_an_admin_declares_a_categorys_attributes_and_products_are_held_to_them(
    tab: Tab, rest: httpx.Client, admin: RestUser, mesh: Profile
):
    category_id = f"lamps-{uuid.uuid4().hex[:8]}"
    made = rest.post(
        "/v1/categories",
        headers=admin.headers,
        params={"category_id": category_id},
        json={"display_name": f"Lamps {category_id[-4:]}"},
    )
    assert made.status_code == 200, made.text
    category = made.json()["category"]
    log_in(tab, mesh.admin_email, mesh.admin_password, then="/admin/categories")
    page = tab.page
    page.get_by_label("Category", exact=True).select_option(category["name"])
    form = page.get_by_role("form", name=f"Attributes of {category['display_name']}")
    expect(form.get_by_text("None declared")).to_be_visible()
    form.get_by_role("button", name="Add an attribute").click()
    form.get_by_label("Key of attribute 1").fill("wattage")
    form.get_by_label("Name of wattage").fill("Wattage")
    form.get_by_label("Type of Wattage").select_option("TYPE_NUMBER")
    form.get_by_label("Unit of Wattage").fill("W")
    form.get_by_label("Wattage is required").check()
    form.get_by_label("Filter search by Wattage").check()
    form.get_by_role("button", name="Save attributes").click()
    expect(form.get_by_text("Saved: products of the category")).to_be_visible()

    declared = rest.get(f"/v1/{category['name']}", headers=FRESH).json()["category"]["attributes"]
    assert [(a["key"], a["type"], a["unit"], a["required"], a["filterable"]) for a in declared] == [
        ("wattage", "TYPE_NUMBER", "W", True, True)
    ]
    lamp = rest.post(
        "/v1/products",
        headers=admin.headers,
        json={
            "sku": f"LMP-{uuid.uuid4().hex[:8].upper()}",
            "display_name": "Desk lamp",
            "category": category["name"],
            "price": {"currency_code": "USD", "units": "40"},
            "attributes": {"wattage": "bright"},
        },
    )
    assert (lamp.status_code, error_reason(lamp)) == (400, "INVALID_ATTRIBUTES")
