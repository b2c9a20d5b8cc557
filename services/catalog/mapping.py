"""Catalog resources between the domain and protobuf, for the API and the events alike."""

from __future__ import annotations

import uuid
from collections import OrderedDict
from datetime import UTC, datetime

from services.catalog import attributes, domain, gallery, pricing
from services.catalog.domain import Category, Option, Product, ProductFields, Variant, VariantFields
from services.catalog.pricing import Priced, Promotion
from services.runtime import money
from services.runtime.exchange_rates import Rate
from services.runtime.money import Money
from services.runtime.resource_versions import timestamp
from shop.catalog.v1 import catalog_service_pb2, currency_pb2, product_pb2, promotion_pb2

_STATES = {domain.ACTIVE: product_pb2.Product.STATE_ACTIVE, domain.ARCHIVED: product_pb2.Product.STATE_ARCHIVED}


def product_to_pb(product: Product) -> product_pb2.Product:
    fields = product.fields
    return product_pb2.Product(
        name=product.name,
        sku=product.sku,
        display_name=fields.display_name,
        description=fields.description,
        category=f"categories/{fields.category_id}",
        price=money.to_proto(product.price),
        attributes=dict(fields.attributes),
        image_uris=list(fields.image_uris),
        state=_STATES[product.state],
        create_time=timestamp(product.create_time),
        update_time=timestamp(product.update_time),
        etag=product.etag,
        options=[product_pb2.ProductOption(name=o.name, values=o.values) for o in fields.options],
        variants=[variant_to_pb(product, variant) for variant in product.variants],
        images=[image_to_pb(image) for image in product.images],
    )


_IMAGE_STATES = {
    gallery.PROCESSING: product_pb2.ProductImage.STATE_PROCESSING,
    gallery.READY: product_pb2.ProductImage.STATE_READY,
    gallery.FAILED: product_pb2.ProductImage.STATE_FAILED,
}
_RENDITION_FORMATS = {
    "jpeg": product_pb2.ImageRendition.FORMAT_JPEG,
    "webp": product_pb2.ImageRendition.FORMAT_WEBP,
}


def image_to_pb(image: gallery.Image) -> product_pb2.ProductImage:
    return product_pb2.ProductImage(
        name=image.name,
        alt_text=image.alt_text,
        position=image.position,
        variants=[f"products/{image.product_id}/variants/{v}" for v in image.variant_ids],
        state=_IMAGE_STATES[image.state],
        width=image.width,
        height=image.height,
        content_type=image.content_type,
        renditions=[
            product_pb2.ImageRendition(width=r.width, height=r.height, format=_RENDITION_FORMATS[r.format], uri=r.uri)
            for r in image.renditions
        ],
        create_time=timestamp(image.create_time),
        etag=image.etag,
    )


_VARIANT_STATES = {
    domain.ACTIVE: product_pb2.ProductVariant.STATE_ACTIVE,
    domain.ARCHIVED: product_pb2.ProductVariant.STATE_ARCHIVED,
}


def variant_to_pb(product: Product, variant: Variant) -> product_pb2.ProductVariant:
    fields = variant.fields
    message = product_pb2.ProductVariant(
        name=variant.name,
        sku=variant.sku,
        option_values=[product_pb2.OptionValue(option=name, value=value) for name, value in fields.option_values],
        price=money.to_proto(product.price_of(variant)),
        own_price=fields.price is not None,
        weight_grams=fields.weight_grams,
        barcode=fields.barcode,
        image_uris=fields.image_uris,
        state=_VARIANT_STATES[variant.state],
        create_time=timestamp(variant.create_time),
        update_time=timestamp(variant.update_time),
        etag=variant.etag,
    )
    if fields.dimensions_mm is not None:
        length, width, height = fields.dimensions_mm
        message.dimensions.CopyFrom(product_pb2.Dimensions(length_mm=length, width_mm=width, height_mm=height))
    return message


