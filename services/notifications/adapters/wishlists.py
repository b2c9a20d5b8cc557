"""Wishlists and the read models they watch (products from catalog events, stock from inventory's), on the
caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import insert

from services.notifications.adapters.tables import products, stock, users, variants, wishlist_items
from services.runtime.money import Money


@dataclass(frozen=True)
class Product:
    """What a wishlist item watches: a product, or one of its variants (``variant_id`` set, its SKU and price,
    ``label`` its option values, "M / Sand")."""

    product_id: str
    sku: str
    display_name: str
    price: Money
    active: bool
    variant_id: str = ""
    label: str = ""

    @property
    def title(self) -> str:
        """What a mail calls it: "Tee (M / Sand)" for a variant."""
        return f"{self.display_name} ({self.label})" if self.label else self.display_name


@dataclass(frozen=True)
class Variant:
    variant_id: str
    sku: str
    label: str
    price: Money
    active: bool


@dataclass(frozen=True)
class WishlistEntry:
    product: Product
    watched: Money
    in_stock: bool | None  # None: no stock news heard for its SKU yet
    create_time: datetime

    @property
    def item_id(self) -> str:
        return self.product.variant_id or self.product.product_id


@dataclass(frozen=True)
class Watcher:
    """A user with ``product`` (or one of its variants) on their wishlist, and where to mail them."""

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


def _watched(row: Any) -> Product:
    """A wishlist row joined with its product and (outer) its variant: what it watches."""
    if not row.variant_id:
        return _product(row)
    return Product(
        row.product_id,
        row.v_sku,
        row.display_name,
        Money(row.v_currency, row.v_price_minor),
        row.active and bool(row.v_active),
        row.variant_id,
        row.v_label,
    )


_VARIANT_COLUMNS = (
    variants.c.sku.label("v_sku"),
    variants.c.label.label("v_label"),
    variants.c.currency.label("v_currency"),
    variants.c.price_minor.label("v_price_minor"),
    variants.c.active.label("v_active"),
)


def _watched_sku() -> Any:
    """The SKU whose stock a wishlist row watches: its variant's, else its product's."""
    return func.coalesce(variants.c.sku, products.c.sku)


class WishlistStore:
    def __init__(self, session: Any) -> None:
        self._s = session

    # --- read models ----------------------------------------------------------------------------------

    async def remember_variants(self, product_id: str, found: Sequence[Variant]) -> None:
        """The product's variants as the catalog says now (a variant it no longer lists is kept, inactive)."""
        await self._s.execute(update(variants).where(variants.c.product_id == product_id).values(active=False))
        for variant in found:
            values = {
                "product_id": product_id,
                "sku": variant.sku,
                "label": variant.label,
                "currency": variant.price.currency,
                "price_minor": variant.price.minor_units,
                "active": variant.active,
            }
            await self._s.execute(
                insert(variants)
                .values(variant_id=variant.variant_id, **values)
                .on_conflict_do_update(index_elements=[variants.c.variant_id], set_=values)
            )

    async def variant(self, product_id: str, variant_id: str) -> Product | None:
        """The product as seen through one of its variants (None: not a known variant of it)."""
        row = (
            await self._s.execute(
                select(products, variants.c.variant_id, *_VARIANT_COLUMNS)
                .join(variants, variants.c.product_id == products.c.product_id)
                .where(products.c.product_id == product_id, variants.c.variant_id == variant_id)
            )
        ).first()
        return None if row is None else _watched(row)

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
        """Saves ``product`` (or its variant) watched at its current price; False when it was saved already (nothing
        changes)."""
        inserted = await self._s.execute(
            insert(wishlist_items)
            .values(
                user_id=user_id,
                product_id=product.product_id,
                variant_id=product.variant_id,
                watched_currency=product.price.currency,
                watched_price_minor=product.price.minor_units,
                create_time=now,
            )
            .on_conflict_do_nothing()
            .returning(wishlist_items.c.product_id)
        )
        return inserted.first() is not None

    async def remove(self, user_id: str, item_id: str) -> bool:
        """Removes the item ``item_id`` names: a saved variant (its id), or a whole product (its id)."""
        removed = await self._s.execute(
            delete(wishlist_items)
            .where(
                wishlist_items.c.user_id == user_id,
                or_(
                    wishlist_items.c.variant_id == item_id,
                    and_(wishlist_items.c.variant_id == "", wishlist_items.c.product_id == item_id),
                ),
            )
            .returning(wishlist_items.c.product_id)
        )
        return removed.first() is not None

    async def entries(self, user_id: str, saved: Product | None = None) -> list[WishlistEntry]:
        """The user's wishlist (or its entry for what ``saved`` watches), newest first."""
        query = (
            select(wishlist_items, products, *_VARIANT_COLUMNS, stock.c.in_stock)
            .join(products, products.c.product_id == wishlist_items.c.product_id)
            .outerjoin(variants, variants.c.variant_id == wishlist_items.c.variant_id)
            .outerjoin(stock, stock.c.sku == _watched_sku())
            .where(wishlist_items.c.user_id == user_id)
            .order_by(wishlist_items.c.create_time.desc(), wishlist_items.c.product_id, wishlist_items.c.variant_id)
        )
        if saved is not None:
            query = query.where(
                wishlist_items.c.product_id == saved.product_id, wishlist_items.c.variant_id == saved.variant_id
            )
        return [
            WishlistEntry(
                _watched(row), Money(row.watched_currency, row.watched_price_minor), row.in_stock, row.create_time
            )
            for row in await self._s.execute(query)
        ]

    async def watchers(self, *, product_id: str | None = None, sku: str | None = None) -> list[Watcher]:
        """Who has an active product or variant on their wishlist — every item of a product (by id), or every item
        watching a SKU (a variant's, or a whole product's own) — with their address."""
        query = (
            select(wishlist_items, products, *_VARIANT_COLUMNS, users.c.email, users.c.display_name.label("user_name"))
            .join(products, products.c.product_id == wishlist_items.c.product_id)
            .outerjoin(variants, variants.c.variant_id == wishlist_items.c.variant_id)
            .join(users, users.c.user_id == wishlist_items.c.user_id)
            .where(products.c.active.is_(True), or_(wishlist_items.c.variant_id == "", variants.c.active.is_(True)))
            .order_by(wishlist_items.c.user_id, wishlist_items.c.variant_id)
        )
        if product_id is not None:
            query = query.where(products.c.product_id == product_id)
        if sku is not None:
            query = query.where(_watched_sku() == sku)
        return [
            Watcher(
                row.user_id,
                row.email,
                row.user_name,
                _watched(row),
                Money(row.watched_currency, row.watched_price_minor),
            )
            for row in await self._s.execute(query)
        ]

    async def rewatch(self, told: Sequence[Watcher]) -> None:
        """The watchers were told about the price of what they watch: its next drop is measured from it."""
        for watcher in told:
            price = watcher.product.price
            await self._s.execute(
                update(wishlist_items)
                .where(
                    wishlist_items.c.user_id == watcher.user_id,
                    wishlist_items.c.product_id == watcher.product.product_id,
                    wishlist_items.c.variant_id == watcher.product.variant_id,
                )
                .values(watched_currency=price.currency, watched_price_minor=price.minor_units)
            )
