import datetime

from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.type import money_pb2 as _money_pb2
from shop.catalog.v1 import product_pb2 as _product_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CartItem(_message.Message):
    __slots__ = ("product", "sku", "display_name", "quantity", "unit_price", "discount", "variant", "option_values")
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_FIELD_NUMBER: _ClassVar[int]
    VARIANT_FIELD_NUMBER: _ClassVar[int]
    OPTION_VALUES_FIELD_NUMBER: _ClassVar[int]
    product: str
    sku: str
    display_name: str
    quantity: int
    unit_price: _money_pb2.Money
    discount: _money_pb2.Money
    variant: str
    option_values: _containers.RepeatedCompositeFieldContainer[_product_pb2.OptionValue]
    def __init__(self, product: _Optional[str] = ..., sku: _Optional[str] = ..., display_name: _Optional[str] = ..., quantity: _Optional[int] = ..., unit_price: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., discount: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., variant: _Optional[str] = ..., option_values: _Optional[_Iterable[_Union[_product_pb2.OptionValue, _Mapping]]] = ...) -> None: ...

class CartDiscount(_message.Message):
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

class Cart(_message.Message):
    __slots__ = ("name", "items", "subtotal", "total_quantity", "update_time", "coupon_code", "discounts", "discount", "total", "coupon_problem", "currency_code")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    SUBTOTAL_FIELD_NUMBER: _ClassVar[int]
    TOTAL_QUANTITY_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    COUPON_CODE_FIELD_NUMBER: _ClassVar[int]
    DISCOUNTS_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    COUPON_PROBLEM_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    name: str
    items: _containers.RepeatedCompositeFieldContainer[CartItem]
    subtotal: _money_pb2.Money
    total_quantity: int
    update_time: _timestamp_pb2.Timestamp
    coupon_code: str
    discounts: _containers.RepeatedCompositeFieldContainer[CartDiscount]
    discount: _money_pb2.Money
    total: _money_pb2.Money
    coupon_problem: str
    currency_code: str
    def __init__(self, name: _Optional[str] = ..., items: _Optional[_Iterable[_Union[CartItem, _Mapping]]] = ..., subtotal: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., total_quantity: _Optional[int] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., coupon_code: _Optional[str] = ..., discounts: _Optional[_Iterable[_Union[CartDiscount, _Mapping]]] = ..., discount: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., total: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., coupon_problem: _Optional[str] = ..., currency_code: _Optional[str] = ...) -> None: ...
