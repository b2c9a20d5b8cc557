import pytest

from services.catalog import domain
from services.catalog.domain import ProductFields
from services.runtime.errors import InvalidArgument
from services.runtime.money import Money

SHIRT = ProductFields(
    display_name="  Linen   Shirt ",
    description=" Soft. ",
    category_id="apparel",
    price=Money("USD", 4900),
    attributes={"size": "M"},
    image_uris=["https://i/1.jpg"],
)


def test_a_new_product_needs_sku_name_category_and_price():
    with pytest.raises(InvalidArgument) as error:
        domain.check_new_product("", ProductFields())
    assert {v.field for v in error.value.violations} == {
        "product.sku",
        "product.display_name",
        "product.category",
        "product.price",
    }


def test_a_new_product_gets_tidy_text():
    fields = domain.check_new_product("APP-1", SHIRT)
    assert fields.display_name == "Linen Shirt"
    assert fields.description == "Soft."


def test_an_update_changes_only_the_masked_fields():
    updated = domain.apply_changes(
        SHIRT, ProductFields(display_name="Wool Shirt", price=Money("USD", 1)), {"display_name"}
    )
    assert updated.display_name == "Wool Shirt"
    assert updated.price == Money("USD", 4900)
    assert updated.attributes == {"size": "M"}


def test_an_update_cannot_blank_the_name_or_drop_the_price():
    with pytest.raises(InvalidArgument) as error:
        domain.apply_changes(SHIRT, ProductFields(display_name="   "), {"display_name", "price"})
    assert {v.field for v in error.value.violations} == {"product.display_name", "product.price"}


def test_the_etag_changes_with_every_version():
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    v1 = domain.Product(
        id="p", sku="S-1", fields=SHIRT, state=domain.ACTIVE, create_time=now, update_time=now, version=1
    )
    v2 = domain.Product(
        id="p", sku="S-1", fields=SHIRT, state=domain.ACTIVE, create_time=now, update_time=now, version=2
    )
    assert v1.etag != v2.etag
    assert v1.name == "products/p"
