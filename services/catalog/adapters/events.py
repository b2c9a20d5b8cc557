"""Catalog's domain events, written to the outbox in the caller's transaction (topic ``shop.catalog.events``)."""

from __future__ import annotations

from collections.abc import Iterable

from services.catalog.domain import Category, Product
from services.catalog.gallery import Image
from services.catalog.mapping import category_to_pb, image_to_pb, product_to_pb
from services.runtime import outbox
from services.runtime.database import Transaction
from shop.catalog.v1 import events_pb2

TOPIC = "shop.catalog.events"
SOURCE = "catalog.shopmesh.dev"


class CatalogEvents:
    def __init__(self, session: Transaction) -> None:
        self._session = session

    async def _record(
        self,
        product: Product,
        event: events_pb2.ProductCreated
        | events_pb2.ProductUpdated
        | events_pb2.ProductArchived
        | events_pb2.ProductDeleted
        | events_pb2.ProductImageUploaded
        | events_pb2.ProductImageDeleted,
    ) -> None:
        await outbox.record(self._session, topic=TOPIC, key=product.name, event=event, source=SOURCE)

    async def created(self, product: Product) -> None:
        await self._record(product, events_pb2.ProductCreated(product=product_to_pb(product)))

    async def updated(self, product: Product, changed: Iterable[str]) -> None:
        event = events_pb2.ProductUpdated(product=product_to_pb(product), changed_fields=sorted(changed))
        await self._record(product, event)

    async def archived(self, product: Product) -> None:
        await self._record(product, events_pb2.ProductArchived(product=product_to_pb(product)))

    async def deleted(self, product: Product) -> None:
        await self._record(product, events_pb2.ProductDeleted(name=product.name, sku=product.sku))

    async def image_uploaded(self, product: Product, image: Image) -> None:
        event = events_pb2.ProductImageUploaded(image=image_to_pb(image), object_key=image.object_key)
        await self._record(product, event)

    async def image_deleted(self, product: Product, image: Image) -> None:
        event = events_pb2.ProductImageDeleted(
            name=image.name, object_key=image.object_key, rendition_keys=[r.key for r in image.renditions]
        )
        await self._record(product, event)

    async def category_changed(self, category: Category) -> None:
        event = events_pb2.CategoryChanged(category=category_to_pb(category))
        await outbox.record(self._session, topic=TOPIC, key=category.name, event=event, source=SOURCE)
