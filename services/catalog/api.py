"""CatalogService over gRPC: parse the request, call the service layer, map the result to protobuf."""

from __future__ import annotations

from datetime import UTC, datetime

import grpc

from services.catalog import domain, gallery
from services.catalog.currencies import CurrenciesService
from services.catalog.mapping import (
    ProductMessages,
    category_to_pb,
    currency_to_pb,
    definitions_from_pb,
    fields_from_pb,
    image_to_pb,
    priced_to_pb,
    product_to_pb,
    promotion_from_pb,
    promotion_to_pb,
    variant_fields_from_pb,
    variant_to_pb,
)
from services.catalog.media import MediaService
from services.catalog.promotions import PromotionsService
from services.catalog.service import CatalogService
from services.catalog.variants import VariantsService
from services.runtime import fieldmask
from shop.catalog.v1 import catalog_service_pb2 as pb
from shop.catalog.v1 import catalog_service_pb2_grpc


def _id(name: str, collection: str) -> str:
    return name.removeprefix(f"{collection}/")


def _image_ids(name: str) -> tuple[str, str]:
    """``products/{product}/images/{image}`` → (product, image); anything else → ("", "")."""
    parts = name.split("/")
    return (parts[1], parts[3]) if len(parts) == 4 and parts[0] == "products" and parts[2] == "images" else ("", "")


def _variant_ids(name: str) -> tuple[str, str]:
    """``products/{product}/variants/{variant}`` → (product, variant); "" → ("", "")."""
    parts = name.split("/")
    return (parts[1], parts[3]) if len(parts) == 4 else ("", "")


