"""How a return is priced: its lines at the order's unit prices and a share of the order's tax that, over every
return of every unit, adds up to the tax paid to the minor unit."""

import itertools
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from services.orders import domain
from services.orders.domain import Line, Order, Return
from services.runtime.errors import FailedPrecondition, InvalidArgument
from services.runtime.money import Money

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def _order(lines: list[tuple[str, int, int]], country: str = "US", currency: str = "USD") -> Order:
    priced = [Line(p, f"SKU-{p.upper()}", p.title(), q, Money(currency, cents), None) for p, cents, q in lines]
    return Order(
        id="o1",
        customer_id="u1",
        lines=tuple(priced),
        totals=domain.totals(priced, country, Money(currency, 500)),
        address={},
        state=domain.DELIVERED,
        saga_step="confirmed",
        cancel_reason="",
        card_last4="4242",
        carrier="",
        tracking_number="",
        create_time=NOW,
        update_time=NOW,
        version=1,
    )


def _refunded(order: Order, wanted: dict[str, int], before: list[Return]) -> Return:
    lines, tax = domain.price_return(order, wanted, before)
    items = Money(order.totals.items.currency, sum(line.amount.minor_units for line in lines))
    return Return(f"r{len(before)}", order.id, "u1", domain.REFUNDED, "", "", tuple(lines), items, tax, NOW, NOW, 1)


