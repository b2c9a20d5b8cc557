"""A cart holds what one order may: the limits of services/runtime/order_limits.py, never more."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.cart import domain
from services.cart.domain import Item
from services.runtime import order_limits
from services.runtime.errors import FailedPrecondition
from services.runtime.money import Money


def _item(n: int, quantity: int) -> Item:
    return Item(f"p{n}", f"SKU-{n}", f"Thing {n}", quantity, Money("USD", 100), n)


carts = st.lists(st.integers(1, 200), max_size=80).map(lambda qs: [_item(n, q) for n, q in enumerate(qs)])


@given(carts)
def test_a_merged_cart_is_cut_to_the_limits_keeping_the_first_items(items):
    kept = domain.within_limits(items)
    assert sum(i.quantity for i in kept) <= order_limits.UNITS_PER_ORDER
    assert len(kept) <= order_limits.LINES_PER_ORDER
    assert all(1 <= i.quantity <= order_limits.UNITS_PER_LINE for i in kept)
    assert [i.product_id for i in kept] == [i.product_id for i in items[: len(kept)]]
    domain.check_units(kept)  # what a merge keeps, checkout takes


@given(carts)
def test_a_cart_within_every_limit_is_kept_whole(items):
    within = all(i.quantity <= order_limits.UNITS_PER_LINE for i in items)
    within = within and len(items) <= order_limits.LINES_PER_ORDER
    within = within and sum(i.quantity for i in items) <= order_limits.UNITS_PER_ORDER
    if within:
        assert domain.within_limits(items) == items


def test_a_cart_of_more_units_than_one_order_ships_is_refused():
    full = [_item(n, order_limits.UNITS_PER_LINE) for n in range(order_limits.UNITS_PER_ORDER // 99)]
    domain.check_units(full)
    with pytest.raises(FailedPrecondition) as error:
        domain.check_units([*full, _item(999, order_limits.UNITS_PER_ORDER % 99 + 1)])
    assert error.value.reason == "CART_UNITS_LIMIT"
