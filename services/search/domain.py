"""What a search asks for, and the read model's view of a product. No I/O here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from services.runtime.errors import FieldViolation, InvalidArgument
from services.runtime.money import CURRENCY_EXPONENTS, Money

# Price bands of the facet, in whole units of the currency: [0, 10), [10, 25), ... [250, ∞).
PRICE_BAND_EDGES = (0, 10, 25, 50, 100, 250)
MAX_OFFSET = 10_000


MAX_FACET_VALUES = 30


def _units(price: Money) -> Decimal:
    return Decimal(price.minor_units).scaleb(-CURRENCY_EXPONENTS[price.currency])


@dataclass(frozen=True)
class IndexedProduct:
    name: str
    sku: str
    display_name: str
    description: str
    category: str
    price: Money  # the cheapest variant's
    active: bool
    update_time: datetime
    max_price: Money | None = None  # the dearest variant's; None: the same
    skus: tuple[str, ...] = ()  # its variants for sale; empty: just `sku`
    options: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # option → values its variants have
    attributes: Mapping[str, str] = field(default_factory=dict)

    @property
    def price_units(self) -> Decimal:
        return _units(self.price)

    @property
    def dearest(self) -> Money:
        return self.max_price or self.price

    @property
    def dearest_units(self) -> Decimal:
        return _units(self.dearest)


@dataclass(frozen=True)
class CategoryFacets:
    """A category's attributes as search knows them: (key, display name, unit, filterable), in order."""

    category: str
    attributes: tuple[tuple[str, str, str, bool], ...]


def facet_filters(filters: Sequence[str]) -> dict[str, tuple[str, ...]]:
    """``["Colour=Black", "Colour=Sand", "Size=M"]`` → ``{"Colour": ("Black", "Sand"), "Size": ("M",)}``."""
    chosen: dict[str, list[str]] = {}
    for item in filters:
        key, _, value = item.partition("=")
        if value not in chosen.setdefault(key, []):
            chosen[key].append(value)
    return {key: tuple(values) for key, values in sorted(chosen.items())}


@dataclass(frozen=True)
class SearchQuery:
    text: str
    category: str
    min_price: Money | None
    max_price: Money | None
    in_stock_only: bool
    currency: str = ""  # prices, filters and facets converted into it; "": each product's own
    facets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # facet key → values (any of them)

    def __post_init__(self) -> None:
        violations = []
        for path, price in (("min_price", self.min_price), ("max_price", self.max_price)):
            if self.currency and price is not None and price.currency != self.currency:
                violations.append(FieldViolation(f"{path}.currency_code", "must be the search's currency_code"))
        if self.min_price and self.max_price:
            if self.min_price.currency != self.max_price.currency:
                violations.append(FieldViolation("max_price.currency_code", "must be the currency of min_price"))
            elif self.max_price.minor_units < self.min_price.minor_units:
                violations.append(FieldViolation("max_price", "must not be below min_price"))
        if violations:
            raise InvalidArgument(violations)

    @property
    def fingerprint(self) -> tuple[object, ...]:
        chosen = tuple((key, values) for key, values in sorted(self.facets.items()))
        return (
            "search",
            self.text,
            self.category,
            self.min_price,
            self.max_price,
            self.in_stock_only,
            self.currency,
            *((chosen,) if chosen else ()),
        )


def band_bounds(band: int) -> tuple[int, int | None]:
    upper = PRICE_BAND_EDGES[band + 1] if band + 1 < len(PRICE_BAND_EDGES) else None
    return PRICE_BAND_EDGES[band], upper


def units_to_money(currency: str, units: int) -> Money:
    return Money(currency, units * 10 ** CURRENCY_EXPONENTS[currency])
