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
class Package:
    """What one unit weighs and measures as shipped (its variant's at checkout); 0: not known."""

    weight_grams: int = 0
    length_mm: int = 0
    width_mm: int = 0
    height_mm: int = 0


@dataclass(frozen=True)
class Line:
    product_id: str
    sku: str
    display_name: str
    quantity: int
    unit_price: Money
    cart_unit_price: Money | None
    discount_minor: int = 0  # what promotions took off this line
    variant_id: str = ""  # "" on lines from before variants (their product's SKU was its one variant's)
    option_values: tuple[tuple[str, str], ...] = ()
    package: Package = Package()

    @property
    def key(self) -> str:
        """What tells an order's lines apart: the variant (the product, on a line from before variants)."""
        return self.variant_id or self.product_id

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
    # The short number shops and shoppers use (10042); 0 until the order is placed.
    number: int = 0

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
    variant_id: str = ""  # "" on a line of an order from before variants

    @property
    def key(self) -> str:
        """The order line it returns (see Line.key)."""
        return self.variant_id or self.product_id


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
    """Units ordered by line key (Line.key)."""
    units: dict[str, int] = {}
    for line in order.lines:
        units[line.key] = units.get(line.key, 0) + line.quantity
    return units


def returnable(order: Order, returns: list[Return]) -> dict[str, int]:
    """Units of each product not in a return that is open or done (a rejected return frees its units)."""
    left = ordered_units(order)
    for earlier in returns:
        if earlier.state != REJECTED:
            for line in earlier.lines:
                left[line.key] -= line.quantity
    return left


def every_unit_back(order: Order, refunded: list[Return]) -> bool:
    back: dict[str, int] = {}
    for done in refunded:
        for line in done.lines:
            back[line.key] = back.get(line.key, 0) + line.quantity
    return back == ordered_units(order)


def price_return(order: Order, wanted: dict[str, int], refunded_before: list[Return]) -> tuple[list[ReturnLine], Money]:
    """The lines of a return of ``wanted`` units, and their share of the order's tax.

    A line is worth its units at the order's unit price less their share of the line's discount; the tax share is
    on those net amounts. Each share is the difference between the cumulative share once this return is refunded
    and before it (``refunded_before``), so over returns of every unit the discounts and the tax come back to
    the minor unit, whatever the rounding, in whatever order the units come back.
    """
    ordered = {line.key: line for line in order.lines}
    units = ordered_units(order)
    back: dict[str, int] = {}
    for done in refunded_before:
        for line in done.lines:
            back[line.key] = back.get(line.key, 0) + line.quantity
    lines = []
    for key, quantity in wanted.items():
        line = ordered[key]
        before = back.get(key, 0)
        discount = line.discount
        off = (
            share(discount, before + quantity, units[key]).minor_units - share(discount, before, units[key]).minor_units
        )
        lines.append(
            ReturnLine(
                line.product_id,
                line.display_name,
                quantity,
                Money(discount.currency, line.unit_price.minor_units * quantity - off),
                line.variant_id,
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


def _returned_line(order: Order, index: int, product_id: str, variant_id: str) -> Line:
    """The order line a return line names: its variant's; without a variant, the product's one line."""
    lines = [line for line in order.lines if line.product_id == product_id and variant_id in ("", line.variant_id)]
    if not lines:
        field = f"lines[{index}].variant" if variant_id else f"lines[{index}].product"
        raise InvalidArgument.field(field, "is not a line of this order")
    if len(lines) > 1:
        raise InvalidArgument.field(
            f"lines[{index}].variant",
            f"the order has {len(lines)} variants of products/{product_id}: name one",
            reason="VARIANT_REQUIRED",
        )
    return lines[0]


def check_return_lines(order: Order, requested: list[tuple[str, str, int]], left: dict[str, int]) -> dict[str, int]:
    """The wanted units by order line (Line.key), or why not: a line twice or not in the order is
    INVALID_ARGUMENT, more units than are left to return is FAILED_PRECONDITION."""
    wanted: dict[str, int] = {}
    subjects: dict[str, str] = {}
    for index, (product_id, variant_id, quantity) in enumerate(requested):
        line = _returned_line(order, index, product_id, variant_id)
        if line.key in wanted:
            raise InvalidArgument.field(f"lines[{index}].product", "is named twice; give each line once")
        wanted[line.key] = quantity
        subjects[line.key] = f"products/{line.product_id}" + (f"/variants/{line.variant_id}" if line.variant_id else "")
    short = [key for key, q in wanted.items() if q > left[key]]
    if short:
        raise FailedPrecondition(
            [
                PreconditionViolation(
                    "RETURN",
                    subjects[key],
                    f"{wanted[key]} asked, {max(left[key], 0)} of the {ordered_units(order)[key]} ordered can still"
                    " be returned",
                )
                for key in short
            ],
            reason="RETURN_QUANTITY",
        )
    return wanted
