"""Prices in another currency: exact conversion at the shop's rates, rounded half up to the target's minor unit."""

from datetime import UTC, datetime

import pytest

from services.catalog.currencies import parse_rate
from services.runtime.errors import FailedPrecondition, InvalidArgument
from services.runtime.exchange_rates import Rate, Rates
from services.runtime.money import Money

NOW = datetime(2026, 12, 1, tzinfo=UTC)
RATES = Rates("USD", tuple(Rate(c, r, NOW) for c, r in [("USD", "1"), ("EUR", "0.9"), ("JPY", "150"), ("GBP", "0.79")]))


@pytest.mark.parametrize(
    ("amount", "to", "expected"),
    [
        (Money("USD", 1999), "EUR", Money("EUR", 1799)),  # 17.991 → 17.99
        (Money("USD", 1995), "EUR", Money("EUR", 1796)),  # 17.955 → 17.96 (half up)
        (Money("USD", 1999), "JPY", Money("JPY", 2999)),  # 2998.5 yen → 2999: whole yen
        (Money("JPY", 1000), "USD", Money("USD", 667)),  # 6.666… → 6.67
        (Money("EUR", 1000), "GBP", Money("GBP", 878)),  # via the base: 10 / 0.9 x 0.79 = 8.777…
        (Money("EUR", 1234), "EUR", Money("EUR", 1234)),  # the same currency is left alone
    ],
)
def test_conversion_is_exact_and_rounds_half_up_to_the_minor_unit(amount, to, expected):
    assert RATES.convert(amount, to) == expected


def test_a_currency_the_shop_does_not_sell_in_is_refused():
    with pytest.raises(FailedPrecondition) as raised:
        RATES.convert(Money("USD", 100), "CHF")
    assert raised.value.reason == "CURRENCY_NOT_SOLD"


@pytest.mark.parametrize("rate", ["0", "-1", "abc", "0.0000001"])
def test_a_rate_must_be_a_positive_decimal(rate):
    with pytest.raises(InvalidArgument):
        parse_rate(rate)


def test_a_rate_is_kept_as_the_admin_wrote_it_within_bounds():
    assert parse_rate("0.92") == "0.92"
    with pytest.raises(InvalidArgument):
        parse_rate("1000000")
