"""Catalog's domain: products and categories, in plain Python."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from services.catalog.attributes import AttributeDefinition
from services.catalog.gallery import Image
from services.runtime.errors import FailedPrecondition, FieldViolation, InvalidArgument, NotFound, PreconditionViolation
from services.runtime.money import Money
from services.runtime.resource_versions import etag

ACTIVE = "active"
ARCHIVED = "archived"

PRODUCT = "catalog.shopmesh.dev/Product"
VARIANT = "catalog.shopmesh.dev/ProductVariant"
CATEGORY = "catalog.shopmesh.dev/Category"

# Fields UpdateProduct may change.
UPDATABLE = frozenset({"display_name", "description", "category", "price", "attributes", "image_uris", "options"})
# Fields UpdateProductVariant may change.
VARIANT_UPDATABLE = frozenset({"option_values", "price", "weight_grams", "dimensions", "barcode", "image_uris"})
MAX_OPTIONS = 3
# A product has at most this many variants, archived ones included (3 options of 30 values could make 27 000).
MAX_VARIANTS = 100
# Fields UpdateCategory may change.
CATEGORY_UPDATABLE = frozenset({"display_name", "description", "attributes"})


@dataclass(frozen=True)
class Category:
    id: str
    display_name: str
    description: str
    create_time: datetime
    # What its products' attributes are (attributes.py); empty: free-form.
    attributes: tuple[AttributeDefinition, ...] = ()

    @property
    def name(self) -> str:
        return f"categories/{self.id}"


@dataclass(frozen=True)
class Option:
    """One way a product varies, and its values in the order shoppers see them."""

    name: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class ProductFields:
    """What a caller sets on a product; the server owns the rest."""

    display_name: str = ""
    description: str = ""
    category_id: str = ""
    price: Money | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)
    image_uris: Sequence[str] = ()
    options: tuple[Option, ...] = ()


# A variant's option values: (option name, value) in its product's option order.
OptionValues = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class VariantFields:
    """What a caller sets on a variant; the server owns the rest."""

    option_values: OptionValues = ()
    price: Money | None = None  # None: the product's
    weight_grams: int = 0
    dimensions_mm: tuple[int, int, int] | None = None  # length, width, height
    barcode: str = ""
    image_uris: tuple[str, ...] = ()


@dataclass(frozen=True)
class Variant:
    id: str
    product_id: str
    sku: str
    fields: VariantFields
    state: str
    create_time: datetime
    update_time: datetime
    version: int

    @property
    def name(self) -> str:
        return f"products/{self.product_id}/variants/{self.id}"

    @property
    def etag(self) -> str:
        return etag(self.id, self.version)

    @property
    def active(self) -> bool:
        return self.state == ACTIVE


@dataclass(frozen=True)
class Product:
    id: str
    sku: str
    fields: ProductFields
    state: str
    create_time: datetime
    update_time: datetime
    version: int
    # Oldest first; the first is the one the product was made with (its SKU is the product's).
    variants: tuple[Variant, ...] = ()
    # Its gallery, in order.
    images: tuple[Image, ...] = ()

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

    def price_of(self, variant: Variant) -> Money:
        return variant.fields.price if variant.fields.price is not None else self.price

    def variant(self, variant_id: str) -> Variant | None:
        return next((v for v in self.variants if v.id == variant_id), None)


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
        options=check_options(changes.options) if "options" in paths else current.options,
    )


# --- options and variants ------------------------------------------------------------------------------------


def _key(text: str) -> str:
    return _clean(text).casefold()


def check_options(options: Sequence[Option]) -> tuple[Option, ...]:
    """Options with trimmed names and values, none repeated (ignoring case), at most MAX_OPTIONS."""
    violations = []
    cleaned = tuple(Option(_clean(o.name), tuple(_clean(v) for v in o.values)) for o in options)
    if len(cleaned) > MAX_OPTIONS:
        violations.append(FieldViolation("product.options", f"at most {MAX_OPTIONS} options"))
    names = [_key(o.name) for o in cleaned]
    for n, option in enumerate(cleaned):
        if not option.name:
            violations.append(FieldViolation(f"product.options[{n}].name", "must not be blank"))
        elif names.index(_key(option.name)) != n:
            violations.append(FieldViolation(f"product.options[{n}].name", f"{option.name!r} is named twice"))
        if not option.values:
            violations.append(FieldViolation(f"product.options[{n}].values", "needs at least one value"))
        keys = [_key(v) for v in option.values]
        for m, value in enumerate(option.values):
            if not value or keys.index(_key(value)) != m:
                violations.append(FieldViolation(f"product.options[{n}].values[{m}]", "blank or repeated"))
    if violations:
        raise InvalidArgument(violations)
    return cleaned


def check_option_values(options: Sequence[Option], given: Sequence[tuple[str, str]]) -> OptionValues:
    """One value of each option, as the product spells them, in the product's option order."""
    by_option: dict[str, str] = {}
    violations = []
    known = {_key(o.name): o for o in options}
    for n, (name, value) in enumerate(given):
        option = known.get(_key(name))
        if option is None:
            violations.append(FieldViolation(f"variant.option_values[{n}].option", f"the product has no {name!r}"))
            continue
        spelled = next((v for v in option.values if _key(v) == _key(value)), None)
        if spelled is None:
            violations.append(
                FieldViolation(f"variant.option_values[{n}].value", f"{option.name} has no value {value!r}")
            )
        elif option.name in by_option:
            violations.append(FieldViolation(f"variant.option_values[{n}]", f"{option.name} is given twice"))
        else:
            by_option[option.name] = spelled
    missing = [o.name for o in options if o.name not in by_option]
    if missing and not violations:
        violations.append(FieldViolation("variant.option_values", f"needs a value of {', '.join(missing)}"))
    if violations:
        raise InvalidArgument(violations)
    return tuple((o.name, by_option[o.name]) for o in options)


