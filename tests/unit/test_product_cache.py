"""The product cache's rules: what it keeps, and what a change notification takes away."""

from datetime import UTC, datetime

from services.catalog.adapters.product_cache import EVERY_PRODUCT, ProductCache
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


def _active(capacity: int = 10) -> ProductCache:
    cache = ProductCache(capacity)
    cache.set_active(True)
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
    cache.set_active(True)
    cache.put(_product("a"), cache.generation)
    cache.set_active(False)
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
