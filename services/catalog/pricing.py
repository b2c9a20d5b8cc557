"""What items cost once promotions are applied: pure functions, in exact minor units.

The order promotions apply in (documented in the README, "Promotions and coupons"):

1. Automatic percentage promotions: each line gets the best one that covers it (they do not stack).
2. Automatic fixed-amount promotions, oldest first, each off what is left of the lines it covers.
3. The coupon (at most one per cart or order), off what is left after the automatic ones.

A percentage is taken per line and rounded half up to the minor unit; a fixed amount is capped at what is left of
its lines and split over them by what is left of each (largest remainders get the odd minor units), so the lines'
discounts always add up to exactly what the promotion takes off. A promotion whose lines come to less than its
minimum spend (after the promotions before it) takes nothing; a fixed amount applies only to lines in its currency.
Nothing ever goes below zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from services.catalog.domain import Product
from services.runtime.errors import FailedPrecondition, PreconditionViolation
from services.runtime.money import Money, money_text
from services.runtime.resource_versions import etag

PROMOTION = "catalog.shopmesh.dev/Promotion"
PERCENT_OFF = "percent_off"
AMOUNT_OFF = "amount_off"


@dataclass(frozen=True)
class Promotion:
    id: str
    display_name: str
    kind: str
    percent_off: int
    amount_off: Money | None
    product_ids: tuple[str, ...]
    category_ids: tuple[str, ...]
    coupon_code: str  # upper case; "" for an automatic promotion
    min_spend: Money | None
    max_redemptions: int  # 0: no limit
    max_redemptions_per_customer: int  # 0: no limit
    start_time: datetime
    end_time: datetime | None
    redemptions: int
    state: str
    create_time: datetime
    version: int = 1
    variants: tuple[str, ...] = ()  # products/{product}/variants/{variant}

    @property
    def name(self) -> str:
        return f"promotions/{self.id}"

    @property
    def etag(self) -> str:
        return etag(self.id, self.version)

    def covers(self, product: Product, variant_id: str) -> bool:
        """Whether a line of ``product``'s variant ``variant_id`` gets it: named by product, category or variant
        (a promotion naming none covers everything)."""
        if not self.product_ids and not self.category_ids and not self.variants:
            return True
        return (
            product.id in self.product_ids
            or product.fields.category_id in self.category_ids
            or f"products/{product.id}/variants/{variant_id}" in self.variants
        )


@dataclass
class Priced:
    """Items priced: each line's total and discount, and what each promotion took off (in the order applied)."""

    products: list[Product]
    variant_ids: list[str]
    quantities: list[int]
    totals: list[int]
    discounts: list[int]
    applied: list[tuple[Promotion, int]] = field(default_factory=list)

    def left(self, index: int) -> int:
        return self.totals[index] - self.discounts[index]


def _half_up(value: int, percent: int) -> int:
    return (value * percent * 2 + 100) // 200


