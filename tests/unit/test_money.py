import pytest
from google.type import money_pb2

from services.runtime import money
from services.runtime.errors import InvalidArgument


def test_dollars_and_cents_become_minor_units_and_back():
    price = money.from_proto(money_pb2.Money(currency_code="USD", units=12, nanos=990_000_000), field="price")
    assert price == money.Money("USD", 1299)
    assert money.to_proto(price) == money_pb2.Money(currency_code="USD", units=12, nanos=990_000_000)


def test_yen_has_no_minor_units():
    assert money.from_proto(money_pb2.Money(currency_code="JPY", units=500), field="price") == money.Money("JPY", 500)
    with pytest.raises(InvalidArgument) as error:
        money.from_proto(money_pb2.Money(currency_code="JPY", units=1, nanos=500_000_000), field="price")
    assert error.value.violations[0].field == "price.nanos"


def test_a_fraction_of_a_cent_is_rejected():
    with pytest.raises(InvalidArgument) as error:
        money.from_proto(money_pb2.Money(currency_code="USD", units=1, nanos=5_000_000 + 1), field="product.price")
    assert error.value.violations[0].field == "product.price.nanos"


@pytest.mark.parametrize(("units", "nanos"), [(-1, 0), (0, -10_000_000)])
def test_negative_prices_are_rejected(units, nanos):
    with pytest.raises(InvalidArgument):
        money.from_proto(money_pb2.Money(currency_code="USD", units=units, nanos=nanos), field="price")


def test_unknown_currency_is_rejected_with_the_field_path():
    with pytest.raises(InvalidArgument) as error:
        money.from_proto(money_pb2.Money(currency_code="XXX", units=1), field="product.price")
    assert error.value.violations[0].field == "product.price.currency_code"
    assert error.value.reason == "UNSUPPORTED_CURRENCY"


def test_adding_amounts_of_different_currencies_is_refused():
    assert money.Money("USD", 150) + money.Money("USD", 50) == money.Money("USD", 200)
    assert money.Money("USD", 150) * 3 == money.Money("USD", 450)
    with pytest.raises(ValueError, match="cannot add"):
        money.Money("USD", 1) + money.Money("EUR", 1)
