from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.runtime.errors import InvalidArgument
from services.runtime.money import Money
from services.shipping import domain


@pytest.mark.parametrize(("country", "zone"), [("US", "DOMESTIC"), ("DE", "NEAR"), ("CA", "NEAR"), ("JP", "WORLD")])
def test_the_destination_country_decides_the_zone(country, zone):
    assert domain.zone_of(country) == zone


def test_a_parcel_costs_the_zone_base_plus_a_rate_per_extra_unit():
    assert domain.quote("US", 1).amount == Money("USD", 499)
    assert domain.quote("US", 3).amount == Money("USD", 699)
    assert domain.quote("JP", 2) == domain.Quote(Money("USD", 2899), "WORLD", 10, 2000)


def test_each_currency_quotes_from_its_own_rate_card():
    assert domain.quote("DE", 3, "EUR") == domain.Quote(Money("EUR", 1190 + 2 * 230), "NEAR", 6, 3000)
    assert domain.quote("JP", 1, "JPY").amount == Money("JPY", 3750)  # whole yen
    assert set(domain.RATES) == {"USD", "EUR", "GBP", "CHF", "CAD", "JPY"}  # every currency money knows


def test_a_currency_without_a_rate_card_is_refused():
    with pytest.raises(InvalidArgument) as raised:
        domain.quote("US", 1, "AUD")
    assert raised.value.reason == "UNSUPPORTED_CURRENCY"


def test_units_of_unknown_weight_count_a_kilogram_each_as_they_always_did():
    unknown = [domain.ParcelItem(2), domain.ParcelItem(1)]
    assert domain.quote("US", 3, items=unknown) == domain.quote("US", 3)
    assert domain.quote("US", 3).billable_weight_grams == 3000


def test_a_parcel_is_billed_by_its_weight_the_base_rate_covering_the_first_kilogram():
    light = [domain.ParcelItem(4, weight_grams=200)]  # 800 g
    assert domain.quote("US", 4, items=light) == domain.Quote(Money("USD", 499), "DOMESTIC", 3, 800)
    heavy = [domain.ParcelItem(1, weight_grams=16_000)]  # a 16 kg kettlebell: 15 further kilograms
    assert domain.quote("US", 1, items=heavy).amount == Money("USD", 499 + 15 * 100)
    started = [domain.ParcelItem(1, weight_grams=1001)]  # a started kilogram is a kilogram
    assert domain.quote("DE", 1, "EUR", started).amount == Money("EUR", 1190 + 230)


def test_a_bulky_light_package_is_billed_by_its_volume():
    pillow = domain.ParcelItem(1, weight_grams=500, length_mm=600, width_mm=400, height_mm=300)  # 72 000 cm3
    assert pillow.billable_grams == 14_400
    assert domain.quote("US", 1, items=[pillow]).billable_weight_grams == 14_400
    flat = domain.ParcelItem(1, weight_grams=500, length_mm=600, width_mm=400, height_mm=0)  # a side unknown
    assert flat.billable_grams == 500


@given(
    st.lists(
        st.builds(
            domain.ParcelItem,
            units=st.integers(1, 99),
            weight_grams=st.integers(0, 1_000_000),
            length_mm=st.integers(0, 10_000),
            width_mm=st.integers(0, 10_000),
            height_mm=st.integers(0, 10_000),
        ),
        min_size=1,
        max_size=50,
    ),
    st.sampled_from(sorted(domain.RATES)),
)
def test_more_in_a_parcel_never_costs_less(items, currency):
    """Adding a unit of anything never lowers the quote, and a quote is the base plus whole kilograms."""
    units = sum(item.units for item in items)
    before = domain.quote("FR", units, currency, items)
    more = [*items[:-1], replace(items[-1], units=items[-1].units + 1)]
    after = domain.quote("FR", units + 1, currency, more)
    assert after.amount.minor_units >= before.amount.minor_units
    base, per_kg = domain.RATES[currency]["NEAR"]
    assert (before.amount.minor_units - base) % per_kg == 0


def test_items_that_do_not_add_up_to_the_units_are_refused():
    with pytest.raises(InvalidArgument) as raised:
        domain.quote("US", 3, items=[domain.ParcelItem(2)])
    assert raised.value.violations[0].field == "items"
