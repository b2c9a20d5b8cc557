"""The product cache's rules: what it keeps, and what a change notification takes away."""

import asyncio
from datetime import UTC, datetime

from services.catalog.adapters.product_cache import EVERY_PRODUCT, ProductCache, _Fence
from services.catalog.domain import Product, ProductFields

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _product(product_id: str, version: int = 1) -> Product:
    return Product(
        id=product_id,
        sku=f"SKU-{product_id}",
        fields=ProductFields(display_name="Thing", category_id="kitchen"),
        state="ACTIVE",
        create_time=NOW,
        update_time=NOW,
        version=version,
    )


class _ListeningConnection:
    """Stands in for the LISTEN connection: each round trip takes a moment, and the notifications PostgreSQL had
    to send by then (``pending``) reach the cache before the round trip's answer does."""

    def __init__(self) -> None:
        self.cache: ProductCache | None = None
        self.pending: list[str] = []
        self.round_trips = 0

    async def fetchval(self, query: str, timeout: float | None = None) -> int:
        self.round_trips += 1
        delivered, self.pending = self.pending, []  # what was committed when the query reached the server
        await asyncio.sleep(0.01)
        for product_id in delivered:
            asyncio.get_running_loop().call_soon(self.cache.invalidate, product_id)
        return 1


def _listening_cache() -> tuple[ProductCache, _ListeningConnection]:
    """An active cache holding product ``a``, and the connection its fence makes round trips on."""
    connection = _ListeningConnection()
    cache = ProductCache(10)
    connection.cache = cache
    cache.set_active(_Fence(connection))
    cache.put(_product("a"), cache.generation)
    return cache, connection


def _active(capacity: int = 10) -> ProductCache:
    cache = ProductCache(capacity)
    cache.set_active(_Fence(_ListeningConnection()))
    return cache


def test_a_read_product_is_kept_and_a_change_notification_drops_it():
    cache = _active()
    cache.put(_product("a"), cache.generation)
    assert cache.get("a") == _product("a")
    cache.invalidate("a")
    assert cache.get("a") is None


def test_a_read_that_raced_a_change_is_not_kept():
    cache = _active()
    before_reading = cache.generation
    cache.invalidate("a")  # the change commits while the old row is on its way back
    cache.put(_product("a", version=1), before_reading)
    assert cache.get("a") is None


def test_nothing_is_kept_while_notifications_do_not_arrive_and_losing_them_empties_the_cache():
    cache = ProductCache(10)
    cache.put(_product("a"), cache.generation)
    assert cache.get("a") is None
    cache.set_active(_Fence(_ListeningConnection()))
    cache.put(_product("a"), cache.generation)
    cache.set_active(None)
    assert cache.get("a") is None


def test_a_truncate_drops_every_product():
    cache = _active()
    for product_id in ("a", "b"):
        cache.put(_product(product_id), cache.generation)
    cache.invalidate(EVERY_PRODUCT)
    assert (cache.get("a"), cache.get("b")) == (None, None)


def test_past_its_capacity_the_least_recently_read_product_goes():
    cache = _active(capacity=2)
    cache.put(_product("a"), cache.generation)
    cache.put(_product("b"), cache.generation)
    assert cache.get("a") is not None  # b is now the least recently read
    cache.put(_product("c"), cache.generation)
    assert cache.get("b") is None
    assert [p.id for p in (cache.get("a"), cache.get("c")) if p is not None] == ["a", "c"]


def test_a_cached_product_is_served_only_once_every_change_committed_before_the_read_has_arrived():
    async def scenario() -> None:
        cache, connection = _listening_cache()
        cache.put(_product("b"), cache.generation)
        assert await cache.fresh(["a", "b"]) == {"a": _product("a"), "b": _product("b")}
        connection.pending.append("a")  # committed elsewhere; its notification is still on the way
        assert await cache.fresh(["a", "b"]) == {"b": _product("b")}
        assert await cache.fresh(["c"]) == {}  # nothing cached: no round trip either
        assert connection.round_trips == 2

    asyncio.run(scenario())


def test_concurrent_reads_share_a_round_trip_but_never_one_that_began_before_they_did():
    async def scenario() -> None:
        cache, connection = _listening_cache()
        first = asyncio.ensure_future(cache.fresh(["a"]))
        await asyncio.sleep(0.001)  # the first round trip is under way
        connection.pending.append("a")  # a change commits now: the round trip under way may miss it
        later = [asyncio.ensure_future(cache.fresh(["a"])) for _ in range(5)]
        assert await first == {"a": _product("a")}  # it began before the change
        assert [await read for read in later] == [{}] * 5  # they waited for a round trip of their own, and shared it
        assert connection.round_trips == 2

    asyncio.run(scenario())
