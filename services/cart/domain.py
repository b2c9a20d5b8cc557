"""Cart's domain: carts, their items and limits, in plain Python."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from services.runtime import order_limits
from services.runtime.errors import FailedPrecondition, InvalidArgument, PreconditionViolation
from services.runtime.money import Money

MAX_QUANTITY = order_limits.UNITS_PER_LINE
MAX_LINES = order_limits.LINES_PER_ORDER
MAX_UNITS = order_limits.UNITS_PER_ORDER
ANONYMOUS_PREFIX = "anonymous-"
# An anonymous cart is ``anonymous-<uuid>``, a random UUID in its canonical lower-case form (the contract's word).
_ANONYMOUS_ID = re.compile(r"anonymous-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass(frozen=True)
class Item:
    product_id: str
    sku: str
    display_name: str
    quantity: int
    unit_price: Money
    seq: int
    # The variant bought; "" on a line added before products had variants (its product's first variant).
    variant_id: str = ""
    option_values: tuple[tuple[str, str], ...] = ()

    @property
    def product(self) -> str:
        return f"products/{self.product_id}"

    @property
    def variant(self) -> str:
        return f"{self.product}/variants/{self.variant_id}" if self.variant_id else ""

    @property
    def key(self) -> str:
        """What tells the cart's lines apart: the variant (the product, on a line from before variants)."""
        return self.variant_id or self.product_id


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


def check_lines(items: Sequence[Item], adding: Item) -> None:
    if len(items) >= MAX_LINES and all(item.key != adding.key for item in items):
        raise FailedPrecondition(
            [PreconditionViolation("LINES", adding.product, f"at most {MAX_LINES} different items per cart")],
            reason="CART_FULL",
        )


def line_of(items: Sequence[Item], product_id: str, variant_id: str) -> Item | None:
    """The line a request names: its variant's; without a variant, the product's one line (several: say which)."""
    if variant_id:
        return next((i for i in items if i.variant_id == variant_id and i.product_id == product_id), None)
    lines = [i for i in items if i.product_id == product_id]
    if len(lines) > 1:
        raise InvalidArgument.field(
            "variant",
            f"the cart has {len(lines)} variants of products/{product_id}: name one",
            reason="VARIANT_REQUIRED",
        )
    return lines[0] if lines else None


def check_units(items: Sequence[Item]) -> None:
    """A cart holds what one order may: checkout would refuse more."""
    units = sum(item.quantity for item in items)
    if units > MAX_UNITS:
        raise FailedPrecondition(
            [PreconditionViolation("UNITS", "carts", f"at most {MAX_UNITS} units per cart ({units} asked for)")],
            reason="CART_UNITS_LIMIT",
        )


def within_limits(items: Sequence[Item]) -> list[Item]:
    """``items`` (in cart order) cut to what a cart may hold: the first lines, and units up to the cart's limit
    (what a merge of two carts keeps)."""
    kept: list[Item] = []
    room = MAX_UNITS
    for item in items[:MAX_LINES]:
        if room <= 0:
            break
        quantity = min(item.quantity, MAX_QUANTITY, room)
        kept.append(item if quantity == item.quantity else replace(item, quantity=quantity))
        room -= quantity
    return kept


def check_anonymous_id(cart_id: str, field: str) -> None:
    if not _ANONYMOUS_ID.fullmatch(cart_id):
        raise InvalidArgument.field(
            field, "an anonymous cart is carts/anonymous-<uuid>, a random UUID in lower case", reason="INVALID_CART"
        )
