import pytest

from services.runtime.money import Money
from services.shipping import domain


@pytest.mark.parametrize(("country", "zone"), [("US", "DOMESTIC"), ("DE", "NEAR"), ("CA", "NEAR"), ("JP", "WORLD")])
def test_the_destination_country_decides_the_zone(country, zone):
    assert domain.zone_of(country) == zone


def test_a_parcel_costs_the_zone_base_plus_a_rate_per_extra_unit():
    assert domain.quote("US", 1).amount == Money("USD", 499)
    assert domain.quote("US", 3).amount == Money("USD", 699)
    assert domain.quote("JP", 2) == domain.Quote(Money("USD", 2899), "WORLD", 10)
