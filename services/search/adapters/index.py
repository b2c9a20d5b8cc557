"""Search's queries: keeping the read model current, and searching it (SQLAlchemy Core)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    and_,
    case,
    cast,
    delete,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
)
from sqlalchemy.dialects.postgresql import insert

from services.runtime.exchange_rates import Rates
from services.runtime.money import CURRENCY_EXPONENTS
from services.search.adapters.tables import products, stock
from services.search.domain import PRICE_BAND_EDGES, IndexedProduct, SearchQuery

_ENGLISH = literal_column("'english'::regconfig")
_AVAILABLE = func.coalesce(stock.c.available, 0)
_SOURCE = products.outerjoin(stock, stock.c.sku == products.c.sku)


@dataclass(frozen=True)
class Facets:
    categories: list[tuple[str, int]]
    # (currency, band index, count)
    price_bands: list[tuple[str, int, int]]
    in_stock: int


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_SET_AVAILABLE = """
    INSERT INTO stock (sku, available) VALUES ($1, $2) ON CONFLICT (sku) DO UPDATE SET available = EXCLUDED.available
"""


def _price_in(currency: str, rates: Rates) -> ColumnElement[Any]:
    """Each product's price in whole units of ``currency``, converted at ``rates`` and rounded half up to its minor
    unit as the catalog converts; NULL for a product in a currency the shop does not sell in."""
    whens = []
    for rate in rates.sold:
        factor = rates.factor(rate.currency, currency)
        whens.append((products.c.currency == rate.currency, literal(Decimal(factor.numerator) / factor.denominator)))
    return func.round(products.c.price * case(*whens, else_=None), CURRENCY_EXPONENTS[currency])


class SearchIndex:
    def __init__(self, session: Any, rates: Rates | None = None) -> None:
        """``rates``: needed for a query with a currency (prices converted into it)."""
        self._s = session
        self._rates = rates

    def _price(self, query: SearchQuery) -> ColumnElement[Any]:
        """What price filters and bands compare: the product's own, or converted into the query's currency."""
        if not query.currency:
            return products.c.price
        assert self._rates is not None
        return _price_in(query.currency, self._rates)

    # --- the read model -------------------------------------------------------------------------------

    async def put(self, product: IndexedProduct) -> None:
        """Inserts or replaces a product, unless what is stored is newer (a replay, a rebuild racing events)."""
        values = {
            "name": product.name,
            "sku": product.sku,
            "display_name": product.display_name,
            "description": product.description,
            "category": product.category,
            "currency": product.price.currency,
            "price_minor": product.price.minor_units,
            "price": product.price_units,
            "active": product.active,
            "update_time": product.update_time,
        }
        statement = insert(products).values(**values)
        await self._s.execute(
            statement.on_conflict_do_update(
                index_elements=[products.c.name],
                set_={k: statement.excluded[k] for k in values if k != "name"},
                where=products.c.update_time <= statement.excluded.update_time,
            )
        )

    async def remove(self, name: str) -> None:
        await self._s.execute(delete(products).where(products.c.name == name))

    async def remove_all_but(self, names: set[str]) -> int:
        rows = (await self._s.execute(select(products.c.name))).scalars().all()
        gone = [name for name in rows if name not in names]
        if gone:
            await self._s.execute(delete(products).where(products.c.name.in_(gone)))
        return len(gone)

    async def set_available(self, sku: str, available: int) -> None:
        """Plain SQL: every reservation, release and adjustment announces its SKU's availability."""
        await (await self._s.driver()).execute(_SET_AVAILABLE, sku, available)

    # --- searching ------------------------------------------------------------------------------------

    def _conditions(self, query: SearchQuery) -> Mapping[str, ColumnElement[bool]]:
        conditions: dict[str, ColumnElement[bool]] = {"active": products.c.active.is_(true())}
        if query.currency:  # a product that cannot be priced in it is not offered in it
            conditions["currency"] = self._price(query).is_not(None)
        if query.text:
            conditions["text"] = or_(
                products.c.search_vector.op("@@")(func.websearch_to_tsquery(_ENGLISH, query.text)),
                # Typo tolerance: the query is close to some run of words of the name (pg_trgm's <%).
                literal(query.text).op("<%")(products.c.display_name),
            )
        if query.category:
            conditions["category"] = products.c.category == query.category
        prices: list[ColumnElement[bool]] = []
        if query.currency:
            exponent = CURRENCY_EXPONENTS[query.currency]
            converted = self._price(query)
            if query.min_price is not None:
                prices.append(converted >= Decimal(query.min_price.minor_units).scaleb(-exponent))
            if query.max_price is not None:
                prices.append(converted <= Decimal(query.max_price.minor_units).scaleb(-exponent))
        elif query.min_price is not None:
            prices += [
                products.c.currency == query.min_price.currency,
                products.c.price_minor >= query.min_price.minor_units,
            ]
        if query.max_price is not None:
            prices += [
                products.c.currency == query.max_price.currency,
                products.c.price_minor <= query.max_price.minor_units,
            ]
        if prices:
            conditions["price"] = and_(*prices)
        if query.in_stock_only:
            conditions["stock"] = _AVAILABLE > 0
        return conditions

    @staticmethod
    def _where(conditions: Mapping[str, ColumnElement[bool]], *, but: str = "") -> ColumnElement[bool]:
        kept = [condition for name, condition in conditions.items() if name != but]
        return and_(*kept) if kept else true()

    async def search(self, query: SearchQuery, offset: int, limit: int) -> list[Any]:
        conditions = self._conditions(query)
        if query.text:
            relevance = func.ts_rank_cd(
                products.c.search_vector, func.websearch_to_tsquery(_ENGLISH, query.text), 32
            ) + func.word_similarity(query.text, products.c.display_name)
        else:
            relevance = literal(0.0)
        if query.currency:
            minor = self._price(query) * 10 ** CURRENCY_EXPONENTS[query.currency]
            currency, price_minor = literal(query.currency), cast(minor, BigInteger)
        else:
            currency, price_minor = products.c.currency, products.c.price_minor
        statement = (
            select(
                products.c.name,
                products.c.sku,
                products.c.display_name,
                products.c.category,
                currency.label("currency"),
                price_minor.label("price_minor"),
                _AVAILABLE.label("available"),
                relevance.label("relevance"),
            )
            .select_from(_SOURCE)
            .where(self._where(conditions))
            .order_by(relevance.desc(), products.c.display_name, products.c.name)
            .offset(offset)
            .limit(limit)
        )
        return list((await self._s.execute(statement)).all())

    async def count_and_facets(self, query: SearchQuery) -> tuple[int, Facets]:
        conditions = self._conditions(query)
        total = (
            await self._s.execute(select(func.count()).select_from(_SOURCE).where(self._where(conditions)))
        ).scalar_one()
        categories = (
            await self._s.execute(
                select(products.c.category, func.count())
                .select_from(_SOURCE)
                .where(self._where(conditions, but="category"))
                .group_by(products.c.category)
                .order_by(func.count().desc(), products.c.category)
            )
        ).all()
        price = self._price(query)
        band = case(*((price >= edge, i) for i, edge in reversed(list(enumerate(PRICE_BAND_EDGES)))), else_=0)
        currency = literal(query.currency) if query.currency else products.c.currency
        bands = (
            await self._s.execute(
                select(currency.label("currency"), band.label("band"), func.count())
                .select_from(_SOURCE)
                .where(self._where(conditions, but="price"))
                .group_by("currency", "band")
                .order_by("currency", "band")
            )
        ).all()
        in_stock = (
            await self._s.execute(
                select(func.count()).select_from(_SOURCE).where(self._where(conditions, but="stock"), _AVAILABLE > 0)
            )
        ).scalar_one()
        return total, Facets(
            categories=[(c, n) for c, n in categories],
            price_bands=[(currency, int(b), n) for currency, b, n in bands],
            in_stock=in_stock,
        )

    async def complete(self, prefix: str, limit: int) -> list[Any]:
        pattern = _escape_like(prefix)
        starts = products.c.display_name.ilike(f"{pattern}%", escape="\\")
        word_starts = products.c.display_name.ilike(f"% {pattern}%", escape="\\")
        close = literal(prefix).op("<%")(products.c.display_name) if len(prefix) >= 3 else false()
        statement = (
            select(products.c.display_name, products.c.name)
            .where(products.c.active.is_(true()), or_(starts, word_starts, close))
            .order_by(
                starts.desc(),
                word_starts.desc(),
                func.word_similarity(prefix, products.c.display_name).desc(),
                products.c.display_name,
                products.c.name,
            )
            .limit(limit)
        )
        return list((await self._s.execute(statement)).all())
