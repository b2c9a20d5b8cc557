"""Search's use cases: apply catalog and stock events to the read model, answer searches, rebuild.

The read model is only ever written from events (and by ``rebuild``, which reads the catalog and inventory
the same way a new consumer would learn them). Every write is idempotent and ordered by the catalog's
update_time, so replays, duplicates and a rebuild racing live events converge on the newest state.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import UTC
from typing import Any

from services.runtime import money, pagination
from services.runtime.consumer import Event, Handler
from services.runtime.database import Database, Transaction
from services.runtime.errors import InvalidArgument
from services.runtime.pagination import PageTokens
from services.search.adapters.currency_rates import CurrencyRates
from services.search.adapters.index import Facets, SearchIndex
from services.search.domain import MAX_OFFSET, CategoryFacets, IndexedProduct, SearchQuery
from shop.catalog.v1 import events_pb2 as catalog_events
from shop.catalog.v1 import product_pb2
from shop.inventory.v1 import events_pb2 as inventory_events

log = logging.getLogger(__name__)


def indexed(product: product_pb2.Product) -> IndexedProduct:
    """The product as search keeps it: its variants for sale give its price range, SKUs and option values."""
    base = money.from_proto(product.price, field="price")
    selling = [v for v in product.variants if v.state == product_pb2.ProductVariant.STATE_ACTIVE]
    prices = [money.from_proto(v.price, field="price") if v.HasField("price") else base for v in selling] or [base]
    options: dict[str, list[str]] = {}
    for variant in selling:
        for value in variant.option_values:
            if value.value not in options.setdefault(value.option, []):
                options[value.option].append(value.value)
    return IndexedProduct(
        name=product.name,
        sku=product.sku,
        display_name=product.display_name,
        description=product.description,
        category=product.category,
        price=min(prices, key=lambda p: p.minor_units),
        max_price=max(prices, key=lambda p: p.minor_units),
        active=product.state == product_pb2.Product.STATE_ACTIVE,
        update_time=product.update_time.ToDatetime(tzinfo=UTC),
        skus=tuple(v.sku for v in selling) or (product.sku,),
        options={key: tuple(values) for key, values in options.items()},
        attributes=dict(product.attributes),
    )


def category_facets(category: product_pb2.Category) -> CategoryFacets:
    return CategoryFacets(
        category=category.name,
        attributes=tuple((a.key, a.display_name, a.unit, a.filterable) for a in category.attributes),
    )


# Events that carry the product as it is now: each replaces what the index holds (unless that is newer).
_PRODUCT_EVENTS: dict[str, type[Any]] = {
    "shop.catalog.v1.ProductCreated": catalog_events.ProductCreated,
    "shop.catalog.v1.ProductUpdated": catalog_events.ProductUpdated,
    "shop.catalog.v1.ProductArchived": catalog_events.ProductArchived,
}


class SearchService:
    def __init__(self, database: Database, *, page_tokens: PageTokens, rates: CurrencyRates | None = None) -> None:
        self._db = database
        self._pages = page_tokens
        self._rates = rates

    # --- events -------------------------------------------------------------------------------------

    def handlers(self) -> dict[str, Handler]:
        return {
            **dict.fromkeys(_PRODUCT_EVENTS, self._product_changed),
            "shop.catalog.v1.ProductDeleted": self._product_deleted,
            "shop.catalog.v1.CategoryChanged": self._category_changed,
            "shop.inventory.v1.StockAvailabilityChanged": self._availability_changed,
        }

    async def _product_changed(self, session: Transaction, event: Event) -> None:
        await SearchIndex(session).put(indexed(event.parse(_PRODUCT_EVENTS[event.type]).product))

    async def _product_deleted(self, session: Transaction, event: Event) -> None:
        await SearchIndex(session).remove(event.parse(catalog_events.ProductDeleted).name)

    async def _category_changed(self, session: Transaction, event: Event) -> None:
        await SearchIndex(session).put_category(category_facets(event.parse(catalog_events.CategoryChanged).category))

    async def _availability_changed(self, session: Transaction, event: Event) -> None:
        availability = event.parse(inventory_events.StockAvailabilityChanged).availability
        await SearchIndex(session).set_available(availability.sku, availability.available)

    # --- queries ------------------------------------------------------------------------------------

    async def search(self, query: SearchQuery, page_size: int, page_token: str) -> tuple[list[Any], str, int, Facets]:
        fingerprint = pagination.fingerprint(*query.fingerprint)
        after = self._pages.decode(page_token, fingerprint)
        offset = int(after[0]) if after else 0
        if not 0 <= offset <= MAX_OFFSET:
            raise InvalidArgument.field("page_token", "out of range", reason="INVALID_PAGE_TOKEN")
        limit = pagination.page_size(page_size, default=20, maximum=100)
        rates = None
        if query.currency:
            if self._rates is None:
                raise InvalidArgument.field("currency_code", "this search service converts no currencies")
            rates = await self._rates.now()
            rates.rate(query.currency)  # one the shop does not sell in: FAILED_PRECONDITION
        async with self._db.reading() as connection:
            index = SearchIndex(connection, rates)
            rows = await index.search(query, offset, limit + 1)
            total, facets = await index.count_and_facets(query)
        token = ""
        if len(rows) > limit and offset + limit <= MAX_OFFSET:
            token = self._pages.encode(fingerprint, [offset + limit])
        return rows[:limit], token, total, facets

    async def autocomplete(self, prefix: str, page_size: int) -> list[Any]:
        limit = pagination.page_size(page_size, default=8, maximum=20)
        async with self._db.reading() as connection:
            return await SearchIndex(connection).complete(prefix.strip(), limit)

    # --- rebuild ------------------------------------------------------------------------------------

    async def rebuild(
        self,
        catalog: Callable[[], AsyncIterator[product_pb2.Product]],
        availability: Callable[[Sequence[str]], Awaitable[dict[str, int]]],
        batch: int = 100,
        categories: Callable[[], AsyncIterator[product_pb2.Category]] | None = None,
    ) -> tuple[int, int]:
        """Makes the read model match the catalog's products for sale and their stock now, in one transaction
        (searches keep seeing the old model until it commits). Returns (products indexed, products dropped)."""
        seen: set[str] = set()
        async with self._db.transaction() as session:
            index = SearchIndex(session)
            pending: list[IndexedProduct] = []

            if categories is not None:
                async for category in categories():
                    await index.put_category(category_facets(category))

            async def flush() -> None:
                for sku, available in (await availability([s for p in pending for s in p.skus])).items():
                    await index.set_available(sku, available)
                pending.clear()

            async for product in catalog():
                item = indexed(product)
                await index.put(item)
                seen.add(item.name)
                pending.append(item)
                if len(pending) >= batch:
                    await flush()
            if pending:
                await flush()
            dropped = await index.remove_all_but(seen)
        log.info("search index rebuilt", extra={"products": len(seen), "dropped": dropped})
        return len(seen), dropped
