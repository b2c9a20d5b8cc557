"""What each notification says: one template per type, plain text, from the event's facts. Pure functions."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from services.runtime.money import Money, money_text

WELCOME = "WELCOME"
ORDER_CONFIRMED = "ORDER_CONFIRMED"
PAYMENT_FAILED = "PAYMENT_FAILED"
ORDER_SHIPPED = "ORDER_SHIPPED"
ORDER_DELIVERED = "ORDER_DELIVERED"
ORDER_CANCELLED = "ORDER_CANCELLED"
STOCK_LOW = "STOCK_LOW"
EMAIL_VERIFICATION = "EMAIL_VERIFICATION"
PASSWORD_RESET = "PASSWORD_RESET"
WISHLIST_PRICE_DROP = "WISHLIST_PRICE_DROP"
WISHLIST_BACK_IN_STOCK = "WISHLIST_BACK_IN_STOCK"
RETURN_UPDATE = "RETURN_UPDATE"
TYPES = (
    WELCOME,
    ORDER_CONFIRMED,
    PAYMENT_FAILED,
    ORDER_SHIPPED,
    ORDER_DELIVERED,
    ORDER_CANCELLED,
    STOCK_LOW,
    EMAIL_VERIFICATION,
    PASSWORD_RESET,
    WISHLIST_PRICE_DROP,
    WISHLIST_BACK_IN_STOCK,
    RETURN_UPDATE,
)
# A wishlist holds at most this many products.
WISHLIST_LIMIT = 100
# Account security mail: sent whatever the preferences say, and never opted out of.
ALWAYS_SENT = frozenset({EMAIL_VERIFICATION, PASSWORD_RESET})

PENDING = "PENDING"
SENT = "SENT"
SUPPRESSED = "SUPPRESSED"


@dataclass(frozen=True)
class Mail:
    subject: str
    body: str


def _signature(body: str) -> str:
    return f"{body}\n\n-- \nShopMesh. Change what we mail you in your notification preferences.\n"


_LINK_LIKE = re.compile(r"://|www\.|@|\b[\w-]+\.(?:[a-z]{2,}|xn--[\w-]+)\b", re.IGNORECASE)
_GREETING_MAX = 40


def greeting_name(name: str) -> str:
    """A display name as mail may greet someone with: anyone can register any name, including under a
    victim's address, so anything that reads as a link or an address (``evil.example``, ``http://``, ``@``) is
    not repeated ("Hello there" instead), invisible and control characters are dropped, and it is cut short."""
    visible = "".join(ch for ch in name if ch.isspace() or unicodedata.category(ch)[0] != "C")
    cleaned = " ".join(visible.split())
    if not cleaned or _LINK_LIKE.search(cleaned):
        return "there"
    return cleaned if len(cleaned) <= _GREETING_MAX else cleaned[: _GREETING_MAX - 1].rstrip() + "…"


def welcome(name: str) -> Mail:
    name = greeting_name(name)
    return Mail(
        "Welcome to ShopMesh",
        _signature(f"Hello {name},\n\nyour ShopMesh account is ready. Happy shopping!"),
    )


def email_verification(name: str, code: str, expire_time: datetime, public_url: str) -> Mail:
    name = greeting_name(name)
    return Mail(
        "Confirm your email address",
        f"Hello {name},\n\nplease confirm that this address is yours. Your code:\n\n    {code}\n\n"
        f'Enter it in the shop, or send it to {public_url}/v1/users:verifyEmail as {{"token": "<code>"}}.\n'
        f"It works once, until {expire_time:%Y-%m-%d %H:%M} UTC. Until then you can browse but not buy or review.\n\n"
        "If you did not create a ShopMesh account, ignore this mail: nothing happens without the code.\n",
    )


def password_reset(name: str, code: str, expire_time: datetime, public_url: str) -> Mail:
    name = greeting_name(name)
    return Mail(
        "Reset your ShopMesh password",
        f"Hello {name},\n\nsomeone (we hope you) asked to reset your password. Your code:\n\n    {code}\n\n"
        f"Send it with your new password to {public_url}/v1/users:resetPassword as "
        f'{{"token": "<code>", "new_password": "..."}}. It works once, until '
        f"{expire_time:%Y-%m-%d %H:%M} UTC, and signs you out everywhere.\n\n"
        "If you did not ask, ignore this mail: your password stays as it is.\n",
    )


@dataclass(frozen=True)
class OrderFacts:
    order: str  # how mails name it: its number ("10042"); orders/{id} for an order placed before numbers
    lines: list[tuple[str, int, Money]]  # display name, quantity, line total
    items_total: Money
    tax: Money
    shipping: Money
    total: Money
    carrier: str = ""
    tracking_number: str = ""
    cancel_reason: str = ""
    discount: Money | None = None
    coupon_code: str = ""


def _summary(order: OrderFacts) -> str:
    lines = [f"  {quantity} x {name}: {money_text(total)}" for name, quantity, total in order.lines]
    if order.discount is not None and order.discount.minor_units:
        coupon = f" (coupon {order.coupon_code})" if order.coupon_code else ""
        lines.append(f"  Discount{coupon}: -{money_text(order.discount)}")
    return "\n".join(
        [
            *lines,
            f"  Items: {money_text(order.items_total)}",
            f"  Tax: {money_text(order.tax)}",
            f"  Shipping: {money_text(order.shipping)}",
            f"  Total: {money_text(order.total)}",
        ]
    )


def order_confirmed(name: str, order: OrderFacts) -> Mail:
    name = greeting_name(name)
    return Mail(
        f"Your order {order.order} is confirmed",
        _signature(f"Hello {name},\n\nthank you for your order {order.order}.\n\n{_summary(order)}"),
    )


def order_shipped(name: str, order: OrderFacts) -> Mail:
    name = greeting_name(name)
    return Mail(
        f"Your order {order.order} is on its way",
        _signature(
            f"Hello {name},\n\nyour order {order.order} left with {order.carrier}; "
            f"tracking number {order.tracking_number}."
        ),
    )


def order_delivered(name: str, order: OrderFacts) -> Mail:
    name = greeting_name(name)
    return Mail(
        f"Your order {order.order} was delivered",
        _signature(f"Hello {name},\n\nyour order {order.order} was delivered. You can now review what you bought."),
    )


def order_cancelled(name: str, order: OrderFacts) -> Mail:
    name = greeting_name(name)
    reason = f" ({order.cancel_reason})" if order.cancel_reason else ""
    return Mail(
        f"Your order {order.order} was cancelled",
        _signature(
            f"Hello {name},\n\nyour order {order.order} was cancelled{reason}. "
            "Nothing was charged, or the charge was refunded."
        ),
    )


def payment_failed(name: str, order: str, amount: Money, reason: str) -> Mail:
    """``order``: its number (orders/{id} for one from before numbers)."""
    name = greeting_name(name)
    return Mail(
        f"Your payment for order {order} was declined",
        _signature(
            f"Hello {name},\n\nyour card was declined for {money_text(amount)} ({reason or 'no reason given'}). "
            "Nothing was charged; please try another card."
        ),
    )


def stock_low(sku: str, available: int, threshold: int) -> Mail:
    return Mail(
        f"Stock low: {sku}",
        f"SKU {sku} has {available} units available, at or below its threshold of {threshold}.\n",
    )


def price_dropped(watched: Money, now: Money) -> bool:
    """Whether a wishlisted product's new price is news: lower than the price its watcher was last told about
    (the price when they saved it, then each drop mailed). A rise is not mailed and does not move the mark, so
    going up and back down to where it was says nothing twice. Prices in another currency are not compared."""
    return now.currency == watched.currency and now.minor_units < watched.minor_units


def wishlist_price_drop(name: str, product: str, was: Money, now: Money, url: str) -> Mail:
    name = greeting_name(name)
    return Mail(
        f"Price drop: {product}",
        _signature(
            f"Hello {name},\n\n{product}, on your wishlist, now costs {money_text(now)} "
            f"(it was {money_text(was)}).\n\n{url}"
        ),
    )


def wishlist_back_in_stock(name: str, product: str, url: str) -> Mail:
    name = greeting_name(name)
    return Mail(
        f"Back in stock: {product}",
        _signature(f"Hello {name},\n\n{product}, on your wishlist, can be bought again.\n\n{url}"),
    )


@dataclass(frozen=True)
class ReturnFacts:
    order: str  # its number ("10042"); orders/{id} for an order from before numbers
    lines: list[tuple[str, int]]  # display name, quantity
    refund_total: Money
    reject_reason: str = ""


def _returned(facts: ReturnFacts) -> str:
    return "\n".join(f"  {quantity} x {name}" for name, quantity in facts.lines)


def return_requested(name: str, facts: ReturnFacts) -> Mail:
    return Mail(
        f"We received your return request for order {facts.order}",
        _signature(
            f"Hello {greeting_name(name)},\n\nyou asked to return from order {facts.order}:\n{_returned(facts)}\n\n"
            f"We will tell you when it is approved. Once the items are back you get {money_text(facts.refund_total)}"
            " (their price and tax)."
        ),
    )


def return_approved(name: str, facts: ReturnFacts) -> Mail:
    return Mail(
        f"Your return for order {facts.order} is approved",
        _signature(
            f"Hello {greeting_name(name)},\n\nyour return is approved. Please send these items back:\n"
            f"{_returned(facts)}\n\nWe refund {money_text(facts.refund_total)} when they arrive."
        ),
    )


def return_rejected(name: str, facts: ReturnFacts) -> Mail:
    return Mail(
        f"Your return for order {facts.order} was not accepted",
        _signature(
            f"Hello {greeting_name(name)},\n\nwe cannot accept your return of:\n{_returned(facts)}\n\n"
            f"Reason: {facts.reject_reason}"
        ),
    )


def return_refunded(name: str, facts: ReturnFacts) -> Mail:
    return Mail(
        f"Your refund of {money_text(facts.refund_total)} for order {facts.order}",
        _signature(
            f"Hello {greeting_name(name)},\n\nyour returned items arrived:\n{_returned(facts)}\n\n"
            f"We refunded {money_text(facts.refund_total)} to the card you paid with."
        ),
    )
