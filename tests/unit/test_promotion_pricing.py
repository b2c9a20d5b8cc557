"""Promotion pricing rules: the documented order (best automatic percentage per line, automatic amounts, then the
coupon), rounding per line, exact splits of fixed amounts, minimum spend, currencies, and the coupon's limits."""

from datetime import UTC, datetime, timedelta

import pytest

from services.catalog import pricing
from services.catalog.domain import Product, ProductFields
from services.catalog.pricing import AMOUNT_OFF, PERCENT_OFF, Promotion
from services.runtime.errors import FailedPrecondition
from services.runtime.money import Money

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


def _product(product_id: str, cents: int, category: str = "kitchen", currency: str = "USD") -> Product:
    fields = ProductFields(display_name=product_id, category_id=category, price=Money(currency, cents))
    return Product(product_id, product_id.upper(), fields, "active", NOW, NOW, 1)


def _promo(promotion_id: str, *, percent: int = 0, amount: Money | None = None, **terms) -> Promotion:
    return Promotion(
        id=promotion_id,
        display_name=promotion_id,
        kind=PERCENT_OFF if percent else AMOUNT_OFF,
        percent_off=percent,
        amount_off=amount,
        product_ids=terms.pop("products", ()),
        category_ids=terms.pop("categories", ()),
        variants=terms.pop("variants", ()),
        coupon_code=terms.pop("code", ""),
        min_spend=terms.pop("min_spend", None),
        max_redemptions=terms.pop("max_redemptions", 0),
        max_redemptions_per_customer=terms.pop("per_customer", 0),
        start_time=terms.pop("start", NOW - timedelta(days=1)),
        end_time=terms.pop("end", None),
        redemptions=terms.pop("redemptions", 0),
        state="active",
        create_time=terms.pop("created", NOW - timedelta(days=1)),
    )


MUG, PEN, TEA = _product("mug", 1999), _product("pen", 333, "office"), _product("tea", 1001, "pantry")


def test_each_line_gets_its_best_automatic_percentage_and_they_do_not_stack():
    priced = pricing.price(
        [(MUG, "", 3), (PEN, "", 1)],
        [_promo("all10", percent=10), _promo("kitchen25", percent=25, categories=("kitchen",))],
        None,
    )
    assert priced.discounts == [1499, 33]  # 25 % of 59.97 = 14.9925 → 14.99; 10 % of 3.33 = 0.333 → 0.33
    assert [(p.id, taken) for p, taken in priced.applied] == [("kitchen25", 1499), ("all10", 33)]


def test_a_percentage_rounds_half_up_per_line():
    priced = pricing.price([(_product("x", 5), "", 1), (_product("y", 15), "", 1)], [_promo("half", percent=50)], None)
    assert priced.discounts == [3, 8]  # 2.5 → 3, 7.5 → 8


def test_the_coupon_comes_last_off_what_the_automatic_promotions_left():
    coupon = _promo("c", amount=Money("USD", 1000), code="TENOFF")
    priced = pricing.price([(MUG, "", 1), (TEA, "", 1)], [_promo("all10", percent=10)], coupon)
    left = [1999 - 200, 1001 - 100]
    assert priced.discounts[0] - 200 + priced.discounts[1] - 100 == 1000  # the coupon took exactly 10.00
    assert [p.id for p, _ in priced.applied] == ["all10", "c"]
    coupon_share = [priced.discounts[0] - 200, priced.discounts[1] - 100]
    # 1000 x 17.99/27.00 = 666.30 and 1000 x 9.01/27.00 = 333.70: the odd cent goes to the larger remainder
    assert left == [1799, 901]
    assert coupon_share == [666, 334]


@pytest.mark.parametrize("amount", [1, 7, 1000, 2999, 99999])
def test_a_fixed_amount_splits_exactly_and_never_below_zero(amount):
    priced = pricing.price(
        [(MUG, "", 1), (PEN, "", 3), (TEA, "", 1)], [], _promo("c", amount=Money("USD", amount), code="X-1")
    )
    assert sum(priced.discounts) == min(amount, sum(priced.totals))
    assert all(0 <= off <= total for off, total in zip(priced.discounts, priced.totals, strict=True))


def test_a_coupon_below_its_minimum_spend_or_for_nothing_in_the_cart_is_refused():
    needs_50 = _promo("c", percent=10, code="BIG", min_spend=Money("USD", 5000))
    with pytest.raises(FailedPrecondition) as raised:
        pricing.price([(MUG, "", 2)], [], needs_50)
    assert raised.value.reason == "COUPON_MIN_SPEND"
    assert sum(pricing.price([(MUG, "", 3)], [], needs_50).discounts) == 600  # 59.97 ≥ 50: 10 %
    office_only = _promo("o", percent=10, code="DESK", categories=("office",))
    with pytest.raises(FailedPrecondition) as raised:
        pricing.price([(MUG, "", 1)], [], office_only)
    assert raised.value.reason == "COUPON_NOT_APPLICABLE"


def test_a_fixed_amount_applies_only_to_lines_in_its_currency():
    euro_mug = _product("emug", 1500, currency="EUR")
    priced = pricing.price([(euro_mug, "", 1)], [_promo("usd5", amount=Money("USD", 500))], None)
    assert priced.discounts == [0]
    assert priced.applied == []


def test_zero_decimal_currencies_stay_whole():
    yen = _product("sake", 1234, currency="JPY")
    priced = pricing.price([(yen, "", 1)], [_promo("p", percent=15)], None)
    assert priced.discounts == [185]  # 185.1 yen → 185


@pytest.mark.parametrize(
    ("terms", "reason"),
    [
        ({"start": NOW + timedelta(hours=1)}, "COUPON_NOT_STARTED"),
        ({"end": NOW}, "COUPON_EXPIRED"),
        ({"max_redemptions": 3, "redemptions": 3}, "COUPON_USED_UP"),
    ],
)
def test_a_coupon_outside_its_dates_or_used_up_is_refused(terms, reason):
    with pytest.raises(FailedPrecondition) as raised:
        pricing.check_coupon(_promo("c", percent=5, code="SAVE5", **terms), "save5", NOW)
    assert raised.value.reason == reason


def test_a_customer_may_use_a_coupon_only_as_often_as_it_says():
    coupon = _promo("c", percent=5, code="ONCE", per_customer=1)
    assert pricing.check_coupon(coupon, "once", NOW, customer_uses=0) is coupon
    with pytest.raises(FailedPrecondition) as raised:
        pricing.check_coupon(coupon, "once", NOW, customer_uses=1)
    assert raised.value.reason == "COUPON_CUSTOMER_LIMIT"
    with pytest.raises(FailedPrecondition) as raised:
        pricing.check_coupon(None, "nope", NOW)
    assert raised.value.reason == "COUPON_UNKNOWN"


def test_a_promotion_on_one_variant_takes_off_that_variant_only():
    """20 % off the Sand tee: the Black one of the same product pays full price."""
    tee = _product("tee", 2400, "apparel")
    sand_only = _promo("sand20", percent=20, variants=("products/tee/variants/sand",))
    priced = pricing.price([(tee, "sand", 1), (tee, "black", 1)], [sand_only], None)
    assert priced.discounts == [480, 0]
    naming_the_product = _promo("tee10", percent=10, products=("tee",))
    assert pricing.price([(tee, "sand", 1), (tee, "black", 1)], [naming_the_product], None).discounts == [240, 240]
    other_product = _promo("x", percent=50, variants=("products/mug/variants/sand",))  # same id, other product
    assert pricing.price([(tee, "sand", 1)], [other_product], None).discounts == [0]
