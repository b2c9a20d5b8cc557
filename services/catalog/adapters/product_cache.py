"""Products kept in memory for reads: GetProduct, and BatchGetProducts, which every cart and checkout reprices
through.

Coherent across replicas through PostgreSQL: a trigger on ``products`` (migration 0003) sends
``NOTIFY catalog_products, '<id>'`` for every insert, update and delete, which PostgreSQL delivers when the
transaction commits, and each catalog process LISTENs on a connection of its own (:func:`keep_coherent`).
The cache answers only while that connection is up: losing it empties the cache, and reads go to the database
until it is back. A read that raced an invalidation is not stored (the generation check), so a stale row can
never outlive the notification of its change. The writes of this process also invalidate right after they
commit, so a client reads its own write on the same replica even before the notification arrives.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from typing import Any

from services.catalog.domain import Product
from services.runtime.database import Database

log = logging.getLogger(__name__)

CHANNEL = "catalog_products"
APPLICATION_NAME = "shopmesh-catalog-product-cache"
EVERY_PRODUCT = "*"


class ProductCache:
    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._entries: OrderedDict[str, Product] = OrderedDict()
        self._generation = 0
        self._active = False

    @property
    def generation(self) -> int:
        """Read it before loading from the database and hand it to :meth:`put`."""
        return self._generation

    def get(self, product_id: str) -> Product | None:
        product = self._entries.get(product_id)
        if product is not None:
            self._entries.move_to_end(product_id)
        return product

    def put(self, product: Product, generation: int) -> None:
        """Keeps ``product`` unless something was invalidated since ``generation`` was read."""
        if not self._active or generation != self._generation:
            return
        self._entries[product.id] = product
        self._entries.move_to_end(product.id)
        if len(self._entries) > self._capacity:
            self._entries.popitem(last=False)

    def invalidate(self, product_id: str) -> None:
        self._generation += 1
        if product_id == EVERY_PRODUCT:
            self._entries.clear()
        else:
            self._entries.pop(product_id, None)

    def set_active(self, active: bool) -> None:
        """Active only while change notifications arrive; either way, what was kept is dropped."""
        self._active = active
        self.invalidate(EVERY_PRODUCT)


async def _listen_while_connected(cache: ProductCache, raw: Any, keepalive_seconds: float) -> None:
    lost = asyncio.Event()
    raw.add_termination_listener(lambda _connection: lost.set())
    await raw.execute(f"SET application_name = '{APPLICATION_NAME}'")  # for pg_stat_activity
    await raw.add_listener(CHANNEL, lambda _c, _pid, _channel, payload: cache.invalidate(payload))
    cache.set_active(True)
    try:
        while not lost.is_set():
            with contextlib.suppress(TimeoutError):  # asyncio.timeout: 3.11's wait_for can drop a cancellation
                async with asyncio.timeout(keepalive_seconds):
                    await lost.wait()
            if not lost.is_set():  # a silent network loss shows up here
                await raw.fetchval("SELECT 1", timeout=keepalive_seconds)
    finally:
        cache.set_active(False)


async def keep_coherent(
    cache: ProductCache, database: Database, *, keepalive_seconds: float = 5.0, retry_seconds: float = 1.0
) -> None:
    """Runs for the life of the process: LISTEN on its own connection, the cache active while it holds."""
    while True:
        try:
            async with database.engine.connect() as connection:
                raw = (await connection.get_raw_connection()).driver_connection
                try:
                    await _listen_while_connected(cache, raw, keepalive_seconds)
                finally:
                    await connection.invalidate()  # closed, never handed back to the pool still LISTENing
                log.warning("product change notifications lost; reading products from the database")
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.warning("product change notifications unavailable: %r; retrying in %.1fs", error, retry_seconds)
        await asyncio.sleep(retry_seconds)