def _split(amount: int, weights: list[int]) -> list[int]:
    """``amount`` over ``weights`` in proportion, exactly: floors, then the odd units to the largest remainders."""
    whole = sum(weights)
    shares = [amount * w // whole for w in weights]
    order = sorted(range(len(weights)), key=lambda i: (-(amount * weights[i] % whole), i))
    for i in order[: amount - sum(shares)]:
        shares[i] += 1
    return shares


def _eligible(priced: Priced, promotion: Promotion) -> list[int]:
    lines = [
        i
        for i, (product, variant_id) in enumerate(zip(priced.products, priced.variant_ids, strict=True))
        if promotion.covers(product, variant_id) and priced.left(i) > 0
    ]
    if promotion.kind == AMOUNT_OFF and promotion.amount_off is not None:
        lines = [i for i in lines if priced.products[i].fields.price.currency == promotion.amount_off.currency]
    return lines


def _short_of_min_spend(priced: Priced, promotion: Promotion, lines: list[int]) -> bool:
    if promotion.min_spend is None or not promotion.min_spend.minor_units:
        return False
    return sum(priced.left(i) for i in lines) < promotion.min_spend.minor_units


def _take(priced: Priced, promotion: Promotion, lines: list[int]) -> None:
    """Applies ``promotion`` to ``lines`` (recorded in ``priced.applied`` when it took something)."""
    if promotion.kind == PERCENT_OFF:
        offs = [_half_up(priced.left(i), promotion.percent_off) for i in lines]
    else:
        assert promotion.amount_off is not None
        weights = [priced.left(i) for i in lines]
        offs = _split(min(promotion.amount_off.minor_units, sum(weights)), weights) if weights else []
    for i, off in zip(lines, offs, strict=True):
        priced.discounts[i] += off
    taken = sum(offs)
    if taken:
        priced.applied.append((promotion, taken))


def price(items: list[tuple[Product, str, int]], automatic: list[Promotion], coupon: Promotion | None) -> Priced:
    """Prices ``items`` (product at its variant's price, the variant's id, quantity) with the live ``automatic``
    promotions, then ``coupon`` (checked by :func:`check_coupon` first). A coupon that ends up taking nothing (its
    lines below its minimum spend) is FAILED_PRECONDITION."""
    priced = Priced(
        products=[product for product, _, _ in items],
        variant_ids=[variant_id for _, variant_id, _ in items],
        quantities=[quantity for _, _, quantity in items],
        totals=[product.fields.price.minor_units * quantity for product, _, quantity in items],
        discounts=[0] * len(items),
    )
    percentages = [p for p in automatic if p.kind == PERCENT_OFF]
    best: dict[str, tuple[Promotion, list[int]]] = {}
    for promotion in sorted(percentages, key=lambda p: (-p.percent_off, p.create_time, p.id)):
        lines = _eligible(priced, promotion)
        if _short_of_min_spend(priced, promotion, lines):
            continue
        free = [i for i in lines if not any(i in taken for _, taken in best.values())]
        if free:
            best[promotion.id] = (promotion, free)
    for promotion, lines in best.values():
        _take(priced, promotion, lines)
    for promotion in sorted((p for p in automatic if p.kind == AMOUNT_OFF), key=lambda p: (p.create_time, p.id)):
        lines = _eligible(priced, promotion)
        if lines and not _short_of_min_spend(priced, promotion, lines):
            _take(priced, promotion, lines)
    if coupon is not None:
        lines = _eligible(priced, coupon)
        if not lines:
            raise _coupon_refused(coupon, "applies to nothing in this cart", "COUPON_NOT_APPLICABLE")
        if _short_of_min_spend(priced, coupon, lines):
            assert coupon.min_spend is not None
            raise _coupon_refused(coupon, f"needs {money_text(coupon.min_spend)} of eligible items", "COUPON_MIN_SPEND")
        _take(priced, coupon, lines)
    return priced


def _coupon_refused(coupon: Promotion | None, why: str, reason: str, code: str = "") -> FailedPrecondition:
    subject = f"coupons/{coupon.coupon_code if coupon else code}"
    return FailedPrecondition([PreconditionViolation("COUPON", subject, f"the coupon {why}")], reason=reason)


def unknown_coupon(code: str) -> FailedPrecondition:
    return _coupon_refused(None, "is not known", "COUPON_UNKNOWN", code.upper())


def check_coupon(coupon: Promotion | None, code: str, now: datetime, customer_uses: int | None = None) -> Promotion:
    """The coupon for ``code`` if it can be used now (by a customer who used it ``customer_uses`` times)."""
    if coupon is None or coupon.state != "active":
        raise unknown_coupon(code)
    if now < coupon.start_time:
        raise _coupon_refused(coupon, "is not valid yet", "COUPON_NOT_STARTED")
    if coupon.end_time is not None and now >= coupon.end_time:
        raise _coupon_refused(coupon, "has expired", "COUPON_EXPIRED")
    if coupon.max_redemptions and coupon.redemptions >= coupon.max_redemptions:
        raise _coupon_refused(coupon, "has been used up", "COUPON_USED_UP")
    limit = coupon.max_redemptions_per_customer
    if customer_uses is not None and limit and customer_uses >= limit:
        raise _coupon_refused(coupon, "was already used as often as one customer may", "COUPON_CUSTOMER_LIMIT")
    return coupon
