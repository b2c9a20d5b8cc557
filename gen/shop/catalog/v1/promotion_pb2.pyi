import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.type import money_pb2 as _money_pb2
from shop.catalog.v1 import product_pb2 as _product_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Promotion(_message.Message):
    __slots__ = ("name", "display_name", "kind", "percent_off", "amount_off", "products", "categories", "coupon_code", "min_spend", "max_redemptions", "max_redemptions_per_customer", "start_time", "end_time", "redemptions", "state", "create_time", "etag", "variants")
    class Kind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        KIND_UNSPECIFIED: _ClassVar[Promotion.Kind]
        KIND_PERCENT_OFF: _ClassVar[Promotion.Kind]
        KIND_AMOUNT_OFF: _ClassVar[Promotion.Kind]
    KIND_UNSPECIFIED: Promotion.Kind
    KIND_PERCENT_OFF: Promotion.Kind
    KIND_AMOUNT_OFF: Promotion.Kind
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[Promotion.State]
        STATE_ACTIVE: _ClassVar[Promotion.State]
        STATE_ARCHIVED: _ClassVar[Promotion.State]
    STATE_UNSPECIFIED: Promotion.State
    STATE_ACTIVE: Promotion.State
    STATE_ARCHIVED: Promotion.State
    NAME_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PERCENT_OFF_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_OFF_FIELD_NUMBER: _ClassVar[int]
    PRODUCTS_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    COUPON_CODE_FIELD_NUMBER: _ClassVar[int]
    MIN_SPEND_FIELD_NUMBER: _ClassVar[int]
    MAX_REDEMPTIONS_FIELD_NUMBER: _ClassVar[int]
    MAX_REDEMPTIONS_PER_CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    REDEMPTIONS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    VARIANTS_FIELD_NUMBER: _ClassVar[int]
    name: str
    display_name: str
    kind: Promotion.Kind
    percent_off: int
    amount_off: _money_pb2.Money
    products: _containers.RepeatedScalarFieldContainer[str]
    categories: _containers.RepeatedScalarFieldContainer[str]
    coupon_code: str
    min_spend: _money_pb2.Money
    max_redemptions: int
    max_redemptions_per_customer: int
    start_time: _timestamp_pb2.Timestamp
    end_time: _timestamp_pb2.Timestamp
    redemptions: int
    state: Promotion.State
    create_time: _timestamp_pb2.Timestamp
    etag: str
    variants: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., display_name: _Optional[str] = ..., kind: _Optional[_Union[Promotion.Kind, str]] = ..., percent_off: _Optional[int] = ..., amount_off: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., products: _Optional[_Iterable[str]] = ..., categories: _Optional[_Iterable[str]] = ..., coupon_code: _Optional[str] = ..., min_spend: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., max_redemptions: _Optional[int] = ..., max_redemptions_per_customer: _Optional[int] = ..., start_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., end_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., redemptions: _Optional[int] = ..., state: _Optional[_Union[Promotion.State, str]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ..., variants: _Optional[_Iterable[str]] = ...) -> None: ...

class AppliedDiscount(_message.Message):
    __slots__ = ("promotion", "display_name", "coupon_code", "amount")
    PROMOTION_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    COUPON_CODE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    promotion: str
    display_name: str
    coupon_code: str
    amount: _money_pb2.Money
    def __init__(self, promotion: _Optional[str] = ..., display_name: _Optional[str] = ..., coupon_code: _Optional[str] = ..., amount: _Optional[_Union[_money_pb2.Money, _Mapping]] = ...) -> None: ...

class PriceItem(_message.Message):
    __slots__ = ("product", "quantity", "variant")
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    VARIANT_FIELD_NUMBER: _ClassVar[int]
    product: str
    quantity: int
    variant: str
    def __init__(self, product: _Optional[str] = ..., quantity: _Optional[int] = ..., variant: _Optional[str] = ...) -> None: ...

class PricedLine(_message.Message):
    __slots__ = ("product", "quantity", "line_total", "discount", "unit_price", "variant")
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    LINE_TOTAL_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_FIELD_NUMBER: _ClassVar[int]
    VARIANT_FIELD_NUMBER: _ClassVar[int]
    product: _product_pb2.Product
    quantity: int
    line_total: _money_pb2.Money
    discount: _money_pb2.Money
    unit_price: _money_pb2.Money
    variant: _product_pb2.ProductVariant
    def __init__(self, product: _Optional[_Union[_product_pb2.Product, _Mapping]] = ..., quantity: _Optional[int] = ..., line_total: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., discount: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., unit_price: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., variant: _Optional[_Union[_product_pb2.ProductVariant, _Mapping]] = ...) -> None: ...
