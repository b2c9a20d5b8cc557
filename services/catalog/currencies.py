"""The currencies a shop sells in: a base currency, admin-set rates, and exact conversion of prices.

Products carry one price (in the base currency, or any other the shop knows); a price in another currency is
that price times the ratio of the two rates, rounded half up to the target currency's minor unit (whole yen for
JPY). Conversion rather than a price list per currency: one price to keep per product, every product sold in
every currency at once, and prices that move only when an admin changes a rate (never with a market feed), so
what the cart showed is what checkout charges.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select, update

from services.catalog.adapters.tables import currency_rates
from services.runtime.database import Database
from services.runtime.errors import FailedPrecondition, InvalidArgument, NotFound, PreconditionViolation
from services.runtime.exchange_rates import Rate, Rates
from services.runtime.money import Money

CURRENCY = "catalog.shopmesh.dev/Currency"


def parse_rate(text: str) -> str:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InvalidArgument.field("rate", "must be a decimal number") from None
    if not Decimal("0.000001") <= value <= Decimal(100_000):
        raise InvalidArgument.field("rate", "must be between 0.000001 and 100000")
    return text


class CurrenciesService:
    def __init__(
        self,
        database: Database,
        *,
        base: str,
        sold: list[str],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._db = database
        self._base = base
        self._sold = [base, *[c for c in sold if c != base]]
        self._clock = clock

    @property
    def base(self) -> str:
        return self._base

    def check_sold(self, amount: Money | None, field: str) -> None:
        """An amount a promotion states must be in a currency the shop sells in (else nothing can convert it)."""
        if amount is not None and amount.currency not in self._sold:
            raise InvalidArgument.field(
                f"{field}.currency_code", f"the shop sells in {', '.join(self._sold)}", reason="CURRENCY_NOT_SOLD"
            )

    async def rates(self) -> Rates:
        async with self._db.reading() as session:
            rows = (await session.execute(select(currency_rates))).all()
        known = {row.currency: Rate(row.currency, row.rate, row.update_time) for row in rows}
        base = Rate(self._base, "1", known[self._base].update_time if self._base in known else self._clock())
        return Rates(self._base, (base, *[known[c] for c in self._sold[1:] if c in known]))

    async def set_rate(self, currency: str, rate: str) -> Rate:
        if currency == self._base:
            raise FailedPrecondition(
                [PreconditionViolation("CURRENCY", f"currencies/{currency}", "the base currency's rate is always 1")],
                reason="BASE_CURRENCY",
            )
        if currency not in self._sold:
            raise NotFound(CURRENCY, f"currencies/{currency}")
        text = parse_rate(rate)
        now = self._clock()
        async with self._db.transaction() as session:
            found = await session.execute(
                update(currency_rates)
                .where(currency_rates.c.currency == currency)
                .values(rate=text, update_time=now)
                .returning(currency_rates.c.currency)
            )
            if found.first() is None:
                await session.execute(currency_rates.insert().values(currency=currency, rate=text, update_time=now))
        return Rate(currency, text, now)
