"""Orders' domain: orders, their lines and totals, and the lifecycle, in plain Python."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.runtime.errors import FailedPrecondition, PreconditionViolation
from services.runtime.money import Money
from services.runtime.resource_versions import etag

PENDING = "pending"
CONFIRMED = "confirmed"
SHIPPED = "shipped"
DELIVERED = "delivered"
CANCELLED = "cancelled"
REFUNDED = "refunded"

# Sales tax in basis points by destination country (EU VAT standard rates for a few); others pay none.
TAX_BPS = {"US": 825, "DE": 1900, "FR": 2000, "NL": 2100, "GB": 2000, "IE": 2300, "ES": 2100, "IT": 2200}

# Cancel reasons that came from the shopper's input: a retry of the checkout reports them again.
OUT_OF_STOCK = "OUT_OF_STOCK"
PAYMENT_DECLINED = "PAYMENT_DECLINED"
PAYMENT_UNAVAILABLE = "PAYMENT_UNAVAILABLE"
CHECKOUT_INTERRUPTED = "CHECKOUT_INTERRUPTED"
CUSTOMER_CANCELLED = "CUSTOMER_CANCELLED"


@dataclass(frozen=True)
class Line:
    product_id: str
    sku: str
    display_name: str
    quantity: int
    unit_price: Money
    cart_unit_price: Money | None

    @property
    def total(self) -> Money:
        return self.unit_price * self.quantity


@dataclass(frozen=True)
class Totals:
    items: Money
    tax: Money
    shipping: Money

    @property
    def total(self) -> Money:
        return self.items + self.tax + self.shipping


def totals(lines: list[Line], country_code: str, shipping: Money) -> Totals:
    """Exact totals in minor units; tax rounds half up, per order."""
    items = Money(lines[0].unit_price.currency, 0)
    for line in lines:
        items = items + line.total
    bps = TAX_BPS.get(country_code, 0)
    tax = Money(items.currency, (items.minor_units * bps + 5000) // 10000)
    return Totals(items=items, tax=tax, shipping=shipping)


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

    @property
    def name(self) -> str:
        return f"orders/{self.id}"

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
    REFUNDED: {SHIPPED, DELIVERED},
}


def check_transition(order: Order, to: str) -> None:
    if order.state not in TRANSITIONS[to]:
        raise FailedPrecondition(
            [PreconditionViolation("STATE", order.name, f"the order is {order.state}; it cannot become {to}")],
            reason="ORDER_STATE",
        )