def test_a_return_pays_its_units_at_the_order_price_and_their_share_of_tax():
    order = _order([("mug", 1999, 3), ("pen", 250, 1)])  # items 62.47, tax 8.25 % = 5.15
    lines, tax = domain.price_return(order, {"mug": 1}, [])
    assert [(line.product_id, line.quantity, line.amount) for line in lines] == [("mug", 1, Money("USD", 1999))]
    assert tax == Money("USD", 515 * 1999 // 6247)  # 164 (1.6479..., rounded down)


@pytest.mark.parametrize("order_of_returns", list(itertools.permutations(["mug", "pen", "cap"])))
def test_returning_every_unit_in_any_order_pays_back_the_tax_exactly(order_of_returns):
    order = _order([("mug", 1999, 3), ("pen", 333, 7), ("cap", 1, 1)], country="DE")
    before: list[Return] = []
    for product in order_of_returns:
        units = {line.product_id: line.quantity for line in order.lines}[product]
        for _ in range(units):  # one unit per return: the most rounding there can be
            before.append(_refunded(order, {product: 1}, before))
    assert sum(r.tax_refund.minor_units for r in before) == order.totals.tax.minor_units
    assert sum(r.items_refund.minor_units for r in before) == order.totals.items.minor_units
    assert domain.every_unit_back(order, before)


def test_zero_decimal_currencies_stay_whole():
    order = _order([("tea", 1234, 3)], country="NL", currency="JPY")  # 3702 yen, 21 % tax = 777 yen
    first = _refunded(order, {"tea": 1}, [])
    second = _refunded(order, {"tea": 2}, [first])
    assert first.tax_refund == Money("JPY", 259)
    assert second.tax_refund == Money("JPY", 518)
    assert first.tax_refund.minor_units + second.tax_refund.minor_units == order.totals.tax.minor_units


def test_units_in_an_open_return_cannot_be_asked_again_but_a_rejected_one_frees_them():
    order = _order([("mug", 1999, 3)])
    open_return = _refunded(order, {"mug": 2}, [])
    left = domain.returnable(order, [open_return])
    assert left == {"mug": 1}
    with pytest.raises(FailedPrecondition) as raised:
        domain.check_return_lines(order, [("mug", "", 2)], left)
    assert raised.value.reason == "RETURN_QUANTITY"
    rejected = Return(
        "r9", "o1", "u1", domain.REJECTED, "", "no", open_return.lines, Money("USD", 0), Money("USD", 0), NOW, NOW, 1
    )
    assert domain.returnable(order, [rejected]) == {"mug": 3}


@pytest.mark.parametrize(
    ("lines", "field"),
    [([("hat", "", 1)], "lines[0].product"), ([("mug", "", 1), ("mug", "", 1)], "lines[1].product")],
)
def test_a_product_not_ordered_or_named_twice_is_invalid(lines, field):
    order = _order([("mug", 1999, 3)])
    with pytest.raises(InvalidArgument) as raised:
        domain.check_return_lines(order, lines, domain.returnable(order, []))
    assert field in str(raised.value.violations)


def test_two_variants_of_one_product_are_two_lines_to_return():
    black = Line("tee", "TEE-M-BLACK", "Tee", 2, Money("USD", 2400), None, variant_id="v-black")
    sand = Line("tee", "TEE-M-SAND", "Tee", 1, Money("USD", 2600), None, variant_id="v-sand")
    order = replace(_order([("mug", 1999, 1)]), lines=(black, sand))
    left = domain.returnable(order, [])
    assert left == {"v-black": 2, "v-sand": 1}
    assert domain.check_return_lines(order, [("tee", "v-sand", 1), ("tee", "v-black", 2)], left) == {
        "v-sand": 1,
        "v-black": 2,
    }
    with pytest.raises(InvalidArgument) as unnamed:
        domain.check_return_lines(order, [("tee", "", 1)], left)
    assert unnamed.value.reason == "VARIANT_REQUIRED"
    with pytest.raises(FailedPrecondition):
        domain.check_return_lines(order, [("tee", "v-sand", 2)], left)
    lines, _ = domain.price_return(order, {"v-sand": 1}, [])
    assert [(line.variant_id, line.amount) for line in lines] == [("v-sand", Money("USD", 2600))]
    back = _refunded(order, {"v-black": 2, "v-sand": 1}, [])
    assert domain.every_unit_back(order, [back])


def test_only_every_unit_back_makes_the_order_refunded():
    order = _order([("mug", 1999, 2), ("pen", 250, 1)])
    first = _refunded(order, {"mug": 2}, [])
    assert not domain.every_unit_back(order, [first])
    assert domain.every_unit_back(order, [first, _refunded(order, {"pen": 1}, [first])])


def test_returns_close_when_the_window_after_delivery_ends():
    order = replace(_order([("mug", 1999, 1)]), deliver_time=NOW)
    domain.check_returnable(order, NOW + timedelta(days=30), timedelta(days=30))
    with pytest.raises(FailedPrecondition) as raised:
        domain.check_returnable(order, NOW + timedelta(days=30, seconds=1), timedelta(days=30))
    assert raised.value.reason == "RETURN_WINDOW_CLOSED"
    with pytest.raises(FailedPrecondition) as raised:
        domain.check_returnable(replace(order, state=domain.SHIPPED), NOW, timedelta(days=30))
    assert raised.value.reason == "ORDER_STATE"


@pytest.mark.parametrize("order_of_returns", list(itertools.permutations(["mug", "pen"])))
def test_returns_pay_back_discounted_prices_and_every_unit_back_pays_the_discounted_total(order_of_returns):
    lines = [
        Line("mug", "SKU-MUG", "Mug", 3, Money("USD", 1999), None, discount_minor=1001),  # a coupon's odd share
        Line("pen", "SKU-PEN", "Pen", 7, Money("USD", 333), None, discount_minor=233),
    ]
    order = replace(_order([("mug", 1999, 3)]), lines=tuple(lines), totals=domain.totals(lines, "DE", Money("USD", 0)))
    assert order.totals.taxable == Money("USD", 5997 + 2331 - 1001 - 233)
    before: list[Return] = []
    for product in order_of_returns:
        for _ in range({"mug": 3, "pen": 7}[product]):
            before.append(_refunded(order, {product: 1}, before))
    assert sum(r.items_refund.minor_units for r in before) == order.totals.taxable.minor_units
    assert sum(r.tax_refund.minor_units for r in before) == order.totals.tax.minor_units
    first_mug = next(r for r in before if r.lines[0].product_id == "mug")
    assert first_mug.items_refund == Money("USD", 1999 - 1001 // 3)  # its unit price less a third of the discount
