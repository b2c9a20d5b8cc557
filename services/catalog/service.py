"""Catalog's use cases. Each opens one transaction; nothing is half-written when one fails."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from services.catalog import attributes, domain
from services.catalog.adapters.events import CatalogEvents
from services.catalog.adapters.product_cache import ProductCache
from services.catalog.adapters.repository import CategoryRepository, ProductRepository, VariantRepository
from services.catalog.domain import Category, Product, ProductFields
from services.runtime import pagination
from services.runtime.database import Database
from services.runtime.errors import (
    Aborted,
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PreconditionViolation,
)
from services.runtime.pagination import PageTokens

DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE = 20, 100
DEFAULT_CATEGORY_PAGE_SIZE = 50


def _now() -> datetime:
    return datetime.now(UTC)


def _check_etag(product: Product, etag: str) -> None:
    if etag and etag != product.etag:
        raise Aborted(
            "the product changed since it was read; read it again",
            reason="ETAG_MISMATCH",
            metadata={"resource": product.name},
        )


async def _with_typed_attributes(session: Any, fields: ProductFields) -> ProductFields:
    """The fields with their attributes checked against (and spelled as) their category's definitions."""
    category = await CategoryRepository(session).get(fields.category_id)
    if category is None:
        raise InvalidArgument.field(
            "product.category", f"no category categories/{fields.category_id}", reason="UNKNOWN_CATEGORY"
        )
    return replace(fields, attributes=attributes.check_attributes(category.attributes, fields.attributes))


