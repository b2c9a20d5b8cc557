"""Where ``rebuild`` learns the products for sale and their stock: the catalog's and inventory's public APIs."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from typing import Any

import grpc

from services.runtime.channels import ServiceChannel
from services.runtime.dependency_errors import as_domain_error
from shop.catalog.v1 import catalog_service_pb2, catalog_service_pb2_grpc, product_pb2
from shop.inventory.v1 import inventory_service_pb2, inventory_service_pb2_grpc

MAX_SKUS_PER_CALL = 100


class CatalogFeed:
    def __init__(self, catalog: ServiceChannel, inventory: ServiceChannel) -> None:
        self._catalog = catalog_service_pb2_grpc.CatalogServiceStub(catalog)
        self._inventory = inventory_service_pb2_grpc.InventoryServiceStub(inventory)

    @staticmethod
    async def _every(fetch: Callable[[str], Awaitable[Any]], field: str) -> AsyncIterator[Any]:
        """Every item of one of the catalog's lists, page after page (``fetch(page_token)`` gets one page)."""
        token = ""
        while True:
            try:
                page = await fetch(token)
            except grpc.aio.AioRpcError as error:
                raise as_domain_error(error, "catalog") from error
            for item in getattr(page, field):
                yield item
            token = page.next_page_token
            if not token:
                return

    def products(self) -> AsyncIterator[product_pb2.Product]:
        return self._every(
            lambda token: self._catalog.ListProducts(
                catalog_service_pb2.ListProductsRequest(page_size=100, page_token=token), timeout=10
            ),
            "products",
        )

    def categories(self) -> AsyncIterator[product_pb2.Category]:
        return self._every(
            lambda token: self._catalog.ListCategories(
                catalog_service_pb2.ListCategoriesRequest(page_size=100, page_token=token), timeout=10
            ),
            "categories",
        )

    async def availability(self, skus: Sequence[str]) -> dict[str, int]:
        """Units available of each SKU, asked 100 at a time (GetAvailability's limit)."""
        wanted = sorted(set(skus))
        found: dict[str, int] = {}
        for start in range(0, len(wanted), MAX_SKUS_PER_CALL):
            try:
                response = await self._inventory.GetAvailability(
                    inventory_service_pb2.GetAvailabilityRequest(skus=wanted[start : start + MAX_SKUS_PER_CALL]),
                    timeout=10,
                )
            except grpc.aio.AioRpcError as error:
                raise as_domain_error(error, "inventory") from error
            found.update({a.sku: a.available for a in response.availabilities})
        return found
