"""Search's queries: keeping the read model current, and searching it (SQLAlchemy Core)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    and_,
    any_,
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
from services.search.adapters.tables import category_attributes, products, stock
from services.search.domain import MAX_FACET_VALUES, PRICE_BAND_EDGES, CategoryFacets, IndexedProduct, SearchQuery

_ENGLISH = literal_column("'english'::regconfig")
# Units available now over the product's variants for sale.
_AVAILABLE = (
    select(func.coalesce(func.sum(stock.c.available), 0)).where(stock.c.sku == any_(products.c.skus)).scalar_subquery()
)
_SOURCE = products


@dataclass(frozen=True)
class AttributeFacet:
    key: str
    display_name: str
    unit: str
    option: bool
    values: list[tuple[str, int]]


@dataclass(frozen=True)
class Facets:
    categories: list[tuple[str, int]]
    # (currency, band index, count)
    price_bands: list[tuple[str, int, int]]
    in_stock: int
    attributes: list[AttributeFacet] = field(default_factory=list)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


_SET_AVAILABLE = """
    INSERT INTO stock (sku, available) VALUES ($1, $2) ON CONFLICT (sku) DO UPDATE SET available = EXCLUDED.available
"""


def _price_in(currency: str, rates: Rates, column: Any = products.c.price) -> ColumnElement[Any]:
    """Each product's price (``column``) in whole units of ``currency``, converted at ``rates`` and rounded half up
    to its minor unit as the catalog converts; NULL for a product in a currency the shop does not sell in."""
    whens = []
    for rate in rates.sold:
        factor = rates.factor(rate.currency, currency)
        whens.append((products.c.currency == rate.currency, literal(Decimal(factor.numerator) / factor.denominator)))
    return func.round(column * case(*whens, else_=None), CURRENCY_EXPONENTS[currency])


class SearchIndex:
    def __init__(self, session: Any, rates: Rates | None = None) -> None:
        """``rates``: needed for a query with a currency (prices converted into it)."""
        self._s = session
        self._rates = rates

    def _price(self, query: SearchQuery, column: Any = products.c.price) -> ColumnElement[Any]:
        """What price filters and bands compare: the product's own (cheapest variant's, or ``column``), or
        converted into the query's currency."""
        if not query.currency:
            return column
        assert self._rates is not None
        return _price_in(query.currency, self._rates, column)

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
            "price_max_minor": product.dearest.minor_units,
            "price_max": product.dearest_units,
            "skus": list(product.skus or (product.sku,)),
            "options": {key: list(values) for key, values in product.options.items()},
            "attributes": dict(product.attributes),
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
        # Some variant's price is in the range: the dearest is not below it, the cheapest not above it.
        if query.currency:
            exponent = CURRENCY_EXPONENTS[query.currency]
            if query.min_price is not None:
                dearest = self._price(query, products.c.price_max)
                prices.append(dearest >= Decimal(query.min_price.minor_units).scaleb(-exponent))
            if query.max_price is not None:
                prices.append(self._price(query) <= Decimal(query.max_price.minor_units).scaleb(-exponent))
        elif query.min_price is not None:
            prices += [
                products.c.currency == query.min_price.currency,
                products.c.price_max_minor >= query.min_price.minor_units,
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
        for key, values in query.facets.items():
            option = products.c.options[key]
            conditions[f"facet:{key}"] = or_(
                *(option.contains([value]) for value in values),
                products.c.attributes[key].astext.in_(values),
            )
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
            scale = 10 ** CURRENCY_EXPONENTS[query.currency]
            currency = literal(query.currency)
            price_minor = cast(self._price(query) * scale, BigInteger)
            price_max_minor = cast(self._price(query, products.c.price_max) * scale, BigInteger)
        else:
            currency, price_minor, price_max_minor = (
                products.c.currency,
                products.c.price_minor,
                products.c.price_max_minor,
            )
        statement = (
            select(
                products.c.name,
                products.c.sku,
                products.c.display_name,
                products.c.category,
                currency.label("currency"),
                price_minor.label("price_minor"),
                price_max_minor.label("price_max_minor"),
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
            attributes=await self._attribute_facets(query, conditions),
        )

    async def _value_counts(self, where: ColumnElement[bool]) -> tuple[list[Any], list[Any]]:
        """(option, value, count) and (attribute key, value, count) over the products ``where`` holds; attributes
        only where their category makes them filterable."""
        option = func.jsonb_each(products.c.options).table_valued("key", "value").lateral("option")
        value = func.jsonb_array_elements_text(option.c.value).table_valued("value").lateral("option_value")
        options = (
            await self._s.execute(
                select(option.c.key, value.c.value, func.count())
                .select_from(products.join(option, true()).join(value, true()))
                .where(where)
                .group_by(option.c.key, value.c.value)
            )
        ).all()
        attribute = func.jsonb_each_text(products.c.attributes).table_valued("key", "value").lateral("attribute")
        filterable = and_(
            category_attributes.c.category == products.c.category,
            category_attributes.c.key == attribute.c.key,
            category_attributes.c.filterable.is_(true()),
        )
        attributes = (
            await self._s.execute(
                select(attribute.c.key, attribute.c.value, func.count())
                .select_from(products.join(attribute, true()).join(category_attributes, filterable))
                .where(where)
                .group_by(attribute.c.key, attribute.c.value)
            )
        ).all()
        return list(options), list(attributes)

    async def _attribute_facets(
        self, query: SearchQuery, conditions: Mapping[str, ColumnElement[bool]]
    ) -> list[AttributeFacet]:
        """Options and filterable attributes of the results, each counted with every facet filter but its own."""
        options, attributes = await self._value_counts(self._where(conditions))
        for key in query.facets:  # a filtered facet counts as if its own filter were not there
            own_options, own_attributes = await self._value_counts(self._where(conditions, but=f"facet:{key}"))
            options = [row for row in options if row[0] != key] + [row for row in own_options if row[0] == key]
            attributes = [row for row in attributes if row[0] != key] + [row for row in own_attributes if row[0] == key]
        names = {
            row.key: (row.display_name, row.unit)
            for row in (
                await self._s.execute(
                    select(category_attributes.c.key, category_attributes.c.display_name, category_attributes.c.unit)
                    .where(category_attributes.c.filterable.is_(true()))
                    .order_by(category_attributes.c.key, category_attributes.c.position.desc())
                )
            ).all()
        }
        facets: list[AttributeFacet] = []
        for rows, option in ((options, True), (attributes, False)):
            counts: dict[str, list[tuple[str, int]]] = {}
            for key, value, count in rows:
                counts.setdefault(key, []).append((value, int(count)))
            for key in sorted(counts):
                display, unit = (key, "") if option else names.get(key, (key, ""))
                ordered = sorted(counts[key], key=lambda pair: (-pair[1], pair[0]))[:MAX_FACET_VALUES]
                facets.append(AttributeFacet(key, display, unit, option, ordered))
        return facets

    async def put_category(self, category: CategoryFacets) -> None:
        """Replaces what search knows of a category's attributes."""
        await self._s.execute(delete(category_attributes).where(category_attributes.c.category == category.category))
        if category.attributes:
            await self._s.execute(
                insert(category_attributes).values(
                    [
                        {
                            "category": category.category,
                            "key": key,
                            "display_name": display_name,
                            "unit": unit,
                            "filterable": filterable,
                            "position": n,
                        }
                        for n, (key, display_name, unit, filterable) in enumerate(category.attributes)
                    ]
                )
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
