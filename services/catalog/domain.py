"""Catalog's domain: products and categories, in plain Python."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from services.runtime.errors import FieldViolation, InvalidArgument
from services.runtime.money import Money
from services.runtime.resource_versions import etag

ACTIVE = "active"
ARCHIVED = "archived"

PRODUCT = "catalog.shopmesh.dev/Product"
CATEGORY = "catalog.shopmesh.dev/Category"

# Fields UpdateProduct may change.
UPDATABLE = frozenset({"display_name", "description", "category", "price", "attributes", "image_uris"})


@dataclass(frozen=True)
class Category:
    id: str
    display_name: str
    description: str
    create_time: datetime

    @property
    def name(self) -> str:
        return f"categories/{self.id}"


@dataclass(frozen=True)
class ProductFields:
    """What a caller sets on a product; the server owns the rest."""

    display_name: str = ""
    description: str = ""
    category_id: str = ""
    price: Money | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)
    image_uris: Sequence[str] = ()


@dataclass(frozen=True)
class Product:
    id: str
    sku: str
    fields: ProductFields
    state: str
    create_time: datetime
    update_time: datetime
    version: int

    @property
    def name(self) -> str:
        return f"products/{self.id}"

    @property
    def etag(self) -> str:
        return etag(self.id, self.version)

    @property
    def price(self) -> Money:
        assert self.fields.price is not None
        return self.fields.price


def _clean(value: str) -> str:
    return " ".join(value.split())


def check_new_product(sku: str, fields: ProductFields) -> ProductFields:
    """A new product needs a SKU, a name, a category and a price (``product.*`` paths on failure)."""
    missing = [
        FieldViolation(f"product.{name}", "is required")
        for name, present in (
            ("sku", sku),
            ("display_name", _clean(fields.display_name)),
            ("category", fields.category_id),
            ("price", fields.price),
        )
        if not present
    ]
    if missing:
        raise InvalidArgument(missing)
    return apply_changes(fields, fields, UPDATABLE)


def apply_changes(current: ProductFields, changes: ProductFields, paths: frozenset[str] | set[str]) -> ProductFields:
    """The product's fields after an update of ``paths``; a name, category and price cannot be emptied."""
    violations = []
    if "display_name" in paths and not _clean(changes.display_name):
        violations.append(FieldViolation("product.display_name", "must not be blank"))
    if "category" in paths and not changes.category_id:
        violations.append(FieldViolation("product.category", "is required"))
    if "price" in paths and changes.price is None:
        violations.append(FieldViolation("product.price", "is required"))
    if violations:
        raise InvalidArgument(violations)
    return ProductFields(
        display_name=_clean(changes.display_name) if "display_name" in paths else current.display_name,
        description=changes.description.strip() if "description" in paths else current.description,
        category_id=changes.category_id if "category" in paths else current.category_id,
        price=changes.price if "price" in paths else current.price,
        attributes=dict(changes.attributes) if "attributes" in paths else current.attributes,
        image_uris=list(changes.image_uris) if "image_uris" in paths else current.image_uris,
    )
