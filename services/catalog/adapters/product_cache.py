"""Products kept in memory for reads: GetProduct, and BatchGetProducts, which every cart and checkout reprices
through.

Coherent across replicas through PostgreSQL: a trigger on ``products`` (migration 0003) sends
``NOTIFY catalog_products, '<id>'`` for every insert, update and delete, which PostgreSQL delivers when the
transaction commits, and each catalog process LISTENs on a connection of its own (:func:`keep_coherent`).
The cache answers only while that connection is up: losing it empties the cache, and reads go to the database
until it is back. A read that raced an invalidation is not stored (the generation check), so a stale row can
never outlive the notification of its change. The writes of this process also invalidate right after they
commit, so a client reads its own write on the same replica even before the notification arrives.

A notification reaches the other replicas a moment after the commit, and a client that saw the write answered
can ask another replica sooner than that (a CI run did). So a cached product is served only after a round trip
on the listening connection that began after the read did (:meth:`ProductCache.fresh`): PostgreSQL sends a
session's pending notifications before it says it is ready for the next query, so once that round trip is back,
every change committed before the read began has invalidated the cache. Concurrent reads share one round trip
(a few bytes on an idle connection), which still spares them the row, its columns and the message building.
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


class _Fence:
    """Round trips on the listening connection, one at a time: a caller returns once a round trip that began after
    it asked has come back (so PostgreSQL has sent every notification committed before the caller asked)."""

    def __init__(self, raw: Any) -> None:
        self._raw = raw
        self._lock = asyncio.Lock()
        self._asked = 0  # callers so far
        self._covered = 0  # callers a finished round trip began after

    async def __call__(self, *, within_seconds: float) -> None:
        self._asked += 1
        ticket = self._asked
        async with self._lock:
            if self._covered < ticket:
                covers = self._asked
                await self._raw.fetchval("SELECT 1", timeout=within_seconds)
                self._covered = covers
        await asyncio.sleep(0)  # the notifications' callbacks, queued as they arrived, run before we go on


class ProductCache:
    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._entries: OrderedDict[str, Product] = OrderedDict()
        self._generation = 0
        self._active = False
        self._fence: _Fence | None = None

    @property
    def generation(self) -> int:
        """Read it before loading from the database and hand it to :meth:`put`."""
        return self._generation

    def get(self, product_id: str) -> Product | None:
        product = self._entries.get(product_id)
        if product is not None:
            self._entries.move_to_end(product_id)
        return product

    async def fresh(self, product_ids: list[str]) -> dict[str, Product]:
        """The cached products of ``product_ids`` that no change committed before this call has touched."""
        if not any(i in self._entries for i in product_ids):
            return {}
        fence = self._fence
        if fence is None:
            return {}
        try:
            await fence(within_seconds=1.0)
        except Exception:  # the connection is failing: read the database (the listener notices and empties us)
            return {}
        return {i: p for i in product_ids if (p := self.get(i)) is not None}

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

    def set_active(self, fence: _Fence | None) -> None:
        """Active (with the fence of the listening connection) only while change notifications arrive; either way,
        what was kept is dropped."""
        self._active = fence is not None
        self._fence = fence
        self.invalidate(EVERY_PRODUCT)


async def _listen_while_connected(cache: ProductCache, raw: Any, keepalive_seconds: float) -> None:
    lost = asyncio.Event()
    raw.add_termination_listener(lambda _connection: lost.set())
    await raw.execute(f"SET application_name = '{APPLICATION_NAME}'")  # for pg_stat_activity
    await raw.add_listener(CHANNEL, lambda _c, _pid, _channel, payload: cache.invalidate(payload))
    fence = _Fence(raw)
    cache.set_active(fence)
    try:
        while not lost.is_set():
            with contextlib.suppress(TimeoutError):  # asyncio.timeout: 3.11's wait_for can drop a cancellation
                async with asyncio.timeout(keepalive_seconds):
                    await lost.wait()
            if not lost.is_set():  # a silent network loss shows up here
                await fence(within_seconds=keepalive_seconds)
    finally:
        cache.set_active(None)


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