class CatalogService:
    def __init__(
        self,
        database: Database,
        *,
        page_tokens: PageTokens,
        cache: ProductCache | None = None,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._db = database
        self._pages = page_tokens
        self._cache = cache or ProductCache(capacity=0)  # an inactive cache keeps nothing
        self._clock = clock

    @asynccontextmanager
    async def changing(self, product_id: str) -> AsyncIterator[Any]:
        """The transaction of a write to one product, which leaves the product cache once it ends."""
        try:
            async with self._db.transaction() as session:
                yield session
        finally:
            self._cache.invalidate(product_id)

    async def get_product(self, product_id: str) -> Product:
        product = (await self._cache.fresh([product_id])).get(product_id)
        if product is not None:
            return product
        generation = self._cache.generation
        async with self._db.reading() as session:
            product = await ProductRepository(session).get(product_id)
        if product is None:
            raise NotFound(domain.PRODUCT, f"products/{product_id}")
        self._cache.put(product, generation)
        return product

    async def batch_get_products(self, product_ids: Sequence[str]) -> list[Product]:
        found = await self._cache.fresh(list(product_ids))
        if len(found) < len(product_ids):
            generation = self._cache.generation
            async with self._db.reading() as session:
                loaded = await ProductRepository(session).get_many([i for i in product_ids if i not in found])
            for product in loaded.values():
                self._cache.put(product, generation)
            found.update(loaded)
        missing = [i for i in product_ids if i not in found]
        if missing:
            raise NotFound(domain.PRODUCT, f"products/{missing[0]}")
        return [found[i] for i in product_ids]

    async def list_products(
        self, *, category_id: str, order_by: str, page_size: int, page_token: str
    ) -> tuple[list[Product], str]:
        sort, _, direction = (order_by or "display_name").partition(" ")
        descending = direction == "desc"
        query = pagination.fingerprint("products", category_id, sort, descending)
        after = self._pages.decode(page_token, query)
        limit = pagination.page_size(page_size, default=DEFAULT_PAGE_SIZE, maximum=MAX_PAGE_SIZE)
        async with self._db.reading() as session:
            page = await ProductRepository(session).list_active(
                category_id=category_id, sort=sort, descending=descending, after=after, limit=limit + 1
            )

        def position(last: Product) -> list[Any]:
            key = {
                "display_name": last.fields.display_name,
                "price": last.price.minor_units,
                "create_time": last.create_time.isoformat(),
            }[sort]
            return [key, last.id]

        return self._pages.cut(page, limit, query, position)

    async def create_product(self, *, sku: str, fields: ProductFields, request_id: str) -> Product:
        fields = domain.check_new_product(sku, fields)
        rid = uuid.UUID(request_id) if request_id else None
        async with self._db.transaction() as session:
            products = ProductRepository(session)
            if rid is not None and (earlier := await products.by_request_id(rid)) is not None:
                return earlier
            fields = await _with_typed_attributes(session, fields)
            product = await products.add(sku=sku, fields=fields, now=self._clock(), request_id=rid)
            if product is not None:
                await CatalogEvents(session).created(product)
                return product
            if rid is not None and (earlier := await products.by_request_id(rid)) is not None:
                return earlier  # a concurrent retry of this very request created it
            raise AlreadyExists(domain.PRODUCT, sku, description=f"SKU {sku} is taken", reason="SKU_TAKEN")

    async def update_product(self, product_id: str, *, changes: ProductFields, paths: set[str], etag: str) -> Product:
        async with self.changing(product_id) as session:
            products = ProductRepository(session)
            product = await products.get(product_id, for_update=True)
            if product is None:
                raise NotFound(domain.PRODUCT, f"products/{product_id}")
            _check_etag(product, etag)
            fields = domain.apply_changes(product.fields, changes, paths)
            if "category" in paths or "attributes" in paths:
                fields = await _with_typed_attributes(session, fields)
            if fields == product.fields:
                return product
            if "options" in paths:  # every active variant keeps one value of each option (or the change is refused)
                variants = VariantRepository(session)
                now = self._clock()
                for variant_id, values in domain.reassigned(
                    product.fields.options, fields.options, product.variants
                ).items():
                    variant = product.variant(variant_id)
                    assert variant is not None
                    await variants.save(variant, fields=replace(variant.fields, option_values=values), now=now)
            updated = await products.save(product, fields=fields, now=self._clock())
            await CatalogEvents(session).updated(updated, paths)
            return updated

    async def archive_product(self, product_id: str, *, etag: str) -> Product:
        async with self.changing(product_id) as session:
            products = ProductRepository(session)
            product = await products.get(product_id, for_update=True)
            if product is None:
                raise NotFound(domain.PRODUCT, f"products/{product_id}")
            _check_etag(product, etag)
            if product.state == domain.ARCHIVED:
                return product
            archived = await products.save(product, state=domain.ARCHIVED, now=self._clock())
            await CatalogEvents(session).archived(archived)
            return archived

    async def delete_product(self, product_id: str, *, etag: str) -> None:
        async with self.changing(product_id) as session:
            products = ProductRepository(session)
            product = await products.get(product_id, for_update=True)
            if product is None:
                raise NotFound(domain.PRODUCT, f"products/{product_id}")
            _check_etag(product, etag)
            if product.state != domain.ARCHIVED:
                raise FailedPrecondition(
                    [PreconditionViolation("STATE", product.name, "archive the product before deleting it")],
                    reason="PRODUCT_NOT_ARCHIVED",
                )
            await products.delete(product_id)  # its variants and images go with it
            events = CatalogEvents(session)
            for image in product.images:  # their bytes leave the object store (media.py's consumer)
                await events.image_deleted(product, image)
            await events.deleted(product)

    async def get_category(self, category_id: str) -> Category:
        async with self._db.reading() as session:
            category = await CategoryRepository(session).get(category_id)
        if category is None:
            raise NotFound(domain.CATEGORY, f"categories/{category_id}")
        return category

    async def list_categories(self, *, page_size: int, page_token: str) -> tuple[list[Category], str]:
        query = pagination.fingerprint("categories")
        after = self._pages.decode(page_token, query)
        limit = pagination.page_size(page_size, default=DEFAULT_CATEGORY_PAGE_SIZE, maximum=MAX_PAGE_SIZE)
        async with self._db.reading() as session:
            page = await CategoryRepository(session).list(after=after[0] if after else None, limit=limit + 1)
        return self._pages.cut(page, limit, query, lambda last: [last.id])

    async def create_category(
        self,
        category_id: str,
        *,
        display_name: str,
        description: str,
        definitions: Sequence[attributes.AttributeDefinition] = (),
    ) -> Category:
        name = " ".join(display_name.split())
        if not name:
            raise InvalidArgument.field("category.display_name", "is required")
        category = Category(
            id=category_id,
            display_name=name,
            description=description.strip(),
            create_time=self._clock(),
            attributes=attributes.check_definitions(definitions),
        )
        async with self._db.transaction() as session:
            if not await CategoryRepository(session).add(category):
                raise AlreadyExists(domain.CATEGORY, category.name, reason="CATEGORY_TAKEN")
            await CatalogEvents(session).category_changed(category)
        return category

    async def update_category(
        self,
        category_id: str,
        *,
        display_name: str,
        description: str,
        definitions: Sequence[attributes.AttributeDefinition],
        paths: set[str],
    ) -> Category:
        if not paths:
            raise InvalidArgument.field("update_mask", "name what to change: attributes, description, display_name")
        async with self._db.transaction() as session:
            categories = CategoryRepository(session)
            category = await categories.get_for_update(category_id)
            if category is None:
                raise NotFound(domain.CATEGORY, f"categories/{category_id}")
            changed = category
            if "display_name" in paths:
                name = " ".join(display_name.split())
                if not name:
                    raise InvalidArgument.field("category.display_name", "is required")
                changed = replace(changed, display_name=name)
            if "description" in paths:
                changed = replace(changed, description=description.strip())
            if "attributes" in paths:
                changed = replace(changed, attributes=attributes.check_definitions(definitions))
                for product, values in await ProductRepository(session).attributes_in(category_id):
                    _, wrong = attributes.violations(changed.attributes, values)
                    if wrong:
                        raise FailedPrecondition(
                            [PreconditionViolation("ATTRIBUTES", product, f"{wrong[0].field}: {wrong[0].description}")],
                            reason="ATTRIBUTE_IN_USE",
                        )
            if changed == category:
                return category
            await categories.save(changed)
            await CatalogEvents(session).category_changed(changed)
        return changed
