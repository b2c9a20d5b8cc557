"""Wishlists: the products and variants shoppers saved, watched on the catalog's copy of them (kept from its events)
and on inventory's stock, and the mail a price below what a watcher was told, or a return to stock, queues (through
the one way notifications queue mail, :meth:`.service.NotificationsService._notify`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from services.notifications import domain
from services.notifications.adapters.repository import NotificationStore
from services.notifications.adapters.wishlists import Product, Variant, WishlistEntry, WishlistStore
from services.runtime import money
from services.runtime.consumer import Event, Handler
from services.runtime.database import Database, Transaction
from services.runtime.errors import FailedPrecondition, NotFound, PreconditionViolation
from services.runtime.tokens import Principal
from shop.catalog.v1 import events_pb2 as catalog_events
from shop.catalog.v1 import product_pb2
from shop.inventory.v1 import events_pb2 as inventory_events

WISHLIST_ITEM = "notifications.shopmesh.dev/WishlistItem"


# Queues a mail to a user in the event's transaction, unless they opted out of its type:
# (store, event, user id, email, mail type, mail, the resource it is about) -> None.
Notify = Callable[[NotificationStore, Event, str, str, str, domain.Mail, str], Awaitable[None]]


def _id(name: str) -> str:
    return name.rsplit("/", 1)[-1]


def _catalog_product(product: product_pb2.Product) -> Product:
    return Product(
        product_id=_id(product.name),
        sku=product.sku,
        display_name=product.display_name,
        price=money.from_proto(product.price, field="price"),
        active=product.state == product_pb2.Product.STATE_ACTIVE,
    )


def _catalog_variants(product: product_pb2.Product) -> list[Variant]:
    """The product's variants as wishlists watch them: SKU, option values ("M / Sand"), price (the product's
    when the variant has none of its own)."""
    return [
        Variant(
            variant_id=_id(variant.name),
            sku=variant.sku,
            label=" / ".join(value.value for value in variant.option_values),
            price=money.from_proto(variant.price if variant.HasField("price") else product.price, field="price"),
            active=variant.state == product_pb2.ProductVariant.STATE_ACTIVE,
        )
        for variant in product.variants
    ]


class Wishlists:
    def __init__(self, database: Database, notify: Notify, *, public_url: str, clock: Callable[[], datetime]) -> None:
        self._db = database
        self._notify = notify
        self._public_url = public_url
        self._clock = clock

    def handlers(self) -> dict[str, Handler]:
        return {
            "shop.inventory.v1.StockAvailabilityChanged": self._availability_changed,
            "shop.catalog.v1.ProductCreated": self._product_changed,
            "shop.catalog.v1.ProductUpdated": self._product_changed,
            "shop.catalog.v1.ProductArchived": self._product_changed,
            "shop.catalog.v1.ProductDeleted": self._product_deleted,
        }

    async def _product_changed(self, session: Transaction, event: Event) -> None:
        """The wishlists' copy of the product; a price below what a watcher was last told is mailed to them."""
        message: Any = {
            "shop.catalog.v1.ProductCreated": catalog_events.ProductCreated,
            "shop.catalog.v1.ProductUpdated": catalog_events.ProductUpdated,
            "shop.catalog.v1.ProductArchived": catalog_events.ProductArchived,
        }[event.type]
        changed = event.parse(message).product
        product = _catalog_product(changed)
        wishlists = WishlistStore(session)
        await wishlists.remember_product(product)
        await wishlists.remember_variants(product.product_id, _catalog_variants(changed))
        if event.type != "shop.catalog.v1.ProductUpdated" or not product.active:
            return
        told = []
        for watcher in await wishlists.watchers(product_id=product.product_id):
            watched = watcher.product  # the product, or the variant saved (its own price)
            if domain.price_dropped(watcher.watched, watched.price):
                mail = domain.wishlist_price_drop(
                    watcher.display_name, watched.title, watcher.watched, watched.price, self._page(watched)
                )
                await self._notify(
                    NotificationStore(session),
                    event,
                    watcher.user_id,
                    watcher.email,
                    domain.WISHLIST_PRICE_DROP,
                    mail,
                    f"products/{product.product_id}",
                )
                told.append(watcher)
        await wishlists.rewatch(told)

    async def _product_deleted(self, session: Transaction, event: Event) -> None:
        await WishlistStore(session).retire_product(_id(event.parse(catalog_events.ProductDeleted).name))

    async def _availability_changed(self, session: Transaction, event: Event) -> None:
        """A SKU that could not be bought can be again: its watchers are mailed (once per return to stock)."""
        availability = event.parse(inventory_events.StockAvailabilityChanged).availability
        wishlists = WishlistStore(session)
        before = await wishlists.remember_stock(availability.sku, availability.in_stock)
        if before is not False or not availability.in_stock:
            return
        for watcher in await wishlists.watchers(sku=availability.sku):
            product = watcher.product
            mail = domain.wishlist_back_in_stock(watcher.display_name, product.title, self._page(product))
            await self._notify(
                NotificationStore(session),
                event,
                watcher.user_id,
                watcher.email,
                domain.WISHLIST_BACK_IN_STOCK,
                mail,
                f"products/{product.product_id}",
            )

    def _page(self, product: Product) -> str:
        """The storefront's page of the product, with the saved variant chosen."""
        page = f"{self._public_url}/products/{product.product_id}"
        return f"{page}?variant={product.variant_id}" if product.variant_id else page

    async def save_for_later(self, caller: Principal, product_id: str, variant_id: str = "") -> WishlistEntry:
        """Saves the product, or one of its variants (``variant_id``)."""
        async with self._db.transaction() as session:
            wishlists = WishlistStore(session)
            product = await wishlists.product(product_id)
            if product is None or not product.active:
                raise NotFound("catalog.shopmesh.dev/Product", f"products/{product_id}")
            if variant_id:
                product = await wishlists.variant(product_id, variant_id)
                if product is None or not product.active:
                    raise NotFound(
                        "catalog.shopmesh.dev/ProductVariant", f"products/{product_id}/variants/{variant_id}"
                    )
            full = await wishlists.size(caller.user_id) >= domain.WISHLIST_LIMIT
            if full and not await wishlists.entries(caller.user_id, product):  # saving again is fine
                raise FailedPrecondition(
                    [
                        PreconditionViolation(
                            "WISHLIST_SIZE",
                            f"users/{caller.user_id}",
                            f"a wishlist holds {domain.WISHLIST_LIMIT} products; remove one first",
                        )
                    ],
                    reason="WISHLIST_FULL",
                )
            await wishlists.add(caller.user_id, product, self._clock())
            (entry,) = await wishlists.entries(caller.user_id, product)
            return entry

    async def wishlist(self, caller: Principal) -> list[WishlistEntry]:
        async with self._db.reading() as connection:
            return await WishlistStore(connection).entries(caller.user_id)

    async def forget(self, caller: Principal, item_id: str) -> None:
        """Removes a saved variant (by its id) or a saved product (by its id)."""
        async with self._db.transaction() as session:
            if not await WishlistStore(session).remove(caller.user_id, item_id):
                raise NotFound(WISHLIST_ITEM, f"users/me/wishlistItems/{item_id}")
