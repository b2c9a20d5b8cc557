"""Catalog resources between the domain and protobuf, for the API and the events alike."""

from __future__ import annotations

from services.catalog import domain
from services.catalog.domain import Category, Product, ProductFields
from services.runtime import money
from services.runtime.resource_versions import timestamp
from shop.catalog.v1 import product_pb2

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
    )


def category_to_pb(category: Category) -> product_pb2.Category:
    return product_pb2.Category(
        name=category.name,
        display_name=category.display_name,
        description=category.description,
        create_time=timestamp(category.create_time),
    )


def fields_from_pb(product: product_pb2.Product) -> ProductFields:
    return ProductFields(
        display_name=product.display_name,
        description=product.description,
        category_id=product.category.removeprefix("categories/"),
        price=money.from_proto(product.price, field="product.price") if product.HasField("price") else None,
        attributes=dict(product.attributes),
        image_uris=list(product.image_uris),
    )
