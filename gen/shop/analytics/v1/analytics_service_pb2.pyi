from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.type import money_pb2 as _money_pb2
from shop.auth.v1 import access_pb2 as _access_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetSalesReportRequest(_message.Message):
    __slots__ = ("start_date", "end_date", "currency_code")
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    start_date: str
    end_date: str
    currency_code: str
    def __init__(self, start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., currency_code: _Optional[str] = ...) -> None: ...

class DailySales(_message.Message):
    __slots__ = ("date", "orders_placed", "orders_confirmed", "orders_cancelled", "revenue", "units_sold")
    DATE_FIELD_NUMBER: _ClassVar[int]
    ORDERS_PLACED_FIELD_NUMBER: _ClassVar[int]
    ORDERS_CONFIRMED_FIELD_NUMBER: _ClassVar[int]
    ORDERS_CANCELLED_FIELD_NUMBER: _ClassVar[int]
    REVENUE_FIELD_NUMBER: _ClassVar[int]
    UNITS_SOLD_FIELD_NUMBER: _ClassVar[int]
    date: str
    orders_placed: int
    orders_confirmed: int
    orders_cancelled: int
    revenue: _money_pb2.Money
    units_sold: int
    def __init__(self, date: _Optional[str] = ..., orders_placed: _Optional[int] = ..., orders_confirmed: _Optional[int] = ..., orders_cancelled: _Optional[int] = ..., revenue: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., units_sold: _Optional[int] = ...) -> None: ...

class GetSalesReportResponse(_message.Message):
    __slots__ = ("days", "totals", "average_order_value", "cancellation_rate", "checkout_conversion")
    DAYS_FIELD_NUMBER: _ClassVar[int]
    TOTALS_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_ORDER_VALUE_FIELD_NUMBER: _ClassVar[int]
    CANCELLATION_RATE_FIELD_NUMBER: _ClassVar[int]
    CHECKOUT_CONVERSION_FIELD_NUMBER: _ClassVar[int]
    days: _containers.RepeatedCompositeFieldContainer[DailySales]
    totals: DailySales
    average_order_value: _money_pb2.Money
    cancellation_rate: float
    checkout_conversion: float
    def __init__(self, days: _Optional[_Iterable[_Union[DailySales, _Mapping]]] = ..., totals: _Optional[_Union[DailySales, _Mapping]] = ..., average_order_value: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., cancellation_rate: _Optional[float] = ..., checkout_conversion: _Optional[float] = ...) -> None: ...

class GetTopProductsRequest(_message.Message):
    __slots__ = ("start_date", "end_date", "currency_code", "page_size")
    START_DATE_FIELD_NUMBER: _ClassVar[int]
    END_DATE_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    start_date: str
    end_date: str
    currency_code: str
    page_size: int
    def __init__(self, start_date: _Optional[str] = ..., end_date: _Optional[str] = ..., currency_code: _Optional[str] = ..., page_size: _Optional[int] = ...) -> None: ...

class ProductSales(_message.Message):
    __slots__ = ("product", "display_name", "units_sold", "revenue", "variants")
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    UNITS_SOLD_FIELD_NUMBER: _ClassVar[int]
    REVENUE_FIELD_NUMBER: _ClassVar[int]
    VARIANTS_FIELD_NUMBER: _ClassVar[int]
    product: str
    display_name: str
    units_sold: int
    revenue: _money_pb2.Money
    variants: _containers.RepeatedCompositeFieldContainer[VariantSales]
    def __init__(self, product: _Optional[str] = ..., display_name: _Optional[str] = ..., units_sold: _Optional[int] = ..., revenue: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., variants: _Optional[_Iterable[_Union[VariantSales, _Mapping]]] = ...) -> None: ...

class VariantSales(_message.Message):
    __slots__ = ("variant", "sku", "option_label", "units_sold", "revenue")
    VARIANT_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    OPTION_LABEL_FIELD_NUMBER: _ClassVar[int]
    UNITS_SOLD_FIELD_NUMBER: _ClassVar[int]
    REVENUE_FIELD_NUMBER: _ClassVar[int]
    variant: str
    sku: str
    option_label: str
    units_sold: int
    revenue: _money_pb2.Money
    def __init__(self, variant: _Optional[str] = ..., sku: _Optional[str] = ..., option_label: _Optional[str] = ..., units_sold: _Optional[int] = ..., revenue: _Optional[_Union[_money_pb2.Money, _Mapping]] = ...) -> None: ...

class GetTopProductsResponse(_message.Message):
    __slots__ = ("products",)
    PRODUCTS_FIELD_NUMBER: _ClassVar[int]
    products: _containers.RepeatedCompositeFieldContainer[ProductSales]
    def __init__(self, products: _Optional[_Iterable[_Union[ProductSales, _Mapping]]] = ...) -> None: ...
