"""Catalog resources between the domain and protobuf, for the API and the events alike."""

from __future__ import annotations

from collections import OrderedDict

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