def variant_fields_from_pb(variant: product_pb2.ProductVariant) -> VariantFields:
    dimensions = variant.dimensions
    return VariantFields(
        option_values=tuple((v.option, v.value) for v in variant.option_values),
        price=money.from_proto(variant.price, field="variant.price") if variant.HasField("price") else None,
        weight_grams=variant.weight_grams,
        dimensions_mm=(
            (dimensions.length_mm, dimensions.width_mm, dimensions.height_mm)
            if variant.HasField("dimensions")
            else None
        ),
        barcode=variant.barcode,
        image_uris=tuple(variant.image_uris),
    )


class ProductMessages:
    """``product_to_pb`` built once per product version and kept (least recently used dropped past ``capacity``).

    Building a message costs more than the rest of a cached read; a version's content never changes (every
    update bumps it), so a kept message needs no invalidation.
    """

    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._messages: OrderedDict[tuple[str, int], product_pb2.Product] = OrderedDict()

    def of(self, product: Product) -> product_pb2.Product:
        key = (product.id, product.version)
        message = self._messages.get(key)
        if message is None:
            message = self._messages[key] = product_to_pb(product)
            if len(self._messages) > self._capacity:
                self._messages.popitem(last=False)
        else:
            self._messages.move_to_end(key)
        return message


_ATTRIBUTE_TYPES = {
    attributes.TEXT: product_pb2.AttributeDefinition.TYPE_TEXT,
    attributes.NUMBER: product_pb2.AttributeDefinition.TYPE_NUMBER,
    attributes.BOOLEAN: product_pb2.AttributeDefinition.TYPE_BOOLEAN,
    attributes.CHOICE: product_pb2.AttributeDefinition.TYPE_CHOICE,
}
_ATTRIBUTE_TYPE_NAMES = {number: name for name, number in _ATTRIBUTE_TYPES.items()}


def category_to_pb(category: Category) -> product_pb2.Category:
    return product_pb2.Category(
        name=category.name,
        display_name=category.display_name,
        description=category.description,
        create_time=timestamp(category.create_time),
        attributes=[
            product_pb2.AttributeDefinition(
                key=d.key,
                display_name=d.display_name,
                type=_ATTRIBUTE_TYPES[d.type],
                unit=d.unit,
                choices=d.choices,
                filterable=d.filterable,
                required=d.required,
            )
            for d in category.attributes
        ],
    )


def definitions_from_pb(category: product_pb2.Category) -> list[attributes.AttributeDefinition]:
    return [
        attributes.AttributeDefinition(
            key=d.key,
            display_name=" ".join(d.display_name.split()),
            type=_ATTRIBUTE_TYPE_NAMES[d.type],
            unit=d.unit.strip(),
            choices=tuple(d.choices),
            filterable=d.filterable,
            required=d.required,
        )
        for d in category.attributes
    ]


def fields_from_pb(product: product_pb2.Product) -> ProductFields:
    return ProductFields(
        display_name=product.display_name,
        description=product.description,
        category_id=product.category.removeprefix("categories/"),
        price=money.from_proto(product.price, field="product.price") if product.HasField("price") else None,
        attributes=dict(product.attributes),
        image_uris=list(product.image_uris),
        options=tuple(Option(o.name, tuple(o.values)) for o in product.options),
    )


_KINDS = {
    pricing.PERCENT_OFF: promotion_pb2.Promotion.KIND_PERCENT_OFF,
    pricing.AMOUNT_OFF: promotion_pb2.Promotion.KIND_AMOUNT_OFF,
}
_PROMOTION_STATES = {
    domain.ACTIVE: promotion_pb2.Promotion.STATE_ACTIVE,
    domain.ARCHIVED: promotion_pb2.Promotion.STATE_ARCHIVED,
}


