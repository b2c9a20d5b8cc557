"""Recommendations' use cases: learn co-purchases from confirmed orders, recommend for a product or a user.

Counts move once per event (the consumer records each event id in the same transaction), so duplicate
deliveries never inflate them. Cancelled orders still count: they say what people wanted together.
"""

from __future__ import annotations

from collections import Counter

from services.recommendations import domain
from services.recommendations.adapters.repository import RecommendationStore
from services.recommendations.domain import Recommendation
from services.runtime import pagination
from services.runtime.consumer import Event, Handler
from services.runtime.database import Database, Transaction
from services.runtime.tokens import Principal
from shop.catalog.v1 import events_pb2 as catalog_events
from shop.catalog.v1 import product_pb2
from shop.orders.v1 import events_pb2 as order_events


class RecommendationsService:
    def __init__(self, database: Database) -> None:
        self._db = database

    # --- events -------------------------------------------------------------------------------------

    def handlers(self) -> dict[str, Handler]:
        return {
            "shop.orders.v1.OrderConfirmed": self._order_confirmed,
            "shop.orders.v1.OrderCancelled": self._order_returned,
            "shop.orders.v1.OrderRefunded": self._order_returned,
            "shop.catalog.v1.ProductUpdated": self._product_updated,
            "shop.catalog.v1.ProductArchived": self._product_archived,
            "shop.catalog.v1.ProductDeleted": self._product_deleted,
        }

    async def _order_confirmed(self, session: Transaction, event: Event) -> None:
        order = event.parse(order_events.OrderConfirmed).order
        store = RecommendationStore(session)
        units: Counter[str] = Counter()
        names: dict[str, str] = {}
        for line in order.lines:
            units[line.product] += line.quantity
            names[line.product] = line.display_name
        customer = order.customer.rsplit("/", 1)[-1]
        products = sorted(units)  # one order of rows for every transaction: no deadlocks between them
        if not await store.count_order(order.name):
            return
        await store.bought(customer, [(product, names[product], units[product]) for product in products])
        await store.bought_together(domain.pairs(units))

    async def _order_returned(self, session: Transaction, event: Event) -> None:
        """A cancelled or refunded order no longer counts as a sale, a purchase or a co-purchase."""
        message = order_events.OrderCancelled if event.type.endswith("OrderCancelled") else order_events.OrderRefunded
        order = event.parse(message).order
        store = RecommendationStore(session)
        if not await store.uncount_order(order.name):
            return  # never confirmed, never counted
        units: Counter[str] = Counter()
        for line in order.lines:
            units[line.product] += line.quantity
        customer = order.customer.rsplit("/", 1)[-1]
        await store.returned(customer, sorted(units.items()), domain.pairs(units))

    async def _product_updated(self, session: Transaction, event: Event) -> None:
        product = event.parse(catalog_events.ProductUpdated).product
        active = product.state == product_pb2.Product.STATE_ACTIVE
        await RecommendationStore(session).set_active(product.name, active, product.display_name)

    async def _product_archived(self, session: Transaction, event: Event) -> None:
        product = event.parse(catalog_events.ProductArchived).product
        await RecommendationStore(session).set_active(product.name, False)

    async def _product_deleted(self, session: Transaction, event: Event) -> None:
        await RecommendationStore(session).set_active(event.parse(catalog_events.ProductDeleted).name, False)

    # --- queries ------------------------------------------------------------------------------------

    async def for_product(self, product: str, page_size: int) -> list[Recommendation]:
        limit = pagination.page_size(page_size, default=10, maximum=50)
        async with self._db.reading() as connection:
            store = RecommendationStore(connection)
            together = await store.together_with({product}, limit)
            best = await store.best_sellers(limit + 1) if len(together) < limit else []
        return domain.fill(together, best, {product}, limit)

    async def best_sellers(self, page_size: int) -> list[Recommendation]:
        limit = pagination.page_size(page_size, default=10, maximum=50)
        async with self._db.reading() as connection:
            return await RecommendationStore(connection).best_sellers(limit)

    async def for_user(self, caller: Principal, page_size: int) -> list[Recommendation]:
        limit = pagination.page_size(page_size, default=10, maximum=50)
        async with self._db.reading() as connection:
            store = RecommendationStore(connection)
            bought = await store.purchased(caller.user_id)
            together = await store.together_with(bought, limit) if bought else []
            best = await store.best_sellers(limit + len(bought)) if len(together) < limit else []
        return domain.fill(together, best, bought, limit)
