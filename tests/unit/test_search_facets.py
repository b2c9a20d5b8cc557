"""What search keeps of a product with variants (price range, SKUs, option values) and how facet filters read."""

from __future__ import annotations

from google.protobuf.timestamp_pb2 import Timestamp
from google.type import money_pb2

from services.runtime.money import Money
from services.search.domain import SearchQuery, facet_filters
from services.search.service import indexed
from shop.catalog.v1 import product_pb2


def _usd(units: int) -> money_pb2.Money:
    return money_pb2.Money(currency_code="USD", units=units)


def _variant(sku: str, size: str, colour: str, units: int, *, archived: bool = False) -> product_pb2.ProductVariant:
    state = product_pb2.ProductVariant.STATE_ARCHIVED if archived else product_pb2.ProductVariant.STATE_ACTIVE
    return product_pb2.ProductVariant(
        sku=sku,
        price=_usd(units),
        state=state,
        option_values=[
            product_pb2.OptionValue(option="Size", value=size),
            product_pb2.OptionValue(option="Colour", value=colour),
        ],
    )


def test_a_product_is_found_by_its_variants_for_sale():
    product = product_pb2.Product(
        name="products/p1",
        sku="TEE",
        display_name="Tee",
        category="categories/apparel",
        price=_usd(24),
        state=product_pb2.Product.STATE_ACTIVE,
        update_time=Timestamp(seconds=1),
        attributes={"material": "cotton"},
        variants=[
            _variant("TEE-S-BLACK", "S", "Black", 24),
            _variant("TEE-M-SAND", "M", "Sand", 26),
            _variant("TEE-XL-RED", "XL", "Red", 99, archived=True),  # not sold: neither its price nor its values
        ],
    )
    item = indexed(product)
    assert (item.price, item.dearest) == (Money("USD", 2400), Money("USD", 2600))
    assert item.skus == ("TEE-S-BLACK", "TEE-M-SAND")
    assert item.options == {"Size": ("S", "M"), "Colour": ("Black", "Sand")}
    assert item.attributes == {"material": "cotton"}


def test_facet_filters_group_values_by_facet():
    assert facet_filters(["Colour=Black", "Size=M", "Colour=Sand", "Colour=Black"]) == {
        "Colour": ("Black", "Sand"),
        "Size": ("M",),
    }


def test_facet_filters_are_part_of_what_a_page_token_is_bound_to():
    plain = SearchQuery("tee", "", None, None, False)
    black = SearchQuery("tee", "", None, None, False, facets={"Colour": ("Black",)})
    assert plain.fingerprint != black.fingerprint
    assert plain.fingerprint == ("search", "tee", "", None, None, False, "")  # tokens issued before facets still hold
