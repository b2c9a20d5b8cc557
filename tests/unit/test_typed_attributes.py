"""Typed attributes: what a category declares and how products' values are checked and spelled."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.catalog import attributes
from services.catalog.attributes import AttributeDefinition
from services.runtime.errors import InvalidArgument

MATERIAL = AttributeDefinition("material", "Material", attributes.CHOICE, choices=("cotton", "wool"), filterable=True)
WEIGHT = AttributeDefinition("weight", "Weight", attributes.NUMBER, unit="g", required=True)
ORGANIC = AttributeDefinition("organic", "Organic", attributes.BOOLEAN)
CARE = AttributeDefinition("care", "Care", attributes.TEXT)
TEE = (MATERIAL, WEIGHT, ORGANIC, CARE)


def _fields(error: pytest.ExceptionInfo[InvalidArgument]) -> list[str]:
    return [v.field for v in error.value.violations]


def test_a_category_without_definitions_leaves_attributes_free_form():
    assert attributes.check_attributes((), {"anything": "goes"}) == {"anything": "goes"}


def test_values_are_checked_by_type_and_spelled_one_way():
    checked = attributes.check_attributes(
        TEE, {"material": "wool", "weight": "180.50", "organic": " TRUE ", "care": "  wash   cold "}
    )
    assert checked == {"material": "wool", "weight": "180.5", "organic": "true", "care": "wash cold"}


def test_every_wrong_value_is_named_at_once():
    with pytest.raises(InvalidArgument) as refused:
        attributes.check_attributes(TEE, {"material": "silk", "organic": "maybe", "colour": "red", "care": " "})
    assert refused.value.reason == "INVALID_ATTRIBUTES"
    assert sorted(_fields(refused)) == sorted(
        [
            "product.attributes[material]",
            "product.attributes[organic]",
            "product.attributes[colour]",
            "product.attributes[care]",
            "product.attributes[weight]",  # required, missing
        ]
    )


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**12), max_value=10**12, places=4))
def test_a_number_has_one_spelling_whatever_it_was_written_as(number):
    spelled = attributes.canonical(WEIGHT, str(number))
    assert spelled is not None
    assert Decimal(spelled) == number
    assert attributes.canonical(WEIGHT, f"{number:.6f}") == spelled  # trailing zeros change nothing


@given(st.text(max_size=20).filter(lambda t: t.strip().lower() not in ("true", "false")))
def test_anything_but_true_or_false_is_not_a_boolean(text):
    assert attributes.canonical(ORGANIC, text) is None


def test_definitions_must_make_sense_together():
    with pytest.raises(InvalidArgument) as refused:
        attributes.check_definitions(
            [
                MATERIAL,
                AttributeDefinition("material", "Again", attributes.TEXT),
                AttributeDefinition("size", "Size", attributes.CHOICE),
                AttributeDefinition("colour", "Colour", attributes.TEXT, choices=("red",)),
                AttributeDefinition("care", "Care", attributes.TEXT, unit="kg"),
            ]
        )
    assert _fields(refused) == [
        "category.attributes[1].key",
        "category.attributes[2].choices",
        "category.attributes[3].choices",
        "category.attributes[4].unit",
    ]
