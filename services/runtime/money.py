"""Exact money: ``google.type.Money`` on the wire, integer minor units in the domain and the database.

Amounts are whole minor units of the currency (cents for USD). A price with a fraction of a minor unit,
a negative price or a currency we do not sell in is an InvalidArgument.
"""

from __future__ import annotations

from dataclasses import dataclass

from google.type import money_pb2

from services.runtime.errors import InvalidArgument

# ISO 4217 code -> digits after the decimal point.
CURRENCY_EXPONENTS: dict[str, int] = {"USD": 2, "EUR": 2, "GBP": 2, "CHF": 2, "CAD": 2, "JPY": 0}
MAX_MINOR_UNITS = 10**13


@dataclass(frozen=True, order=True)
class Money:
    currency: str
    minor_units: int

    def __add__(self, other: Money) -> Money:
        if other.currency != self.currency:
            raise ValueError(f"cannot add {other.currency} to {self.currency}")
        return Money(self.currency, self.minor_units + other.minor_units)

    def __mul__(self, quantity: int) -> Money:
        return Money(self.currency, self.minor_units * quantity)


def from_proto(money: money_pb2.Money, *, field: str) -> Money:
    currency = money.currency_code
    exponent = CURRENCY_EXPONENTS.get(currency)
    if exponent is None:
        raise InvalidArgument.field(
            f"{field}.currency_code", f"unsupported currency {currency!r}", reason="UNSUPPORTED_CURRENCY"
        )
    if money.units < 0 or money.nanos < 0:
        raise InvalidArgument.field(field, "must not be negative")
    if money.nanos >= 10**9:
        raise InvalidArgument.field(f"{field}.nanos", "must be below 1,000,000,000")
    nanos_per_minor = 10 ** (9 - exponent)
    if money.nanos % nanos_per_minor:
        raise InvalidArgument.field(f"{field}.nanos", f"{currency} has {exponent} decimal places")
    minor = money.units * 10**exponent + money.nanos // nanos_per_minor
    if minor > MAX_MINOR_UNITS:
        raise InvalidArgument.field(field, "amount too large")
    return Money(currency, minor)


def to_proto(money: Money) -> money_pb2.Money:
    exponent = CURRENCY_EXPONENTS[money.currency]
    units, minor = divmod(money.minor_units, 10**exponent)
    return money_pb2.Money(currency_code=money.currency, units=units, nanos=minor * 10 ** (9 - exponent))


def money_text(amount: Money) -> str:
    """``12.50 EUR``, ``1500 JPY``: an amount as mail and error messages write it."""
    digits = CURRENCY_EXPONENTS.get(amount.currency, 2)
    sign = "-" if amount.minor_units < 0 else ""
    whole, fraction = divmod(abs(amount.minor_units), 10**digits)
    return f"{sign}{whole}.{fraction:0{digits}d} {amount.currency}" if digits else f"{sign}{whole} {amount.currency}"
