"""Wishlists and the read models they watch (products from catalog events, stock from inventory's), on the
caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert

from services.notifications.adapters.tables import products, stock, users, wishlist_items
from services.runtime.money import Money


@dataclass(frozen=True)
class Product:
    product_id: str
    sku: str
    display_name: str
    price: Money
    active: bool


@dataclass(frozen=True)
class WishlistEntry:
    product: Product
    watched: Money
    in_stock: bool | None  # None: no stock news heard for its SKU yet
    create_time: datetime


@dataclass(frozen=True)
class Watcher:
    """A user with ``product`` on their wishlist, and where to mail them."""

    user_id: str
    email: str
    display_name: str
    product: Product
    watched: Money


_REMEMBER_STOCK = text(
    """
    WITH before AS (SELECT in_stock FROM stock WHERE sku = :sku FOR UPDATE),
         written AS (INSERT INTO stock (sku, in_stock) VALUES (:sku, :in_stock)
                     ON CONFLICT (sku) DO UPDATE SET in_stock = EXCLUDED.in_stock
                     WHERE stock.in_stock IS DISTINCT FROM EXCLUDED.in_stock)
    SELECT (SELECT in_stock FROM before)
    """
)


def _product(row: Any) -> Product:
    return Product(row.product_id, row.sku, row.display_name, Money(row.currency, row.price_minor), row.active)


class WishlistStore:
    def __init__(self, session: Any) -> None:
        self._s = session

    # --- read models ----------------------------------------------------------------------------------

    async def remember_product(self, product: Product) -> None:
        values = {
            "sku": product.sku,
            "display_name": product.display_name,
            "currency": product.price.currency,
            "price_minor": product.price.minor_units,
            "active": product.active,
        }
        await self._s.execute(
            insert(products)
            .values(product_id=product.product_id, **values)
            .on_conflict_do_update(index_elements=[products.c.product_id], set_=values)
        )

    async def retire_product(self, product_id: str) -> None:
        await self._s.execute(update(products).where(products.c.product_id == product_id).values(active=False))

    async def remember_stock(self, sku: str, in_stock: bool) -> bool | None:
        """Records whether ``sku`` can be bought (one statement, written only when that changed); returns what was
        known before (None: nothing). Most availability changes move units, not this."""
        before = await self._s.execute(_REMEMBER_STOCK, {"sku": sku, "in_stock": in_stock})
        return before.scalar()

    async def product(self, product_id: str) -> Product | None:
        row = (await self._s.execute(select(products).where(products.c.product_id == product_id))).first()
        return None if row is None else _product(row)

    # --- wishlists ------------------------------------------------------------------------------------

    async def size(self, user_id: str) -> int:
        query = select(func.count()).select_from(wishlist_items).where(wishlist_items.c.user_id == user_id)
        return int((await self._s.execute(query)).scalar() or 0)

    async def add(self, user_id: str, product: Product, now: datetime) -> bool:
        """Saves ``product`` watched at its current price; False when it was saved already (nothing changes)."""
        inserted = await self._s.execute(
            insert(wishlist_items)
            .values(
                user_id=user_id,
                product_id=product.product_id,
                watched_currency=product.price.currency,
                watched_price_minor=product.price.minor_units,
                create_time=now,
            )
            .on_conflict_do_nothing()
            .returning(wishlist_items.c.product_id)
        )
        return inserted.first() is not None

    async def remove(self, user_id: str, product_id: str) -> bool:
        removed = await self._s.execute(
            delete(wishlist_items)
            .where(wishlist_items.c.user_id == user_id, wishlist_items.c.product_id == product_id)
            .returning(wishlist_items.c.product_id)
        )
        return removed.first() is not None

    async def entries(self, user_id: str, product_id: str | None = None) -> list[WishlistEntry]:
        """The user's wishlist (or its entry for one product), newest first."""
        query = (
            select(wishlist_items, products, stock.c.in_stock)
            .join(products, products.c.product_id == wishlist_items.c.product_id)
            .outerjoin(stock, stock.c.sku == products.c.sku)
            .where(wishlist_items.c.user_id == user_id)
            .order_by(wishlist_items.c.create_time.desc(), wishlist_items.c.product_id)
        )
        if product_id is not None:
            query = query.where(wishlist_items.c.product_id == product_id)
        return [
            WishlistEntry(
                _product(row), Money(row.watched_currency, row.watched_price_minor), row.in_stock, row.create_time
            )
            for row in await self._s.execute(query)
        ]

    async def watchers(self, *, product_id: str | None = None, sku: str | None = None) -> list[Watcher]:
        """Who has an active product (by id, or every product of a SKU) on their wishlist, with their address."""
        query = (
            select(wishlist_items, products, users.c.email, users.c.display_name.label("user_name"))
            .join(products, products.c.product_id == wishlist_items.c.product_id)
            .join(users, users.c.user_id == wishlist_items.c.user_id)
            .where(products.c.active.is_(True))
            .order_by(wishlist_items.c.user_id)
        )
        if product_id is not None:
            query = query.where(products.c.product_id == product_id)
        if sku is not None:
            query = query.where(products.c.sku == sku)
        return [
            Watcher(
                row.user_id,
                row.email,
                row.user_name,
                _product(row),
                Money(row.watched_currency, row.watched_price_minor),
            )
            for row in await self._s.execute(query)
        ]

    async def rewatch(self, user_ids: Sequence[str], product_id: str, price: Money) -> None:
        """The users were told about ``price``: the next drop is measured from it."""
        await self._s.execute(
            update(wishlist_items)
            .where(wishlist_items.c.product_id == product_id, wishlist_items.c.user_id.in_(list(user_ids)))
            .values(watched_currency=price.currency, watched_price_minor=price.minor_units)
        )