def promotion_to_pb(promotion: Promotion) -> promotion_pb2.Promotion:
    message = promotion_pb2.Promotion(
        name=promotion.name,
        display_name=promotion.display_name,
        kind=_KINDS[promotion.kind],
        percent_off=promotion.percent_off,
        products=[f"products/{p}" for p in promotion.product_ids],
        categories=[f"categories/{c}" for c in promotion.category_ids],
        variants=list(promotion.variants),
        coupon_code=promotion.coupon_code,
        max_redemptions=promotion.max_redemptions,
        max_redemptions_per_customer=promotion.max_redemptions_per_customer,
        start_time=timestamp(promotion.start_time),
        redemptions=promotion.redemptions,
        state=_PROMOTION_STATES[promotion.state],
        create_time=timestamp(promotion.create_time),
        etag=promotion.etag,
    )
    if promotion.amount_off is not None:
        message.amount_off.CopyFrom(money.to_proto(promotion.amount_off))
    if promotion.min_spend is not None:
        message.min_spend.CopyFrom(money.to_proto(promotion.min_spend))
    if promotion.end_time is not None:
        message.end_time.CopyFrom(timestamp(promotion.end_time))
    return message


def promotion_from_pb(message: promotion_pb2.Promotion, now: datetime) -> Promotion:
    """A new promotion from an admin's message (its terms checked by ``promotions.check_terms``)."""

    def amount(field: str) -> Money | None:
        if not message.HasField(field):
            return None
        found = money.from_proto(getattr(message, field), field=f"promotion.{field}")
        return found if found.minor_units else None

    return Promotion(
        id=str(uuid.uuid4()),
        display_name=" ".join(message.display_name.split()),
        kind={v: k for k, v in _KINDS.items()}[message.kind],
        percent_off=message.percent_off,
        amount_off=amount("amount_off"),
        product_ids=tuple(p.removeprefix("products/") for p in message.products),
        category_ids=tuple(c.removeprefix("categories/") for c in message.categories),
        variants=tuple(message.variants),
        coupon_code=message.coupon_code.upper(),
        min_spend=amount("min_spend"),
        max_redemptions=message.max_redemptions,
        max_redemptions_per_customer=message.max_redemptions_per_customer,
        start_time=message.start_time.ToDatetime(tzinfo=UTC) if message.HasField("start_time") else now,
        end_time=message.end_time.ToDatetime(tzinfo=UTC) if message.HasField("end_time") else None,
        redemptions=0,
        state=domain.ACTIVE,
        create_time=now,
    )


def priced_to_pb(
    products: list[Product], variants: list[Variant], priced: Priced, messages: ProductMessages
) -> catalog_service_pb2.PriceItemsResponse:
    """``products`` and ``variants`` as they are; ``priced``'s copies carry each line's price in the currency
    priced in."""
    currency = priced.products[0].price.currency
    lines = []
    for i, converted in enumerate(priced.products):
        product = messages.of(products[i])  # built once per product version, its variants' messages with it
        lines.append(
            promotion_pb2.PricedLine(
                product=product,
                quantity=priced.quantities[i],
                line_total=money.to_proto(Money(currency, priced.totals[i])),
                discount=money.to_proto(Money(currency, priced.discounts[i])),
                unit_price=money.to_proto(converted.price),
                variant=product.variants[products[i].variants.index(variants[i])],
            )
        )
    return catalog_service_pb2.PriceItemsResponse(
        lines=lines,
        subtotal=money.to_proto(Money(currency, sum(priced.totals))),
        discount=money.to_proto(Money(currency, sum(priced.discounts))),
        discounts=[
            promotion_pb2.AppliedDiscount(
                promotion=promotion.name,
                display_name=promotion.display_name,
                coupon_code=promotion.coupon_code,
                amount=money.to_proto(Money(currency, taken)),
            )
            for promotion, taken in priced.applied
        ],
    )


def currency_to_pb(rate: Rate) -> currency_pb2.Currency:
    return currency_pb2.Currency(
        currency_code=rate.currency,
        rate=rate.rate,
        decimal_places=money.CURRENCY_EXPONENTS[rate.currency],
        update_time=timestamp(rate.update_time),
    )
