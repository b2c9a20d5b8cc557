"""What a search asks for, and the read model's view of a product. No I/O here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from services.runtime.errors import FieldViolation, InvalidArgument
from services.runtime.money import CURRENCY_EXPONENTS, Money

# Price bands of the facet, in whole units of the currency: [0, 10), [10, 25), ... [250, ∞).
PRICE_BAND_EDGES = (0, 10, 25, 50, 100, 250)
MAX_OFFSET = 10_000


@dataclass(frozen=True)
class IndexedProduct:
    name: str
    sku: str
    display_name: str
    description: str
    category: str
    price: Money
    active: bool
    update_time: datetime

    @property
    def price_units(self) -> Decimal:
        return Decimal(self.price.minor_units).scaleb(-CURRENCY_EXPONENTS[self.price.currency])


@dataclass(frozen=True)
class SearchQuery:
    text: str
    category: str
    min_price: Money | None
    max_price: Money | None
    in_stock_only: bool
    currency: str = ""  # prices, filters and facets converted into it; "": each product's own

    def __post_init__(self) -> None:
        violations = []
        for field, price in (("min_price", self.min_price), ("max_price", self.max_price)):
            if self.currency and price is not None and price.currency != self.currency:
                violations.append(FieldViolation(f"{field}.currency_code", "must be the search's currency_code"))
        if self.min_price and self.max_price:
            if self.min_price.currency != self.max_price.currency:
                violations.append(FieldViolation("max_price.currency_code", "must be the currency of min_price"))
            elif self.max_price.minor_units < self.min_price.minor_units:
                violations.append(FieldViolation("max_price", "must not be below min_price"))
        if violations:
            raise InvalidArgument(violations)

    @property
    def fingerprint(self) -> tuple[object, ...]:
        return ("search", self.text, self.category, self.min_price, self.max_price, self.in_stock_only, self.currency)


def band_bounds(band: int) -> tuple[int, int | None]:
    upper = PRICE_BAND_EDGES[band + 1] if band + 1 < len(PRICE_BAND_EDGES) else None
    return PRICE_BAND_EDGES[band], upper


def units_to_money(currency: str, units: int) -> Money:
    return Money(currency, units * 10 ** CURRENCY_EXPONENTS[currency])
