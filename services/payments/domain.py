"""Payments' domain: payments, their states, and what may be known of a card."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.runtime.errors import InvalidArgument
from services.runtime.money import Money

AUTHORIZED = "authorized"
CAPTURED = "captured"
VOIDED = "voided"
REFUNDED = "refunded"
DECLINED = "declined"
PARTIALLY_REFUNDED = "partially_refunded"


@dataclass(frozen=True)
class CardDetails:
    """A card as typed. Lives only for the authorization call; never stored, logged or published."""

    number: str
    exp_month: int
    exp_year: int
    cvc: str

    @property
    def last4(self) -> str:
        return self.number[-4:]

    def __repr__(self) -> str:  # keep the number out of any traceback or debug print
        return f"CardDetails(number='****{self.last4}', exp={self.exp_month:02d}/{self.exp_year})"

    def expired(self, now: datetime) -> bool:
        return (self.exp_year, self.exp_month) < (now.year, now.month)


def check_card(card: CardDetails) -> None:
    """The Luhn checksum catches typos before the provider sees the number."""
    digits = [int(d) for d in reversed(card.number)]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits))
    if total % 10:
        raise InvalidArgument.field("card.number", "is not a valid card number", reason="INVALID_CARD_NUMBER")


@dataclass(frozen=True)
class Payment:
    order_id: str
    amount: Money
    state: str
    card_last4: str
    provider_token: str
    decline_reason: str
    create_time: datetime
    update_time: datetime
    refunded_minor: int = 0

    @property
    def name(self) -> str:
        return f"payments/{self.order_id}"

    @property
    def refunded(self) -> Money:
        return Money(self.amount.currency, self.refunded_minor)

    @property
    def refundable(self) -> Money:
        """What may still be given back."""
        return Money(self.amount.currency, self.amount.minor_units - self.refunded_minor)

    @property
    def order(self) -> str:
        return f"orders/{self.order_id}"
