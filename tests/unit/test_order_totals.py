import pytest

from services.orders import domain
from services.orders.domain import Line
from services.runtime.money import Money


def _line(cents: int, quantity: int, cart_cents: int | None = None) -> Line:
    return Line(
        "p", "SKU-1", "Thing", quantity, Money("USD", cents), None if cart_cents is None else Money("USD", cart_cents)
    )


def test_totals_are_exact_minor_units_with_tax_rounded_half_up():
    totals = domain.totals([_line(1999, 3), _line(250, 1)], "US", Money("USD", 699))
    assert totals.items == Money("USD", 6247)
    assert totals.tax == Money("USD", 515)  # 6247 x 8.25% = 515.38
    assert totals.total == Money("USD", 6247 + 515 + 699)


@pytest.mark.parametrize(("country", "tax"), [("DE", 190), ("JP", 0)])
def test_tax_depends_on_the_destination(country, tax):
    assert domain.totals([_line(1000, 1)], country, Money("USD", 0)).tax == Money("USD", tax)