def combination(values: OptionValues) -> str:
    """The key no two active variants of a product share."""
    return "\x1f".join(f"{_key(name)}={_key(value)}" for name, value in values)


def reassigned(
    before: Sequence[Option], after: Sequence[Option], variants: Sequence[Variant]
) -> dict[str, OptionValues]:
    """The active variants' option values under the product's new options: a new option gives each its first
    value, a removed option leaves them, a kept one keeps the variant's value. Refused (OPTION_IN_USE) when an
    active variant has a value that is gone, or when two would end up with the same combination."""
    kept_values = {_key(o.name): {_key(v): v for v in o.values} for o in after}
    was = {_key(o.name) for o in before}
    changed: dict[str, OptionValues] = {}
    seen: dict[str, str] = {}
    problems = []
    for variant in (v for v in variants if v.active):
        mine = {_key(name): value for name, value in variant.fields.option_values}
        values = []
        for option in after:
            key = _key(option.name)
            if key in mine and key in was:
                spelled = kept_values[key].get(_key(mine[key]))
                if spelled is None:
                    problems.append(
                        PreconditionViolation(
                            "OPTION",
                            variant.name,
                            f"{variant.sku} is {option.name} {mine[key]}; archive it before removing that value",
                        )
                    )
                    break
                values.append((option.name, spelled))
            else:
                values.append((option.name, option.values[0]))
        else:
            new = tuple(values)
            other = seen.setdefault(combination(new), variant.sku)
            if other != variant.sku:
                problems.append(
                    PreconditionViolation(
                        "OPTION", variant.name, f"{variant.sku} and {other} would be the same; archive one first"
                    )
                )
            if new != variant.fields.option_values:
                changed[variant.id] = new
    if problems:
        raise FailedPrecondition(problems, reason="OPTION_IN_USE")
    return changed


def resolve_variant(product: Product, variant_id: str, *, field: str) -> Variant:
    """The variant a line names; none named: the product's first active one (its first, once all are archived)."""
    if variant_id:
        found = product.variant(variant_id)
        if found is None:
            raise NotFound(VARIANT, f"{product.name}/variants/{variant_id}")
        return found
    if not product.variants:
        raise InvalidArgument.field(field, f"{product.name} has no variant")
    return next((v for v in product.variants if v.active), product.variants[0])


def combinations(options: Sequence[Option]) -> list[OptionValues]:
    """Every combination of the options' values, in the order shoppers see them."""
    result: list[OptionValues] = [()]
    for option in options:
        result = [(*done, (option.name, value)) for done in result for value in option.values]
    return result if options else []


def generated_sku(product_sku: str, values: OptionValues) -> str:
    """``<product SKU>-<value>-...`` in the SKU alphabet (upper-case letters, digits, dashes), at most 64."""
    parts = [product_sku]
    for _, value in values:
        word = "".join(c if c.isascii() and c.isalnum() else "-" for c in value.upper())
        parts.append("-".join(piece for piece in word.split("-") if piece) or "X")
    return "-".join(parts)[:64].rstrip("-")


def check_variant_fields(fields: VariantFields) -> VariantFields:
    if fields.dimensions_mm is not None and not all(side >= 0 for side in fields.dimensions_mm):
        raise InvalidArgument.field("variant.dimensions", "sides are 0 mm or more")
    return fields


def apply_variant_changes(current: VariantFields, changes: VariantFields, paths: set[str]) -> VariantFields:
    return VariantFields(
        option_values=changes.option_values if "option_values" in paths else current.option_values,
        price=changes.price if "price" in paths else current.price,
        weight_grams=changes.weight_grams if "weight_grams" in paths else current.weight_grams,
        dimensions_mm=changes.dimensions_mm if "dimensions" in paths else current.dimensions_mm,
        barcode=changes.barcode if "barcode" in paths else current.barcode,
        image_uris=changes.image_uris if "image_uris" in paths else current.image_uris,
    )
