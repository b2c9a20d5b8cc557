import pytest

from services.runtime.errors import InvalidArgument
from services.runtime.money import Money
from services.shipping import domain


@pytest.mark.parametrize(("country", "zone"), [("US", "DOMESTIC"), ("DE", "NEAR"), ("CA", "NEAR"), ("JP", "WORLD")])
def test_the_destination_country_decides_the_zone(country, zone):
    assert domain.zone_of(country) == zone


def test_a_parcel_costs_the_zone_base_plus_a_rate_per_extra_unit():
    assert domain.quote("US", 1).amount == Money("USD", 499)
    assert domain.quote("US", 3).amount == Money("USD", 699)
    assert domain.quote("JP", 2) == domain.Quote(Money("USD", 2899), "WORLD", 10)


def test_each_currency_quotes_from_its_own_rate_card():
    assert domain.quote("DE", 3, "EUR") == domain.Quote(Money("EUR", 1190 + 2 * 230), "NEAR", 6)
    assert domain.quote("JP", 1, "JPY").amount == Money("JPY", 3750)  # whole yen
    assert set(domain.RATES) == {"USD", "EUR", "GBP", "CHF", "CAD", "JPY"}  # every currency money knows


def test_a_currency_without_a_rate_card_is_refused():
    with pytest.raises(InvalidArgument) as raised:
        domain.quote("US", 1, "AUD")
    assert raised.value.reason == "UNSUPPORTED_CURRENCY"
