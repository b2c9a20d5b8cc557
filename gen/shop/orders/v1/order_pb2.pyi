import datetime

from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.type import money_pb2 as _money_pb2
from shop.catalog.v1 import product_pb2 as _product_pb2
from shop.shipping.v1 import shipment_pb2 as _shipment_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CancelReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CANCEL_REASON_UNSPECIFIED: _ClassVar[CancelReason]
    CANCEL_REASON_OUT_OF_STOCK: _ClassVar[CancelReason]
    CANCEL_REASON_PAYMENT_DECLINED: _ClassVar[CancelReason]
    CANCEL_REASON_PAYMENT_UNAVAILABLE: _ClassVar[CancelReason]
    CANCEL_REASON_INVENTORY_UNAVAILABLE: _ClassVar[CancelReason]
    CANCEL_REASON_CATALOG_UNAVAILABLE: _ClassVar[CancelReason]
    CANCEL_REASON_COUPON_UNAVAILABLE: _ClassVar[CancelReason]
    CANCEL_REASON_CHECKOUT_INTERRUPTED: _ClassVar[CancelReason]
    CANCEL_REASON_CUSTOMER_CANCELLED: _ClassVar[CancelReason]
CANCEL_REASON_UNSPECIFIED: CancelReason
CANCEL_REASON_OUT_OF_STOCK: CancelReason
CANCEL_REASON_PAYMENT_DECLINED: CancelReason
CANCEL_REASON_PAYMENT_UNAVAILABLE: CancelReason
CANCEL_REASON_INVENTORY_UNAVAILABLE: CancelReason
CANCEL_REASON_CATALOG_UNAVAILABLE: CancelReason
CANCEL_REASON_COUPON_UNAVAILABLE: CancelReason
CANCEL_REASON_CHECKOUT_INTERRUPTED: CancelReason
CANCEL_REASON_CUSTOMER_CANCELLED: CancelReason

class OrderLine(_message.Message):
    __slots__ = ("product", "sku", "display_name", "quantity", "unit_price", "line_total", "cart_unit_price", "discount", "variant", "option_values")
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    UNIT_PRICE_FIELD_NUMBER: _ClassVar[int]
    LINE_TOTAL_FIELD_NUMBER: _ClassVar[int]
    CART_UNIT_PRICE_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_FIELD_NUMBER: _ClassVar[int]
    VARIANT_FIELD_NUMBER: _ClassVar[int]
    OPTION_VALUES_FIELD_NUMBER: _ClassVar[int]
    product: str
    sku: str
    display_name: str
    quantity: int
    unit_price: _money_pb2.Money
    line_total: _money_pb2.Money
    cart_unit_price: _money_pb2.Money
    discount: _money_pb2.Money
    variant: str
    option_values: _containers.RepeatedCompositeFieldContainer[_product_pb2.OptionValue]
    def __init__(self, product: _Optional[str] = ..., sku: _Optional[str] = ..., display_name: _Optional[str] = ..., quantity: _Optional[int] = ..., unit_price: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., line_total: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., cart_unit_price: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., discount: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., variant: _Optional[str] = ..., option_values: _Optional[_Iterable[_Union[_product_pb2.OptionValue, _Mapping]]] = ...) -> None: ...

class Order(_message.Message):
    __slots__ = ("name", "customer", "lines", "items_total", "tax", "shipping", "total", "shipping_address", "state", "cancel_reason", "card_last4", "carrier", "tracking_number", "prices_changed", "create_time", "update_time", "etag", "refunded", "deliver_time", "discount", "coupon_code", "cancellation_reason", "number")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[Order.State]
        STATE_PENDING: _ClassVar[Order.State]
        STATE_CONFIRMED: _ClassVar[Order.State]
        STATE_SHIPPED: _ClassVar[Order.State]
        STATE_DELIVERED: _ClassVar[Order.State]
        STATE_CANCELLED: _ClassVar[Order.State]
        STATE_REFUNDED: _ClassVar[Order.State]
        STATE_PARTIALLY_REFUNDED: _ClassVar[Order.State]
    STATE_UNSPECIFIED: Order.State
    STATE_PENDING: Order.State
    STATE_CONFIRMED: Order.State
    STATE_SHIPPED: Order.State
    STATE_DELIVERED: Order.State
    STATE_CANCELLED: Order.State
    STATE_REFUNDED: Order.State
    STATE_PARTIALLY_REFUNDED: Order.State
    NAME_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    ITEMS_TOTAL_FIELD_NUMBER: _ClassVar[int]
    TAX_FIELD_NUMBER: _ClassVar[int]
    SHIPPING_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    SHIPPING_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CANCEL_REASON_FIELD_NUMBER: _ClassVar[int]
    CARD_LAST4_FIELD_NUMBER: _ClassVar[int]
    CARRIER_FIELD_NUMBER: _ClassVar[int]
    TRACKING_NUMBER_FIELD_NUMBER: _ClassVar[int]
    PRICES_CHANGED_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    REFUNDED_FIELD_NUMBER: _ClassVar[int]
    DELIVER_TIME_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_FIELD_NUMBER: _ClassVar[int]
    COUPON_CODE_FIELD_NUMBER: _ClassVar[int]
    CANCELLATION_REASON_FIELD_NUMBER: _ClassVar[int]
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    name: str
    customer: str
    lines: _containers.RepeatedCompositeFieldContainer[OrderLine]
    items_total: _money_pb2.Money
    tax: _money_pb2.Money
    shipping: _money_pb2.Money
    total: _money_pb2.Money
    shipping_address: _shipment_pb2.Address
    state: Order.State
    cancel_reason: str
    card_last4: str
    carrier: str
    tracking_number: str
    prices_changed: bool
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    refunded: _money_pb2.Money
    deliver_time: _timestamp_pb2.Timestamp
    discount: _money_pb2.Money
    coupon_code: str
    cancellation_reason: CancelReason
    number: str
    def __init__(self, name: _Optional[str] = ..., customer: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[OrderLine, _Mapping]]] = ..., items_total: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., tax: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., shipping: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., total: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., shipping_address: _Optional[_Union[_shipment_pb2.Address, _Mapping]] = ..., state: _Optional[_Union[Order.State, str]] = ..., cancel_reason: _Optional[str] = ..., card_last4: _Optional[str] = ..., carrier: _Optional[str] = ..., tracking_number: _Optional[str] = ..., prices_changed: _Optional[bool] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ..., refunded: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., deliver_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., discount: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., coupon_code: _Optional[str] = ..., cancellation_reason: _Optional[_Union[CancelReason, str]] = ..., number: _Optional[str] = ...) -> None: ...
