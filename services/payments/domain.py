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

# Why a card is declined; each is shop.payments.v1.DeclineReason's value DECLINE_REASON_<reason>, which is what
# other services read. A provider's code outside the set is recorded as the generic CARD_DECLINED.
CARD_DECLINED = "CARD_DECLINED"
INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS"
EXPIRED_CARD = "EXPIRED_CARD"
DECLINE_REASONS = (CARD_DECLINED, INSUFFICIENT_FUNDS, EXPIRED_CARD)


def decline_reason(provider_code: str) -> str:
    """One of DECLINE_REASONS for a provider's decline code."""
    return provider_code if provider_code in DECLINE_REASONS else CARD_DECLINED


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
