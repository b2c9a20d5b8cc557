"""Reads and writes of products and categories (SQLAlchemy Core: the hot read paths stay lean)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert

from services.catalog.adapters.images import images_of
from services.catalog.adapters.tables import categories, product_variants, products
from services.catalog.attributes import AttributeDefinition
from services.catalog.domain import (
    ACTIVE,
    Category,
    Option,
    Product,
    ProductFields,
    Variant,
    VariantFields,
    combination,
)
from services.catalog.gallery import Image
from services.runtime.database import Transaction
from services.runtime.money import Money

# ListProducts order_by → the column it sorts by (ties broken by id, in the same direction).
SORT_COLUMNS = {
    "display_name": products.c.display_name,
    "price": products.c.price_minor,
    "create_time": products.c.create_time,
}


def _product(row: Any, variants: Sequence[Variant] = (), images: Sequence[Image] = ()) -> Product:
    return Product(
        id=str(row.id),
        sku=row.sku,
        state=row.state,
        create_time=row.create_time,
        update_time=row.update_time,
        version=row.version,
        fields=ProductFields(
            display_name=row.display_name,
            description=row.description,
            category_id=row.category_id,
            price=Money(row.currency, row.price_minor),
            attributes=row.attributes,
            image_uris=row.image_uris,
            options=tuple(Option(o["name"], tuple(o["values"])) for o in row.options),
        ),
        variants=tuple(variants),
        images=tuple(images),
    )


def _variant(row: Any) -> Variant:
    dimensions = row.dimensions_mm
    return Variant(
        id=str(row.id),
        product_id=str(row.product_id),
        sku=row.sku,
        state=row.state,
        create_time=row.create_time,
        update_time=row.update_time,
        version=row.version,
        fields=VariantFields(
            option_values=tuple((name, value) for name, value in row.option_values),
            price=None if row.price_minor is None else Money(row.price_currency, row.price_minor),
            weight_grams=row.weight_grams,
            dimensions_mm=None if dimensions is None else (dimensions[0], dimensions[1], dimensions[2]),
            barcode=row.barcode,
            image_uris=tuple(row.image_uris),
        ),
    )


def _variant_columns(fields: VariantFields) -> dict[str, Any]:
    return {
        "option_values": [list(pair) for pair in fields.option_values],
        "combination": combination(fields.option_values),
        "price_currency": None if fields.price is None else fields.price.currency,
        "price_minor": None if fields.price is None else fields.price.minor_units,
        "weight_grams": fields.weight_grams,
        "dimensions_mm": None if fields.dimensions_mm is None else list(fields.dimensions_mm),
        "barcode": fields.barcode,
        "image_uris": list(fields.image_uris),
    }


def _category(row: Any) -> Category:
    return Category(
        id=row.id,
        display_name=row.display_name,
        description=row.description,
        create_time=row.create_time,
        attributes=tuple(
            AttributeDefinition(
                key=a["key"],
                display_name=a["display_name"],
                type=a["type"],
                unit=a.get("unit", ""),
                choices=tuple(a.get("choices", ())),
                filterable=a.get("filterable", False),
                required=a.get("required", False),
            )
            for a in row.attributes
        ),
    )


def _definitions(definitions: Sequence[AttributeDefinition]) -> list[dict[str, Any]]:
    return [
        {
            "key": d.key,
            "display_name": d.display_name,
            "type": d.type,
            "unit": d.unit,
            "choices": list(d.choices),
            "filterable": d.filterable,
            "required": d.required,
        }
        for d in definitions
    ]


def _columns(fields: ProductFields) -> dict[str, Any]:
    assert fields.price is not None
    return {
        "display_name": fields.display_name,
        "description": fields.description,
        "category_id": fields.category_id,
        "currency": fields.price.currency,
        "price_minor": fields.price.minor_units,
        "attributes": dict(fields.attributes),
        "image_uris": list(fields.image_uris),
        "options": [{"name": o.name, "values": list(o.values)} for o in fields.options],
    }


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


class ProductRepository:
    """Products with their variants and images (two more queries for any number of products)."""

    def __init__(self, session: Transaction) -> None:
        self._session = session

    async def _products(self, rows: Sequence[Any]) -> list[Product]:
        if not rows:
            return []
        query = (
            select(product_variants)
            .where(product_variants.c.product_id.in_([row.id for row in rows]))
            .order_by(product_variants.c.create_time, product_variants.c.id)
        )
        variants: dict[uuid.UUID, list[Variant]] = {}
        for variant in (await self._session.execute(query)).all():
            variants.setdefault(variant.product_id, []).append(_variant(variant))
        images = await images_of(self._session, [row.id for row in rows])
        return [_product(row, variants.get(row.id, ()), images.get(row.id, ())) for row in rows]

    async def _one(self, row: Any) -> Product | None:
        return None if row is None else (await self._products([row]))[0]

    async def get(self, product_id: str, *, for_update: bool = False) -> Product | None:
        key = _uuid(product_id)
        if key is None:
            return None
        query = select(products).where(products.c.id == key)
        if for_update:
            query = query.with_for_update()
        return await self._one((await self._session.execute(query)).first())

    async def get_many(self, product_ids: Sequence[str]) -> dict[str, Product]:
        keys = [k for k in (_uuid(i) for i in product_ids) if k is not None]
        rows = (await self._session.execute(select(products).where(products.c.id.in_(keys)))).all()
        return {product.id: product for product in await self._products(rows)}

    async def list_by_skus(self, skus: Sequence[str]) -> list[Product]:
        rows = (await self._session.execute(select(products).where(products.c.sku.in_(list(skus))))).all()
        return await self._products(rows)

    async def by_request_id(self, request_id: uuid.UUID) -> Product | None:
        query = select(products).where(products.c.request_id == request_id)
        return await self._one((await self._session.execute(query)).first())

    async def add(
        self, *, sku: str, fields: ProductFields, now: datetime, request_id: uuid.UUID | None
    ) -> Product | None:
        """Inserts a product and its first variant (with the product's SKU); None when its SKU or request id is
        taken (the caller's transaction must then roll back: the product row may be in)."""
        row = (
            await self._session.execute(
                insert(products)
                .values(
                    id=uuid.uuid4(),
                    sku=sku,
                    state=ACTIVE,
                    create_time=now,
                    update_time=now,
                    version=1,
                    request_id=request_id,
                    **_columns(fields),
                )
                .on_conflict_do_nothing()
                .returning(*products.c)
            )
        ).first()
        if row is None or not await VariantRepository(self._session).add_first(row.id, sku, fields, now):
            return None
        return await self._one(row)

    async def add_many(self, rows: Sequence[tuple[str, ProductFields]], now: datetime) -> list[Product]:
        """Inserts products whose SKU is free; returns the new ones."""
        if not rows:
            return []
        values = [
            dict(
                id=uuid.uuid4(), sku=sku, state=ACTIVE, create_time=now, update_time=now, version=1, **_columns(fields)
            )
            for sku, fields in rows
        ]
        result = await self._session.execute(
            insert(products).values(values).on_conflict_do_nothing(index_elements=["sku"]).returning(*products.c)
        )
        added = result.all()
        fields_of = dict(rows)
        variants = VariantRepository(self._session)
        for row in added:
            await variants.add_first(row.id, row.sku, fields_of[row.sku], now)
        return await self._products(added)

    async def save(
        self, product: Product, *, fields: ProductFields | None = None, state: str | None = None, now: datetime
    ) -> Product:
        values: dict[str, Any] = _columns(fields) if fields is not None else {}
        if state is not None:
            values["state"] = state
        row = (
            await self._session.execute(
                update(products)
                .where(products.c.id == uuid.UUID(product.id))
                .values(update_time=now, version=products.c.version + 1, **values)
                .returning(*products.c)
            )
        ).one()
        return (await self._products([row]))[0]

    async def delete(self, product_id: str) -> None:
        await self._session.execute(delete(products).where(products.c.id == uuid.UUID(product_id)))

    async def attributes_in(self, category_id: str) -> list[tuple[str, dict[str, str]]]:
        """(product name, attributes) of every product of the category, archived ones too."""
        query = select(products.c.id, products.c.attributes).where(products.c.category_id == category_id)
        return [(f"products/{row.id}", row.attributes) for row in (await self._session.execute(query)).all()]

    async def list_active(
        self, *, category_id: str, sort: str, descending: bool, after: list[Any] | None, limit: int
    ) -> list[Product]:
        column = SORT_COLUMNS[sort]
        query = select(products).where(products.c.state == ACTIVE)
        if category_id:
            query = query.where(products.c.category_id == category_id)
        if after is not None:
            value = datetime.fromisoformat(after[0]) if sort == "create_time" else after[0]
            position: ColumnElement[bool] = (
                tuple_(column, products.c.id) < tuple_(value, uuid.UUID(after[1]))
                if descending
                else tuple_(column, products.c.id) > tuple_(value, uuid.UUID(after[1]))
            )
            query = query.where(position)
        ordering = (column.desc(), products.c.id.desc()) if descending else (column.asc(), products.c.id.asc())
        rows = (await self._session.execute(query.order_by(*ordering).limit(limit))).all()
        return await self._products(rows)


class VariantRepository:
    def __init__(self, session: Transaction) -> None:
        self._session = session

    async def add_first(self, product_id: uuid.UUID, sku: str, product: ProductFields, now: datetime) -> bool:
        """A new product's variant: its SKU and the first value of each of its options. False when the SKU is
        another variant's."""
        fields = VariantFields(option_values=tuple((o.name, o.values[0]) for o in product.options))
        return await self.add(str(product_id), sku=sku, fields=fields, now=now, request_id=None) is not None

    async def add(
        self, product_id: str, *, sku: str, fields: VariantFields, now: datetime, request_id: uuid.UUID | None
    ) -> Variant | None:
        """Inserts a variant; None when its SKU, its request id or (among active ones) its combination is taken."""
        row = (
            await self._session.execute(
                insert(product_variants)
                .values(
                    id=uuid.uuid4(),
                    product_id=uuid.UUID(product_id),
                    sku=sku,
                    state=ACTIVE,
                    create_time=now,
                    update_time=now,
                    version=1,
                    request_id=request_id,
                    **_variant_columns(fields),
                )
                .on_conflict_do_nothing()
                .returning(*product_variants.c)
            )
        ).first()
        return None if row is None else _variant(row)

    async def by_request_id(self, request_id: uuid.UUID) -> Variant | None:
        query = select(product_variants).where(product_variants.c.request_id == request_id)
        row = (await self._session.execute(query)).first()
        return None if row is None else _variant(row)

    async def sku_taken(self, sku: str) -> bool:
        query = select(product_variants.c.id).where(product_variants.c.sku == sku)
        return (await self._session.execute(query)).first() is not None

    async def save(
        self, variant: Variant, *, fields: VariantFields | None = None, state: str | None = None, now: datetime
    ) -> Variant:
        """The variant changed (its product's row locked: combinations were checked under that lock)."""
        values: dict[str, Any] = _variant_columns(fields) if fields is not None else {}
        if state is not None:
            values["state"] = state
        statement = (
            update(product_variants)
            .where(product_variants.c.id == uuid.UUID(variant.id))
            .values(update_time=now, version=product_variants.c.version + 1, **values)
            .returning(*product_variants.c)
        )
        return _variant((await self._session.execute(statement)).one())


class CategoryRepository:
    def __init__(self, session: Transaction) -> None:
        self._session = session

    async def get(self, category_id: str) -> Category | None:
        row = (await self._session.execute(select(categories).where(categories.c.id == category_id))).first()
        return None if row is None else _category(row)

    async def exists(self, category_id: str) -> bool:
        query = select(categories.c.id).where(categories.c.id == category_id)
        return (await self._session.execute(query)).first() is not None

    async def add(self, category: Category) -> bool:
        """Inserts a category; False when the id is taken."""
        result = await self._session.execute(
            insert(categories)
            .values(
                id=category.id,
                display_name=category.display_name,
                description=category.description,
                create_time=category.create_time,
                attributes=_definitions(category.attributes),
            )
            .on_conflict_do_nothing()
            .returning(categories.c.id)
        )
        return result.first() is not None

    async def get_for_update(self, category_id: str) -> Category | None:
        query = select(categories).where(categories.c.id == category_id).with_for_update()
        row = (await self._session.execute(query)).first()
        return None if row is None else _category(row)

    async def save(self, category: Category) -> None:
        await self._session.execute(
            update(categories)
            .where(categories.c.id == category.id)
            .values(
                display_name=category.display_name,
                description=category.description,
                attributes=_definitions(category.attributes),
            )
        )

    async def list(self, *, after: str | None, limit: int) -> list[Category]:
        query = select(categories)
        if after is not None:
            query = query.where(categories.c.id > after)
        rows = (await self._session.execute(query.order_by(categories.c.id).limit(limit))).all()
        return [_category(row) for row in rows]
