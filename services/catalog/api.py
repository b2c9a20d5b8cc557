"""CatalogService over gRPC: parse the request, call the service layer, map the result to protobuf."""

from __future__ import annotations

import grpc

from services.catalog import domain
from services.catalog.mapping import ProductMessages, category_to_pb, fields_from_pb, product_to_pb
from services.catalog.service import CatalogService
from services.runtime import fieldmask
from shop.catalog.v1 import catalog_service_pb2 as pb
from shop.catalog.v1 import catalog_service_pb2_grpc


def _id(name: str, collection: str) -> str:
    return name.removeprefix(f"{collection}/")


class CatalogApi(catalog_service_pb2_grpc.CatalogServiceServicer):
    def __init__(self, catalog: CatalogService, *, messages: ProductMessages | None = None) -> None:
        self._catalog = catalog
        self._messages = messages or ProductMessages(capacity=0)  # capacity 0 keeps none

    async def GetProduct(
        self, request: pb.GetProductRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetProductResponse:
        product = await self._catalog.get_product(_id(request.name, "products"))
        return pb.GetProductResponse(product=self._messages.of(product))

    async def ListProducts(
        self, request: pb.ListProductsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListProductsResponse:
        products, token = await self._catalog.list_products(
            category_id=_id(request.category, "categories"),
            order_by=request.order_by,
            page_size=request.page_size,
            page_token=request.page_token,
        )
        return pb.ListProductsResponse(products=[self._messages.of(p) for p in products], next_page_token=token)

    async def BatchGetProducts(
        self, request: pb.BatchGetProductsRequest, context: grpc.aio.ServicerContext
    ) -> pb.BatchGetProductsResponse:
        products = await self._catalog.batch_get_products([_id(n, "products") for n in request.names])
        return pb.BatchGetProductsResponse(products=[self._messages.of(p) for p in products])

    async def CreateProduct(
        self, request: pb.CreateProductRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateProductResponse:
        product = await self._catalog.create_product(
            sku=request.product.sku, fields=fields_from_pb(request.product), request_id=request.request_id
        )
        return pb.CreateProductResponse(product=product_to_pb(product))

    async def UpdateProduct(
        self, request: pb.UpdateProductRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateProductResponse:
        paths = fieldmask.paths(request.update_mask, allowed=domain.UPDATABLE, default=())
        product = await self._catalog.update_product(
            _id(request.product.name, "products"),
            changes=fields_from_pb(request.product),
            paths=paths,
            etag=request.product.etag,
        )
        return pb.UpdateProductResponse(product=product_to_pb(product))

    async def ArchiveProduct(
        self, request: pb.ArchiveProductRequest, context: grpc.aio.ServicerContext
    ) -> pb.ArchiveProductResponse:
        product = await self._catalog.archive_product(_id(request.name, "products"), etag=request.etag)
        return pb.ArchiveProductResponse(product=product_to_pb(product))

    async def DeleteProduct(
        self, request: pb.DeleteProductRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeleteProductResponse:
        await self._catalog.delete_product(_id(request.name, "products"), etag=request.etag)
        return pb.DeleteProductResponse()

    async def GetCategory(
        self, request: pb.GetCategoryRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetCategoryResponse:
        category = await self._catalog.get_category(_id(request.name, "categories"))
        return pb.GetCategoryResponse(category=category_to_pb(category))

    async def ListCategories(
        self, request: pb.ListCategoriesRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListCategoriesResponse:
        categories, token = await self._catalog.list_categories(
            page_size=request.page_size, page_token=request.page_token
        )
        return pb.ListCategoriesResponse(categories=[category_to_pb(c) for c in categories], next_page_token=token)

    async def CreateCategory(
        self, request: pb.CreateCategoryRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateCategoryResponse:
        category = await self._catalog.create_category(
            request.category_id, display_name=request.category.display_name, description=request.category.description
        )
        return pb.CreateCategoryResponse(category=category_to_pb(category))