class CatalogApi(catalog_service_pb2_grpc.CatalogServiceServicer):
    def __init__(
        self,
        catalog: CatalogService,
        promotions: PromotionsService,
        currencies: CurrenciesService,
        variants: VariantsService,
        media: MediaService,
        *,
        messages: ProductMessages | None = None,
    ) -> None:
        self._catalog = catalog
        self._promotions = promotions
        self._currencies = currencies
        self._variants = variants
        self._media = media
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

    async def GetProductVariant(
        self, request: pb.GetProductVariantRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetProductVariantResponse:
        product, variant = await self._variants.get(*_variant_ids(request.name))
        return pb.GetProductVariantResponse(variant=variant_to_pb(product, variant))

    async def CreateProductVariant(
        self, request: pb.CreateProductVariantRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateProductVariantResponse:
        product, variant = await self._variants.create(
            _id(request.parent, "products"),
            sku=request.variant.sku,
            fields=variant_fields_from_pb(request.variant),
            request_id=request.request_id,
        )
        return pb.CreateProductVariantResponse(variant=variant_to_pb(product, variant))

    async def UpdateProductVariant(
        self, request: pb.UpdateProductVariantRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateProductVariantResponse:
        paths = fieldmask.paths(request.update_mask, allowed=domain.VARIANT_UPDATABLE, default=())
        product, variant = await self._variants.update(
            *_variant_ids(request.variant.name),
            changes=variant_fields_from_pb(request.variant),
            paths=paths,
            etag=request.variant.etag,
        )
        return pb.UpdateProductVariantResponse(variant=variant_to_pb(product, variant))

    async def ArchiveProductVariant(
        self, request: pb.ArchiveProductVariantRequest, context: grpc.aio.ServicerContext
    ) -> pb.ArchiveProductVariantResponse:
        product, variant = await self._variants.archive(*_variant_ids(request.name), etag=request.etag)
        return pb.ArchiveProductVariantResponse(variant=variant_to_pb(product, variant))

    async def StartProductImageUpload(
        self, request: pb.StartProductImageUploadRequest, context: grpc.aio.ServicerContext
    ) -> pb.StartProductImageUploadResponse:
        upload = await self._media.start_upload(_id(request.parent, "products"), request.content_type)
        response = pb.StartProductImageUploadResponse(
            upload_uri=upload.uri,
            content_type=upload.content_type,
            upload_token=upload.token,
            max_bytes=upload.max_bytes,
        )
        response.expire_time.FromDatetime(upload.expire_time)
        return response

    async def CreateProductImage(
        self, request: pb.CreateProductImageRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateProductImageResponse:
        image = await self._media.create(
            _id(request.parent, "products"),
            token=request.upload_token,
            alt_text=request.image.alt_text,
            variants=list(request.image.variants),
        )
        return pb.CreateProductImageResponse(image=image_to_pb(image))

    async def UpdateProductImage(
        self, request: pb.UpdateProductImageRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateProductImageResponse:
        paths = fieldmask.paths(request.update_mask, allowed=gallery.UPDATABLE, default=())
        image = await self._media.update(
            *_image_ids(request.image.name),
            alt_text=request.image.alt_text,
            position=request.image.position,
            variants=list(request.image.variants),
            paths=paths,
            etag=request.image.etag,
        )
        return pb.UpdateProductImageResponse(image=image_to_pb(image))

    async def DeleteProductImage(
        self, request: pb.DeleteProductImageRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeleteProductImageResponse:
        await self._media.delete(*_image_ids(request.name))
        return pb.DeleteProductImageResponse()

    async def GenerateProductVariants(
        self, request: pb.GenerateProductVariantsRequest, context: grpc.aio.ServicerContext
    ) -> pb.GenerateProductVariantsResponse:
        product = await self._variants.generate(_id(request.product, "products"))
        return pb.GenerateProductVariantsResponse(product=product_to_pb(product))

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
            request.category_id,
            display_name=request.category.display_name,
            description=request.category.description,
            definitions=definitions_from_pb(request.category),
        )
        return pb.CreateCategoryResponse(category=category_to_pb(category))

    async def UpdateCategory(
        self, request: pb.UpdateCategoryRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateCategoryResponse:
        paths = fieldmask.paths(request.update_mask, allowed=domain.CATEGORY_UPDATABLE, default=())
        category = await self._catalog.update_category(
            _id(request.category.name, "categories"),
            display_name=request.category.display_name,
            description=request.category.description,
            definitions=definitions_from_pb(request.category),
            paths=paths,
        )
        return pb.UpdateCategoryResponse(category=category_to_pb(category))

    # --- promotions ---------------------------------------------------------------------------------

    async def PriceItems(
        self, request: pb.PriceItemsRequest, context: grpc.aio.ServicerContext
    ) -> pb.PriceItemsResponse:
        products, variants, priced = await self._promotions.price(
            [(_id(item.product, "products"), _variant_ids(item.variant)[1], item.quantity) for item in request.items],
            request.coupon_code,
            request.customer,
            request.currency_code,
        )
        return priced_to_pb(products, variants, priced, self._messages)

    async def ListCurrencies(
        self, request: pb.ListCurrenciesRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListCurrenciesResponse:
        rates = await self._currencies.rates()
        return pb.ListCurrenciesResponse(
            base_currency=rates.base, currencies=[currency_to_pb(rate) for rate in rates.sold]
        )

    async def SetCurrencyRate(
        self, request: pb.SetCurrencyRateRequest, context: grpc.aio.ServicerContext
    ) -> pb.SetCurrencyRateResponse:
        rate = await self._currencies.set_rate(_id(request.name, "currencies"), request.rate)
        return pb.SetCurrencyRateResponse(currency=currency_to_pb(rate))

    async def RedeemCoupon(
        self, request: pb.RedeemCouponRequest, context: grpc.aio.ServicerContext
    ) -> pb.RedeemCouponResponse:
        promotion = await self._promotions.redeem(request.order, request.customer, request.coupon_code)
        return pb.RedeemCouponResponse(promotion=promotion_to_pb(promotion))

    async def ReleaseCoupon(
        self, request: pb.ReleaseCouponRequest, context: grpc.aio.ServicerContext
    ) -> pb.ReleaseCouponResponse:
        await self._promotions.release(request.order)
        return pb.ReleaseCouponResponse()

    async def CreatePromotion(
        self, request: pb.CreatePromotionRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreatePromotionResponse:
        promotion = promotion_from_pb(request.promotion, datetime.now(UTC))
        created = await self._promotions.create(promotion, request.request_id)
        return pb.CreatePromotionResponse(promotion=promotion_to_pb(created))

    async def GetPromotion(
        self, request: pb.GetPromotionRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetPromotionResponse:
        found = await self._promotions.get(_id(request.name, "promotions"))
        return pb.GetPromotionResponse(promotion=promotion_to_pb(found))

    async def ListPromotions(
        self, request: pb.ListPromotionsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListPromotionsResponse:
        found, token = await self._promotions.list(request.page_size, request.page_token)
        return pb.ListPromotionsResponse(promotions=[promotion_to_pb(p) for p in found], next_page_token=token)

    async def ArchivePromotion(
        self, request: pb.ArchivePromotionRequest, context: grpc.aio.ServicerContext
    ) -> pb.ArchivePromotionResponse:
        archived = await self._promotions.archive(_id(request.name, "promotions"))
        return pb.ArchivePromotionResponse(promotion=promotion_to_pb(archived))
