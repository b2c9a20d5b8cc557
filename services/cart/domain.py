"""Cart's domain: carts, their items and limits, in plain Python."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from services.runtime.errors import FailedPrecondition, PreconditionViolation
from services.runtime.money import Money

MAX_QUANTITY = 99
MAX_LINES = 50
ANONYMOUS_PREFIX = "anonymous-"


@dataclass(frozen=True)
class Item:
    product_id: str
    sku: str
    display_name: str
    quantity: int
    unit_price: Money
    seq: int

    @property
    def product(self) -> str:
        return f"products/{self.product_id}"


@dataclass(frozen=True)
class Cart:
    owner: str
    items: tuple[Item, ...]
    update_time: datetime | None
    coupon_code: str = ""
    currency_code: str = ""  # "": the shop's base currency

    @property
    def name(self) -> str:
        return f"carts/{self.owner}"

    @property
    def anonymous(self) -> bool:
        return self.owner.startswith(ANONYMOUS_PREFIX)

    @property
    def total_quantity(self) -> int:
        return sum(item.quantity for item in self.items)

    def subtotal(self, currency: str = "USD") -> Money:
        total = Money(self.items[0].unit_price.currency if self.items else currency, 0)
        for item in self.items:
            total = total + item.unit_price * item.quantity
        return total


@dataclass(frozen=True)
class Discount:
    promotion: str
    display_name: str
    coupon_code: str
    amount: Money


@dataclass(frozen=True)
class Pricing:
    """What promotions take off a cart now: per product, per promotion, and why its coupon does not apply."""

    line_discounts: dict[str, Money] = field(default_factory=dict)
    discounts: tuple[Discount, ...] = ()
    coupon_problem: str = ""

    def discount(self, currency: str) -> Money:
        total = Money(currency, 0)
        for amount in self.line_discounts.values():
            total = total + amount
        return total


def check_quantity(product: str, quantity: int) -> None:
    if quantity > MAX_QUANTITY:
        raise FailedPrecondition(
            [PreconditionViolation("QUANTITY", product, f"at most {MAX_QUANTITY} of one product per cart")],
            reason="QUANTITY_LIMIT",
        )


def check_lines(items: Sequence[Item], adding: str) -> None:
    if len(items) >= MAX_LINES and all(item.product_id != adding for item in items):
        raise FailedPrecondition(
            [PreconditionViolation("LINES", f"products/{adding}", f"at most {MAX_LINES} different products per cart")],
            reason="CART_FULL",
        )
