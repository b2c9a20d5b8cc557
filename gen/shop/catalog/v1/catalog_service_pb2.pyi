import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.type import money_pb2 as _money_pb2
from shop.auth.v1 import access_pb2 as _access_pb2
from shop.catalog.v1 import currency_pb2 as _currency_pb2
from shop.catalog.v1 import product_pb2 as _product_pb2
from shop.catalog.v1 import promotion_pb2 as _promotion_pb2
from shop.edge.v1 import cache_pb2 as _cache_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetProductRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetProductResponse(_message.Message):
    __slots__ = ("product",)
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    product: _product_pb2.Product
    def __init__(self, product: _Optional[_Union[_product_pb2.Product, _Mapping]] = ...) -> None: ...

class ListProductsRequest(_message.Message):
    __slots__ = ("page_size", "page_token", "category", "order_by")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    ORDER_BY_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    category: str
    order_by: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., category: _Optional[str] = ..., order_by: _Optional[str] = ...) -> None: ...

class ListProductsResponse(_message.Message):
    __slots__ = ("products", "next_page_token")
    PRODUCTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    products: _containers.RepeatedCompositeFieldContainer[_product_pb2.Product]
    next_page_token: str
    def __init__(self, products: _Optional[_Iterable[_Union[_product_pb2.Product, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class BatchGetProductsRequest(_message.Message):
    __slots__ = ("names",)
    NAMES_FIELD_NUMBER: _ClassVar[int]
    names: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, names: _Optional[_Iterable[str]] = ...) -> None: ...

class BatchGetProductsResponse(_message.Message):
    __slots__ = ("products",)
    PRODUCTS_FIELD_NUMBER: _ClassVar[int]
    products: _containers.RepeatedCompositeFieldContainer[_product_pb2.Product]
    def __init__(self, products: _Optional[_Iterable[_Union[_product_pb2.Product, _Mapping]]] = ...) -> None: ...

class CreateProductRequest(_message.Message):
    __slots__ = ("product", "request_id")
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    product: _product_pb2.Product
    request_id: str
    def __init__(self, product: _Optional[_Union[_product_pb2.Product, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateProductResponse(_message.Message):
    __slots__ = ("product",)
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    product: _product_pb2.Product
    def __init__(self, product: _Optional[_Union[_product_pb2.Product, _Mapping]] = ...) -> None: ...

class UpdateProductRequest(_message.Message):
    __slots__ = ("product", "update_mask")
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    product: _product_pb2.Product
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, product: _Optional[_Union[_product_pb2.Product, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateProductResponse(_message.Message):
    __slots__ = ("product",)
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    product: _product_pb2.Product
    def __init__(self, product: _Optional[_Union[_product_pb2.Product, _Mapping]] = ...) -> None: ...

class ArchiveProductRequest(_message.Message):
    __slots__ = ("name", "etag")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    name: str
    etag: str
    def __init__(self, name: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class ArchiveProductResponse(_message.Message):
    __slots__ = ("product",)
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    product: _product_pb2.Product
    def __init__(self, product: _Optional[_Union[_product_pb2.Product, _Mapping]] = ...) -> None: ...

class DeleteProductRequest(_message.Message):
    __slots__ = ("name", "etag")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    name: str
    etag: str
    def __init__(self, name: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class DeleteProductResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetProductVariantRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetProductVariantResponse(_message.Message):
    __slots__ = ("variant",)
    VARIANT_FIELD_NUMBER: _ClassVar[int]
    variant: _product_pb2.ProductVariant
    def __init__(self, variant: _Optional[_Union[_product_pb2.ProductVariant, _Mapping]] = ...) -> None: ...

class CreateProductVariantRequest(_message.Message):
    __slots__ = ("parent", "variant", "request_id")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    VARIANT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    parent: str
    variant: _product_pb2.ProductVariant
    request_id: str
    def __init__(self, parent: _Optional[str] = ..., variant: _Optional[_Union[_product_pb2.ProductVariant, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateProductVariantResponse(_message.Message):
    __slots__ = ("variant",)
    VARIANT_FIELD_NUMBER: _ClassVar[int]
    variant: _product_pb2.ProductVariant
    def __init__(self, variant: _Optional[_Union[_product_pb2.ProductVariant, _Mapping]] = ...) -> None: ...

class UpdateProductVariantRequest(_message.Message):
    __slots__ = ("variant", "update_mask")
    VARIANT_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    variant: _product_pb2.ProductVariant
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, variant: _Optional[_Union[_product_pb2.ProductVariant, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateProductVariantResponse(_message.Message):
    __slots__ = ("variant",)
    VARIANT_FIELD_NUMBER: _ClassVar[int]
    variant: _product_pb2.ProductVariant
    def __init__(self, variant: _Optional[_Union[_product_pb2.ProductVariant, _Mapping]] = ...) -> None: ...

class ArchiveProductVariantRequest(_message.Message):
    __slots__ = ("name", "etag")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    name: str
    etag: str
    def __init__(self, name: _Optional[str] = ..., etag: _Optional[str] = ...) -> None: ...

class ArchiveProductVariantResponse(_message.Message):
    __slots__ = ("variant",)
    VARIANT_FIELD_NUMBER: _ClassVar[int]
    variant: _product_pb2.ProductVariant
    def __init__(self, variant: _Optional[_Union[_product_pb2.ProductVariant, _Mapping]] = ...) -> None: ...

class StartProductImageUploadRequest(_message.Message):
    __slots__ = ("parent", "content_type")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    parent: str
    content_type: str
    def __init__(self, parent: _Optional[str] = ..., content_type: _Optional[str] = ...) -> None: ...

class StartProductImageUploadResponse(_message.Message):
    __slots__ = ("upload_uri", "content_type", "upload_token", "expire_time", "max_bytes")
    UPLOAD_URI_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_TOKEN_FIELD_NUMBER: _ClassVar[int]
    EXPIRE_TIME_FIELD_NUMBER: _ClassVar[int]
    MAX_BYTES_FIELD_NUMBER: _ClassVar[int]
    upload_uri: str
    content_type: str
    upload_token: str
    expire_time: _timestamp_pb2.Timestamp
    max_bytes: int
    def __init__(self, upload_uri: _Optional[str] = ..., content_type: _Optional[str] = ..., upload_token: _Optional[str] = ..., expire_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., max_bytes: _Optional[int] = ...) -> None: ...

class CreateProductImageRequest(_message.Message):
    __slots__ = ("parent", "upload_token", "image")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    UPLOAD_TOKEN_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    parent: str
    upload_token: str
    image: _product_pb2.ProductImage
    def __init__(self, parent: _Optional[str] = ..., upload_token: _Optional[str] = ..., image: _Optional[_Union[_product_pb2.ProductImage, _Mapping]] = ...) -> None: ...

class CreateProductImageResponse(_message.Message):
    __slots__ = ("image",)
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    image: _product_pb2.ProductImage
    def __init__(self, image: _Optional[_Union[_product_pb2.ProductImage, _Mapping]] = ...) -> None: ...

class UpdateProductImageRequest(_message.Message):
    __slots__ = ("image", "update_mask")
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    image: _product_pb2.ProductImage
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, image: _Optional[_Union[_product_pb2.ProductImage, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateProductImageResponse(_message.Message):
    __slots__ = ("image",)
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    image: _product_pb2.ProductImage
    def __init__(self, image: _Optional[_Union[_product_pb2.ProductImage, _Mapping]] = ...) -> None: ...

class DeleteProductImageRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteProductImageResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GenerateProductVariantsRequest(_message.Message):
    __slots__ = ("product",)
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    product: str
    def __init__(self, product: _Optional[str] = ...) -> None: ...

class GenerateProductVariantsResponse(_message.Message):
    __slots__ = ("product",)
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    product: _product_pb2.Product
    def __init__(self, product: _Optional[_Union[_product_pb2.Product, _Mapping]] = ...) -> None: ...

class GetCategoryRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetCategoryResponse(_message.Message):
    __slots__ = ("category",)
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    category: _product_pb2.Category
    def __init__(self, category: _Optional[_Union[_product_pb2.Category, _Mapping]] = ...) -> None: ...

class ListCategoriesRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListCategoriesResponse(_message.Message):
    __slots__ = ("categories", "next_page_token")
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    categories: _containers.RepeatedCompositeFieldContainer[_product_pb2.Category]
    next_page_token: str
    def __init__(self, categories: _Optional[_Iterable[_Union[_product_pb2.Category, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class CreateCategoryRequest(_message.Message):
    __slots__ = ("category", "category_id")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_ID_FIELD_NUMBER: _ClassVar[int]
    category: _product_pb2.Category
    category_id: str
    def __init__(self, category: _Optional[_Union[_product_pb2.Category, _Mapping]] = ..., category_id: _Optional[str] = ...) -> None: ...

class CreateCategoryResponse(_message.Message):
    __slots__ = ("category",)
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    category: _product_pb2.Category
    def __init__(self, category: _Optional[_Union[_product_pb2.Category, _Mapping]] = ...) -> None: ...

class UpdateCategoryRequest(_message.Message):
    __slots__ = ("category", "update_mask")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    category: _product_pb2.Category
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, category: _Optional[_Union[_product_pb2.Category, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateCategoryResponse(_message.Message):
    __slots__ = ("category",)
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    category: _product_pb2.Category
    def __init__(self, category: _Optional[_Union[_product_pb2.Category, _Mapping]] = ...) -> None: ...

class PriceItemsRequest(_message.Message):
    __slots__ = ("items", "coupon_code", "customer", "currency_code")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    COUPON_CODE_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[_promotion_pb2.PriceItem]
    coupon_code: str
    customer: str
    currency_code: str
    def __init__(self, items: _Optional[_Iterable[_Union[_promotion_pb2.PriceItem, _Mapping]]] = ..., coupon_code: _Optional[str] = ..., customer: _Optional[str] = ..., currency_code: _Optional[str] = ...) -> None: ...

class PriceItemsResponse(_message.Message):
    __slots__ = ("lines", "subtotal", "discount", "discounts")
    LINES_FIELD_NUMBER: _ClassVar[int]
    SUBTOTAL_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_FIELD_NUMBER: _ClassVar[int]
    DISCOUNTS_FIELD_NUMBER: _ClassVar[int]
    lines: _containers.RepeatedCompositeFieldContainer[_promotion_pb2.PricedLine]
    subtotal: _money_pb2.Money
    discount: _money_pb2.Money
    discounts: _containers.RepeatedCompositeFieldContainer[_promotion_pb2.AppliedDiscount]
    def __init__(self, lines: _Optional[_Iterable[_Union[_promotion_pb2.PricedLine, _Mapping]]] = ..., subtotal: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., discount: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., discounts: _Optional[_Iterable[_Union[_promotion_pb2.AppliedDiscount, _Mapping]]] = ...) -> None: ...

class RedeemCouponRequest(_message.Message):
    __slots__ = ("order", "customer", "coupon_code")
    ORDER_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    COUPON_CODE_FIELD_NUMBER: _ClassVar[int]
    order: str
    customer: str
    coupon_code: str
    def __init__(self, order: _Optional[str] = ..., customer: _Optional[str] = ..., coupon_code: _Optional[str] = ...) -> None: ...

class RedeemCouponResponse(_message.Message):
    __slots__ = ("promotion",)
    PROMOTION_FIELD_NUMBER: _ClassVar[int]
    promotion: _promotion_pb2.Promotion
    def __init__(self, promotion: _Optional[_Union[_promotion_pb2.Promotion, _Mapping]] = ...) -> None: ...

class ReleaseCouponRequest(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: str
    def __init__(self, order: _Optional[str] = ...) -> None: ...

class ReleaseCouponResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CreatePromotionRequest(_message.Message):
    __slots__ = ("promotion", "request_id")
    PROMOTION_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    promotion: _promotion_pb2.Promotion
    request_id: str
    def __init__(self, promotion: _Optional[_Union[_promotion_pb2.Promotion, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreatePromotionResponse(_message.Message):
    __slots__ = ("promotion",)
    PROMOTION_FIELD_NUMBER: _ClassVar[int]
    promotion: _promotion_pb2.Promotion
    def __init__(self, promotion: _Optional[_Union[_promotion_pb2.Promotion, _Mapping]] = ...) -> None: ...

class GetPromotionRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetPromotionResponse(_message.Message):
    __slots__ = ("promotion",)
    PROMOTION_FIELD_NUMBER: _ClassVar[int]
    promotion: _promotion_pb2.Promotion
    def __init__(self, promotion: _Optional[_Union[_promotion_pb2.Promotion, _Mapping]] = ...) -> None: ...

class ListPromotionsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListPromotionsResponse(_message.Message):
    __slots__ = ("promotions", "next_page_token")
    PROMOTIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    promotions: _containers.RepeatedCompositeFieldContainer[_promotion_pb2.Promotion]
    next_page_token: str
    def __init__(self, promotions: _Optional[_Iterable[_Union[_promotion_pb2.Promotion, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ArchivePromotionRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ArchivePromotionResponse(_message.Message):
    __slots__ = ("promotion",)
    PROMOTION_FIELD_NUMBER: _ClassVar[int]
    promotion: _promotion_pb2.Promotion
    def __init__(self, promotion: _Optional[_Union[_promotion_pb2.Promotion, _Mapping]] = ...) -> None: ...

class ListCurrenciesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListCurrenciesResponse(_message.Message):
    __slots__ = ("base_currency", "currencies")
    BASE_CURRENCY_FIELD_NUMBER: _ClassVar[int]
    CURRENCIES_FIELD_NUMBER: _ClassVar[int]
    base_currency: str
    currencies: _containers.RepeatedCompositeFieldContainer[_currency_pb2.Currency]
    def __init__(self, base_currency: _Optional[str] = ..., currencies: _Optional[_Iterable[_Union[_currency_pb2.Currency, _Mapping]]] = ...) -> None: ...

class SetCurrencyRateRequest(_message.Message):
    __slots__ = ("name", "rate")
    NAME_FIELD_NUMBER: _ClassVar[int]
    RATE_FIELD_NUMBER: _ClassVar[int]
    name: str
    rate: str
    def __init__(self, name: _Optional[str] = ..., rate: _Optional[str] = ...) -> None: ...

class SetCurrencyRateResponse(_message.Message):
    __slots__ = ("currency",)
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    currency: _currency_pb2.Currency
    def __init__(self, currency: _Optional[_Union[_currency_pb2.Currency, _Mapping]] = ...) -> None: ...
