"""What an amount is worth in another currency at a shop's rates: exact, rounded half up to the minor unit.

A rate says how many units of a currency one unit of the shop's base currency buys (an exact decimal, as an admin
set it in the catalog). The catalog prices carts with these; search shows prices and price facets with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from services.runtime.errors import FailedPrecondition, PreconditionViolation
from services.runtime.money import CURRENCY_EXPONENTS, Money


@dataclass(frozen=True)
class Rate:
    currency: str
    rate: str  # as set: an exact decimal
    update_time: datetime

    @property
    def value(self) -> Fraction:
        return Fraction(Decimal(self.rate))


@dataclass(frozen=True)
class Rates:
    base: str
    sold: tuple[Rate, ...]  # the base first

    def rate(self, currency: str) -> Fraction:
        for rate in self.sold:
            if rate.currency == currency:
                return rate.value
        raise not_sold(currency, self)

    def convert(self, amount: Money, to: str) -> Money:
        """``amount`` in ``to``, rounded half up to its minor unit; the same currency is returned as is."""
        if amount.currency == to:
            return amount
        exact = (
            Fraction(amount.minor_units)
            * Fraction(10) ** (CURRENCY_EXPONENTS[to] - CURRENCY_EXPONENTS[amount.currency])
            * self.rate(to)
            / self.rate(amount.currency)
        )
        return Money(to, int(exact + Fraction(1, 2)))  # floor(x + 1/2): half up, amounts are never negative

    def factor(self, currency: str, to: str) -> Fraction:
        """What one whole unit of ``currency`` is worth in whole units of ``to`` (before rounding)."""
        return self.rate(to) / self.rate(currency)


def not_sold(currency: str, rates: Rates) -> FailedPrecondition:
    sold = ", ".join(rate.currency for rate in rates.sold)
    return FailedPrecondition(
        [PreconditionViolation("CURRENCY", f"currencies/{currency}", f"the shop sells in {sold}, not {currency}")],
        reason="CURRENCY_NOT_SOLD",
    )
