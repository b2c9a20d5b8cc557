"""A product's variants: what a shopper buys (its own SKU, option values, price, weight, size, barcode, pictures).

Every write locks the product's row first and bumps its version in the same transaction: the combinations and
the variant count are checked under that lock, the product's etag and caches follow every variant change, and a
ProductUpdated event (changed field ``variants``) carries the product with all its variants to every read model.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from services.catalog import domain
from services.catalog.adapters.events import CatalogEvents
from services.catalog.adapters.repository import ProductRepository, VariantRepository
from services.catalog.domain import Product, Variant, VariantFields
from services.catalog.service import CatalogService
from services.runtime.database import Transaction
from services.runtime.errors import (
    Aborted,
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PreconditionViolation,
)


def _now() -> datetime:
    return datetime.now(UTC)


def _not_found(product_id: str, variant_id: str) -> NotFound:
    return NotFound(domain.VARIANT, f"products/{product_id}/variants/{variant_id}")


def _check_etag(variant: Variant, etag: str) -> None:
    if etag and etag != variant.etag:
        raise Aborted(
            "the variant changed since it was read; read it again",
            reason="ETAG_MISMATCH",
            metadata={"resource": variant.name},
        )


def _combination_taken(product: Product, values: domain.OptionValues, but: str = "") -> None:
    key = domain.combination(values)
    taken = next(
        (v for v in product.variants if v.active and v.id != but and domain.combination(v.fields.option_values) == key),
        None,
    )
    if taken is not None:
        said = ", ".join(f"{name} {value}" for name, value in values) or "no options"
        raise AlreadyExists(
            domain.VARIANT,
            taken.name,
            description=f"{taken.sku} is already {said}",
            reason="VARIANT_COMBINATION_TAKEN",
        )


def _check_price(product: Product, fields: VariantFields) -> None:
    if fields.price is not None and fields.price.currency != product.price.currency:
        raise InvalidArgument.field(
            "variant.price.currency_code", f"a variant is priced in its product's currency ({product.price.currency})"
        )


class VariantsService:
    def __init__(self, catalog: CatalogService, *, clock: Callable[[], datetime] = _now) -> None:
        self._catalog = catalog
        self._clock = clock

    async def _locked(self, session: Transaction, product_id: str) -> Product:
        product = await ProductRepository(session).get(product_id, for_update=True)
        if product is None:
            raise NotFound(domain.PRODUCT, f"products/{product_id}")
        return product

    async def _locked_variant(
        self, session: Transaction, product_id: str, variant_id: str, etag: str
    ) -> tuple[Product, Variant]:
        """The product, locked, and its variant, whose etag must be ``etag`` when one is given."""
        product = await self._locked(session, product_id)
        variant = product.variant(variant_id)
        if variant is None:
            raise _not_found(product_id, variant_id)
        _check_etag(variant, etag)
        return product, variant

    async def _changed(self, session: Transaction, product: Product) -> Product:
        """The product, its version bumped for the variant change, announced."""
        updated = await ProductRepository(session).save(product, now=self._clock())
        await CatalogEvents(session).updated(updated, {"variants"})
        return updated

    async def get(self, product_id: str, variant_id: str) -> tuple[Product, Variant]:
        product = await self._catalog.get_product(product_id)
        variant = product.variant(variant_id)
        if variant is None:
            raise _not_found(product_id, variant_id)
        return product, variant

    async def create(
        self, product_id: str, *, sku: str, fields: VariantFields, request_id: str
    ) -> tuple[Product, Variant]:
        if not sku:
            raise InvalidArgument.field("variant.sku", "is required")
        rid = uuid.UUID(request_id) if request_id else None
        async with self._catalog.changing(product_id) as session:
            variants = VariantRepository(session)
            product = await self._locked(session, product_id)
            if rid is not None and (earlier := await variants.by_request_id(rid)) is not None:
                return product, earlier
            if product.state != domain.ACTIVE:
                raise FailedPrecondition(
                    [PreconditionViolation("STATE", product.name, "the product is archived")], reason="PRODUCT_ARCHIVED"
                )
            if len(product.variants) >= domain.MAX_VARIANTS:
                raise FailedPrecondition(
                    [PreconditionViolation("VARIANTS", product.name, f"at most {domain.MAX_VARIANTS} variants")],
                    reason="TOO_MANY_VARIANTS",
                )
            fields = domain.check_variant_fields(
                replace(fields, option_values=domain.check_option_values(product.fields.options, fields.option_values))
            )
            _check_price(product, fields)
            _combination_taken(product, fields.option_values)
            if await variants.sku_taken(sku):
                raise AlreadyExists(domain.VARIANT, sku, description=f"SKU {sku} is taken", reason="SKU_TAKEN")
            variant = await variants.add(product_id, sku=sku, fields=fields, now=self._clock(), request_id=rid)
            if variant is None:  # a concurrent create with the same SKU or request id committed meanwhile
                raise AlreadyExists(domain.VARIANT, sku, description=f"SKU {sku} is taken", reason="SKU_TAKEN")
            updated = await self._changed(session, product)
            created = updated.variant(variant.id)
            assert created is not None
            return updated, created

    async def update(
        self, product_id: str, variant_id: str, *, changes: VariantFields, paths: set[str], etag: str
    ) -> tuple[Product, Variant]:
        async with self._catalog.changing(product_id) as session:
            product, variant = await self._locked_variant(session, product_id, variant_id, etag)
            fields = domain.check_variant_fields(domain.apply_variant_changes(variant.fields, changes, paths))
            if "option_values" in paths:
                fields = replace(
                    fields, option_values=domain.check_option_values(product.fields.options, fields.option_values)
                )
                if variant.active:
                    _combination_taken(product, fields.option_values, but=variant.id)
            _check_price(product, fields)
            if fields == variant.fields:
                return product, variant
            await VariantRepository(session).save(variant, fields=fields, now=self._clock())
            updated = await self._changed(session, product)
            changed = updated.variant(variant_id)
            assert changed is not None
            return updated, changed

    async def archive(self, product_id: str, variant_id: str, *, etag: str) -> tuple[Product, Variant]:
        async with self._catalog.changing(product_id) as session:
            product, variant = await self._locked_variant(session, product_id, variant_id, etag)
            if not variant.active:
                return product, variant
            if product.state == domain.ACTIVE and not any(v.active and v.id != variant_id for v in product.variants):
                raise FailedPrecondition(
                    [PreconditionViolation("VARIANTS", product.name, "its last variant: archive the product instead")],
                    reason="LAST_VARIANT",
                )
            await VariantRepository(session).save(variant, state=domain.ARCHIVED, now=self._clock())
            updated = await self._changed(session, product)
            archived = updated.variant(variant_id)
            assert archived is not None
            return updated, archived

    async def generate(self, product_id: str) -> Product:
        """A variant for each combination of the product's options no active variant has."""
        async with self._catalog.changing(product_id) as session:
            product = await self._locked(session, product_id)
            if not product.fields.options:
                raise FailedPrecondition(
                    [PreconditionViolation("OPTIONS", product.name, "the product has no options to combine")],
                    reason="NO_OPTIONS",
                )
            taken = {domain.combination(v.fields.option_values) for v in product.variants if v.active}
            missing = [c for c in domain.combinations(product.fields.options) if domain.combination(c) not in taken]
            if not missing:
                return product
            if len(product.variants) + len(missing) > domain.MAX_VARIANTS:
                raise FailedPrecondition(
                    [
                        PreconditionViolation(
                            "VARIANTS", product.name, f"{len(missing)} more would pass {domain.MAX_VARIANTS} variants"
                        )
                    ],
                    reason="TOO_MANY_VARIANTS",
                )
            variants = VariantRepository(session)
            now = self._clock()
            for n, values in enumerate(missing, 1):  # a microsecond apart: variants list oldest first, in matrix order
                base = domain.generated_sku(product.sku, values)
                sku, suffix = base, 1
                while await variants.sku_taken(sku):
                    suffix += 1
                    sku = f"{base[: 64 - len(str(suffix)) - 1]}-{suffix}"
                made = now + timedelta(microseconds=n)
                fields = VariantFields(option_values=values)
                await variants.add(product_id, sku=sku, fields=fields, now=made, request_id=None)
            return await self._changed(session, product)
