"""The demo catalog holds together: its products' attributes are what their categories declare, names are
unique, prices are a shop's, variants have SKUs of their own, and its pictures are drawn, not downloaded."""

from __future__ import annotations

import io
import re
from collections import Counter

from PIL import Image

from services.catalog import attributes
from services.catalog.adapters import demo_catalog, demo_pictures
from services.catalog.domain import generated_sku

PRODUCTS = list(demo_catalog.demo_products())
SKU = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,63}$")


def test_three_hundred_products_in_twelve_categories_with_unique_names():
    assert len(PRODUCTS) == 300
    per_category = Counter(p.fields.category_id for p in PRODUCTS)
    assert set(per_category.values()) == {demo_catalog.PRODUCTS_PER_CATEGORY}
    assert len({(p.fields.category_id, p.fields.display_name) for p in PRODUCTS}) == 300


def test_attributes_are_those_their_category_declares():
    for product in PRODUCTS:
        declared = demo_catalog.CATEGORIES[product.fields.category_id].attributes
        assert attributes.check_attributes(declared, product.fields.attributes) == dict(product.fields.attributes)


def test_prices_are_within_what_their_kind_costs_and_end_like_a_shops():
    for product in PRODUCTS:
        low, high = product.kind.price
        cents = product.fields.price.minor_units
        assert low * 100 - 100 <= cents <= high * 100, product.fields.display_name
        assert cents % 100 in (0, 95, 99)
        assert product.kind.noun in product.fields.display_name
        assert product.kind.blurb in product.fields.description


def test_variants_cover_every_combination_with_skus_of_their_own():
    skus = [p.sku for p in PRODUCTS]
    for product in PRODUCTS:
        combinations = 1
        for option in product.fields.options:
            combinations *= len(option.values)
        assert len(product.variants) == combinations - 1  # the first is the product's own SKU
        for values, price in product.variants:
            sku = generated_sku(product.sku, values)
            assert SKU.match(sku)
            skus.append(sku)
            assert price.minor_units >= product.fields.price.minor_units  # bigger bags, heavier bells cost more
    assert len(skus) == len(set(skus))
    kinds = {p.kind.noun for p in PRODUCTS if p.variants}
    assert {"Wool Sweater", "Espresso Beans", "Novel", "Kettlebell"} <= kinds


def test_a_picture_is_drawn_for_each_colour_a_product_comes_in():
    sweater = next(p for p in PRODUCTS if p.kind.noun == "Wool Sweater")
    data = demo_pictures.draw(sweater.fields.display_name, demo_pictures.SWATCHES["navy"], (244, 240, 232))
    picture = Image.open(io.BytesIO(data))
    assert picture.size == (demo_pictures.SIDE, demo_pictures.SIDE)
    assert picture.getpixel((240, 200)) == demo_pictures.SWATCHES["navy"]
