"""Shipping is quoted by what the parcel weighs: each variant's weight, or its volumetric weight when its package
is bulky, the zone's base rate covering the first kilogram and each further started kilogram at the zone's rate.
The preview, the order and the shipment all say the same; a variant without a weight counts a kilogram."""

from __future__ import annotations

import httpx

from tests.e2e.conftest import RestUser, register
from tests.e2e.shopping import ADDRESS, FRESH, add_to_cart, cents, checkout, new_product

BASE_US, PER_KG_US = 499, 100  # services/shipping/domain.py's USD card, DOMESTIC


def _weighed(rest: httpx.Client, admin: RestUser, product: dict, grams: int, sides: tuple[int, int, int]) -> None:
    """Sets the product's one variant's shipping weight and package size."""
    (variant,) = product["variants"]
    length, width, height = sides
    answer = rest.patch(
        f"/v1/{variant['name']}",
        params={"update_mask": "weight_grams,dimensions"},
        headers=admin.headers,
        json={"weight_grams": grams, "dimensions": {"length_mm": length, "width_mm": width, "height_mm": height}},
    )
    assert answer.status_code == 200, answer.text


def test_a_heavy_and_a_bulky_item_are_billed_by_weight_and_volume_alike_in_preview_order_and_shipment(
    rest: httpx.Client, admin: RestUser
):
    kettlebell = new_product(rest, admin, cents=5900, stock=5, display_name="Kettlebell 16 kg")
    _weighed(rest, admin, kettlebell, 16_000, (220, 220, 280))  # heavy: its weight counts
    pillow = new_product(rest, admin, cents=3500, stock=5, display_name="Floor Pillow")
    _weighed(rest, admin, pillow, 500, (600, 400, 300))  # 72 000 cm3 light: 14.4 kg volumetric
    shopper = register(rest)
    add_to_cart(rest, shopper, kettlebell)
    add_to_cart(rest, shopper, pillow)
    expected = BASE_US + PER_KG_US * 30  # 30.4 kg: the first kilogram and 30 further started ones

    previewed = rest.post("/v1/orders:preview", headers=shopper.headers, json={"shipping_address": ADDRESS})
    assert previewed.status_code == 200, previewed.text
    assert cents(previewed.json()["order"]["shipping"]) == expected
    placed = checkout(rest, shopper)
    assert placed.status_code == 200, placed.text
    order = placed.json()["order"]
    assert cents(order["shipping"]) == expected
    shipment = rest.get(f"/v1/{order['name']}/shipment", headers={**shopper.headers, **FRESH}).json()["shipment"]
    assert cents(shipment["quote"]["amount"]) == expected
    assert int(shipment["quote"]["billable_weight_grams"]) == 16_000 + 14_400


def test_units_without_a_weight_count_a_kilogram_each(rest: httpx.Client, admin: RestUser):
    shopper = register(rest)
    add_to_cart(rest, shopper, new_product(rest, admin, stock=5), 3)
    previewed = rest.post("/v1/orders:preview", headers=shopper.headers, json={"shipping_address": ADDRESS})
    assert previewed.status_code == 200, previewed.text
    assert cents(previewed.json()["order"]["shipping"]) == BASE_US + 2 * PER_KG_US


def test_a_parcel_quoted_by_its_items_must_hold_the_units_it_claims(rest: httpx.Client):
    """The public quote takes items too; items that do not add up to `units` are a 400, never a 5xx."""
    answer = rest.post(
        "/v1/shipping:quote",
        json={"address": ADDRESS, "units": 3, "items": [{"units": 2, "weight_grams": 1500}]},
    )
    assert answer.status_code == 400, answer.text
    ok = rest.post(
        "/v1/shipping:quote", json={"address": ADDRESS, "units": 2, "items": [{"units": 2, "weight_grams": 1500}]}
    )
    assert ok.status_code == 200, ok.text
    assert (cents(ok.json()["quote"]["amount"]), ok.json()["quote"]["billable_weight_grams"]) == (
        BASE_US + 2 * PER_KG_US,
        "3000",
    )
