"""Orders' domain: orders, their lines and totals, and the lifecycle, in plain Python."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from services.runtime import order_limits
from services.runtime.errors import FailedPrecondition, InvalidArgument, PreconditionViolation
from services.runtime.money import Money
from services.runtime.resource_versions import etag

PENDING = "pending"
CONFIRMED = "confirmed"
SHIPPED = "shipped"
DELIVERED = "delivered"
CANCELLED = "cancelled"
REFUNDED = "refunded"
PARTIALLY_REFUNDED = "partially_refunded"

# Sales tax in basis points by destination country (EU VAT standard rates for a few); others pay none.
TAX_BPS = {"US": 825, "DE": 1900, "FR": 2000, "NL": 2100, "GB": 2000, "IE": 2300, "ES": 2100, "IT": 2200}

# Cancel reasons that came from the shopper's input: a retry of the checkout reports them again.
OUT_OF_STOCK = "OUT_OF_STOCK"
PAYMENT_DECLINED = "PAYMENT_DECLINED"
PAYMENT_UNAVAILABLE = "PAYMENT_UNAVAILABLE"
CHECKOUT_INTERRUPTED = "CHECKOUT_INTERRUPTED"
CUSTOMER_CANCELLED = "CUSTOMER_CANCELLED"
COUPON_UNAVAILABLE = "COUPON_UNAVAILABLE"
INVENTORY_UNAVAILABLE = "INVENTORY_UNAVAILABLE"
CATALOG_UNAVAILABLE = "CATALOG_UNAVAILABLE"
# Every reason an order is cancelled for; each is shop.orders.v1.CancelReason's value CANCEL_REASON_<reason>, which
# is what other services read (tests/unit/test_order_totals.py checks the two match).
CANCEL_REASONS = (
    OUT_OF_STOCK,
    PAYMENT_DECLINED,
    PAYMENT_UNAVAILABLE,
    INVENTORY_UNAVAILABLE,
    CATALOG_UNAVAILABLE,
    COUPON_UNAVAILABLE,
    CHECKOUT_INTERRUPTED,
    CUSTOMER_CANCELLED,
)


@dataclass(frozen=True)
class Line:
    product_id: str
    sku: str
    display_name: str
    quantity: int
    unit_price: Money
    cart_unit_price: Money | None
    discount_minor: int = 0  # what promotions took off this line

    @property
    def total(self) -> Money:
        return self.unit_price * self.quantity

    @property
    def discount(self) -> Money:
        return Money(self.unit_price.currency, self.discount_minor)


@dataclass(frozen=True)
class Totals:
    items: Money
    tax: Money
    shipping: Money
    discount_minor: int = 0  # what promotions took off the items

    @property
    def discount(self) -> Money:
        return Money(self.items.currency, self.discount_minor)

    @property
    def taxable(self) -> Money:
        """The items after discounts: what tax is on, and what returns pay back shares of."""
        return Money(self.items.currency, self.items.minor_units - self.discount_minor)

    @property
    def total(self) -> Money:
        return self.taxable + self.tax + self.shipping


def check_order_size(cart: str, quantities: list[int]) -> None:
    """A cart one order may hold (the cart service keeps carts within this; one from before a limit may not be)."""
    units = sum(quantities)
    if units > order_limits.UNITS_PER_ORDER or len(quantities) > order_limits.LINES_PER_ORDER:
        raise FailedPrecondition(
            [
                PreconditionViolation(
                    "UNITS",
                    cart,
                    f"one order holds at most {order_limits.UNITS_PER_ORDER} units of at most "
                    f"{order_limits.LINES_PER_ORDER} products ({units} units of {len(quantities)} here)",
                )
            ],
            reason="ORDER_TOO_LARGE",
        )


def totals(lines: list[Line], country_code: str, shipping: Money) -> Totals:
    """Exact totals in minor units; tax on the discounted items, rounded half up, per order."""
    items = Money(lines[0].unit_price.currency, 0)
    for line in lines:
        items = items + line.total
    discount = sum(line.discount_minor for line in lines)
    bps = TAX_BPS.get(country_code, 0)
    tax = Money(items.currency, ((items.minor_units - discount) * bps + 5000) // 10000)
    return Totals(items=items, tax=tax, shipping=shipping, discount_minor=discount)


@dataclass(frozen=True)
class Order:
    id: str
    customer_id: str
    lines: tuple[Line, ...]
    totals: Totals
    address: dict[str, Any]
    state: str
    saga_step: str
    cancel_reason: str
    card_last4: str
    carrier: str
    tracking_number: str
    create_time: datetime
    update_time: datetime
    version: int
    refunded_minor: int = 0
    deliver_time: datetime | None = None
    coupon_code: str = ""

    @property
    def name(self) -> str:
        return f"orders/{self.id}"

    @property
    def refunded(self) -> Money:
        return Money(self.totals.items.currency, self.refunded_minor)

    @property
    def etag(self) -> str:
        return etag(self.id, self.version)

    @property
    def prices_changed(self) -> bool:
        return any(line.cart_unit_price is not None for line in self.lines)

    @property
    def units(self) -> int:
        return sum(line.quantity for line in self.lines)


# Which states each transition may start from.
TRANSITIONS = {
    CANCELLED: {PENDING, CONFIRMED},
    SHIPPED: {CONFIRMED},
    DELIVERED: {SHIPPED},
    REFUNDED: {SHIPPED, DELIVERED, PARTIALLY_REFUNDED},
    PARTIALLY_REFUNDED: {DELIVERED, PARTIALLY_REFUNDED},
}


def check_transition(order: Order, to: str) -> None:
    if order.state not in TRANSITIONS[to]:
        raise FailedPrecondition(
            [PreconditionViolation("STATE", order.name, f"the order is {order.state}; it cannot become {to}")],
            reason="ORDER_STATE",
        )


# --- returns ---------------------------------------------------------------------------------------------------

REQUESTED = "requested"
APPROVED = "approved"
REJECTED = "rejected"
# A return's REFUNDED is the order's word too: its units arrived and were paid back.
RETURN_STATES = (REQUESTED, APPROVED, REJECTED, REFUNDED)
RETURNABLE_ORDER_STATES = {DELIVERED, PARTIALLY_REFUNDED}


@dataclass(frozen=True)
class ReturnLine:
    product_id: str
    display_name: str
    quantity: int
    amount: Money


@dataclass(frozen=True)
class Return:
    id: str
    order_id: str
    customer_id: str
    state: str
    reason: str
    reject_reason: str
    lines: tuple[ReturnLine, ...]
    items_refund: Money
    tax_refund: Money
    create_time: datetime
    update_time: datetime
    version: int

    @property
    def name(self) -> str:
        return f"orders/{self.order_id}/returns/{self.id}"

    @property
    def order(self) -> str:
        return f"orders/{self.order_id}"

    @property
    def refund_total(self) -> Money:
        return self.items_refund + self.tax_refund

    @property
    def etag(self) -> str:
        return etag(self.id, self.version)


def share(amount: Money, part: int, whole: int) -> Money:
    """``amount``'s share for ``part`` of ``whole`` minor units, rounded down: the shares of parts that add up to
    the whole add up to ``amount`` exactly when each is taken as the difference of two cumulative shares."""
    return Money(amount.currency, amount.minor_units * part // whole if whole else 0)


def ordered_units(order: Order) -> dict[str, int]:
    units: dict[str, int] = {}
    for line in order.lines:
        units[line.product_id] = units.get(line.product_id, 0) + line.quantity
    return units


def returnable(order: Order, returns: list[Return]) -> dict[str, int]:
    """Units of each product not in a return that is open or done (a rejected return frees its units)."""
    left = ordered_units(order)
    for earlier in returns:
        if earlier.state != REJECTED:
            for line in earlier.lines:
                left[line.product_id] -= line.quantity
    return left


def every_unit_back(order: Order, refunded: list[Return]) -> bool:
    back: dict[str, int] = {}
    for done in refunded:
        for line in done.lines:
            back[line.product_id] = back.get(line.product_id, 0) + line.quantity
    return back == ordered_units(order)


def price_return(order: Order, wanted: dict[str, int], refunded_before: list[Return]) -> tuple[list[ReturnLine], Money]:
    """The lines of a return of ``wanted`` units, and their share of the order's tax.

    A line is worth its units at the order's unit price less their share of the line's discount; the tax share is
    on those net amounts. Each share is the difference between the cumulative share once this return is refunded
    and before it (``refunded_before``), so over returns of every unit the discounts and the tax come back to
    the minor unit, whatever the rounding, in whatever order the units come back.
    """
    ordered = {line.product_id: line for line in order.lines}
    units = ordered_units(order)
    back: dict[str, int] = {}
    for done in refunded_before:
        for line in done.lines:
            back[line.product_id] = back.get(line.product_id, 0) + line.quantity
    lines = []
    for product_id, quantity in wanted.items():
        line = ordered[product_id]
        before = back.get(product_id, 0)
        discount = line.discount
        off = (
            share(discount, before + quantity, units[product_id]).minor_units
            - share(discount, before, units[product_id]).minor_units
        )
        lines.append(
            ReturnLine(
                product_id,
                line.display_name,
                quantity,
                Money(discount.currency, line.unit_price.minor_units * quantity - off),
            )
        )
    paid_before = sum(r.items_refund.minor_units for r in refunded_before)
    paid_now = paid_before + sum(line.amount.minor_units for line in lines)
    whole = order.totals.taxable.minor_units
    tax = order.totals.tax
    return lines, Money(
        tax.currency, share(tax, paid_now, whole).minor_units - share(tax, paid_before, whole).minor_units
    )


def check_returnable(order: Order, now: datetime, window: timedelta) -> None:
    """Only a delivered order, within the window from its delivery (orders older than the delivery time's column:
    from their last change)."""
    if order.state not in RETURNABLE_ORDER_STATES:
        raise FailedPrecondition(
            [
                PreconditionViolation(
                    "STATE", order.name, f"the order is {order.state}; only a delivered order can be returned"
                )
            ],
            reason="ORDER_STATE",
        )
    delivered = order.deliver_time or order.update_time
    if now > delivered + window:
        raise FailedPrecondition(
            [
                PreconditionViolation(
                    "RETURN_WINDOW",
                    order.name,
                    f"returns are accepted for {window.days} days after delivery ({delivered.date().isoformat()})",
                )
            ],
            reason="RETURN_WINDOW_CLOSED",
        )


def check_return_lines(order: Order, requested: list[tuple[str, int]], left: dict[str, int]) -> dict[str, int]:
    """The wanted units by product, or why not: a product twice or not in the order is INVALID_ARGUMENT,
    more units than are left to return is FAILED_PRECONDITION."""
    wanted: dict[str, int] = {}
    for index, (product_id, quantity) in enumerate(requested):
        if product_id not in left:
            raise InvalidArgument.field(f"lines[{index}].product", "is not a product of this order")
        if product_id in wanted:
            raise InvalidArgument.field(f"lines[{index}].product", "is named twice; give each product once")
        wanted[product_id] = quantity
    short = [p for p, q in wanted.items() if q > left[p]]
    if short:
        raise FailedPrecondition(
            [
                PreconditionViolation(
                    "RETURN",
                    f"products/{p}",
                    f"{wanted[p]} asked, {max(left[p], 0)} of the {ordered_units(order)[p]} ordered can still be"
                    " returned",
                )
                for p in short
            ],
            reason="RETURN_QUANTITY",
        )
    return wanted
