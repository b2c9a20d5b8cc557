"""What the cart needs from the catalog: a product's current SKU, name, price and state."""

from __future__ import annotations

from dataclasses import dataclass

import grpc

from services.runtime import money
from services.runtime.channels import ServiceChannel, as_domain_error
from services.runtime.money import Money
from shop.catalog.v1 import catalog_service_pb2, catalog_service_pb2_grpc, product_pb2


@dataclass(frozen=True)
class ProductView:
    product_id: str
    sku: str
    display_name: str
    price: Money
    active: bool


class CatalogClient:
    def __init__(self, channel: ServiceChannel) -> None:
        self._stub = catalog_service_pb2_grpc.CatalogServiceStub(channel)

    async def products(self, product_ids: list[str]) -> dict[str, ProductView]:
        try:
            response = await self._stub.BatchGetProducts(
                catalog_service_pb2.BatchGetProductsRequest(names=[f"products/{i}" for i in product_ids])
            )
        except grpc.aio.AioRpcError as error:
            raise as_domain_error(error, "catalog") from error
        return {
            p.name.removeprefix("products/"): ProductView(
                product_id=p.name.removeprefix("products/"),
                sku=p.sku,
                display_name=p.display_name,
                price=money.from_proto(p.price, field="price"),
                active=p.state == product_pb2.Product.STATE_ACTIVE,
            )
            for p in response.products
        }
