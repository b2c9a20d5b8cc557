from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from shop.auth.v1 import access_pb2 as _access_pb2
from shop.orders.v1 import order_pb2 as _order_pb2
from shop.orders.v1 import order_return_pb2 as _order_return_pb2
from shop.payments.v1 import payment_pb2 as _payment_pb2
from shop.shipping.v1 import shipment_pb2 as _shipment_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CheckoutRequest(_message.Message):
    __slots__ = ("request_id", "shipping_address", "card", "saved_address")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    SHIPPING_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    CARD_FIELD_NUMBER: _ClassVar[int]
    SAVED_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    shipping_address: _shipment_pb2.Address
    card: _payment_pb2.Card
    saved_address: str
    def __init__(self, request_id: _Optional[str] = ..., shipping_address: _Optional[_Union[_shipment_pb2.Address, _Mapping]] = ..., card: _Optional[_Union[_payment_pb2.Card, _Mapping]] = ..., saved_address: _Optional[str] = ...) -> None: ...

class CheckoutResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: _order_pb2.Order
    def __init__(self, order: _Optional[_Union[_order_pb2.Order, _Mapping]] = ...) -> None: ...

class PreviewCheckoutRequest(_message.Message):
    __slots__ = ("shipping_address", "saved_address")
    SHIPPING_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    SAVED_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    shipping_address: _shipment_pb2.Address
    saved_address: str
    def __init__(self, shipping_address: _Optional[_Union[_shipment_pb2.Address, _Mapping]] = ..., saved_address: _Optional[str] = ...) -> None: ...

class PreviewCheckoutResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: _order_pb2.Order
    def __init__(self, order: _Optional[_Union[_order_pb2.Order, _Mapping]] = ...) -> None: ...

class GetOrderRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetOrderResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: _order_pb2.Order
    def __init__(self, order: _Optional[_Union[_order_pb2.Order, _Mapping]] = ...) -> None: ...

class ListOrdersRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListOrdersResponse(_message.Message):
    __slots__ = ("orders", "next_page_token")
    ORDERS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    orders: _containers.RepeatedCompositeFieldContainer[_order_pb2.Order]
    next_page_token: str
    def __init__(self, orders: _Optional[_Iterable[_Union[_order_pb2.Order, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class CancelOrderRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class CancelOrderResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: _order_pb2.Order
    def __init__(self, order: _Optional[_Union[_order_pb2.Order, _Mapping]] = ...) -> None: ...

class ShipOrderRequest(_message.Message):
    __slots__ = ("name", "carrier", "tracking_number")
    NAME_FIELD_NUMBER: _ClassVar[int]
    CARRIER_FIELD_NUMBER: _ClassVar[int]
    TRACKING_NUMBER_FIELD_NUMBER: _ClassVar[int]
    name: str
    carrier: str
    tracking_number: str
    def __init__(self, name: _Optional[str] = ..., carrier: _Optional[str] = ..., tracking_number: _Optional[str] = ...) -> None: ...

class ShipOrderResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: _order_pb2.Order
    def __init__(self, order: _Optional[_Union[_order_pb2.Order, _Mapping]] = ...) -> None: ...

class DeliverOrderRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeliverOrderResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: _order_pb2.Order
    def __init__(self, order: _Optional[_Union[_order_pb2.Order, _Mapping]] = ...) -> None: ...

class RefundOrderRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class RefundOrderResponse(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: _order_pb2.Order
    def __init__(self, order: _Optional[_Union[_order_pb2.Order, _Mapping]] = ...) -> None: ...

class RequestReturnRequest(_message.Message):
    __slots__ = ("parent", "request_id", "lines", "reason")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    parent: str
    request_id: str
    lines: _containers.RepeatedCompositeFieldContainer[_order_return_pb2.ReturnLine]
    reason: str
    def __init__(self, parent: _Optional[str] = ..., request_id: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[_order_return_pb2.ReturnLine, _Mapping]]] = ..., reason: _Optional[str] = ...) -> None: ...

class RequestReturnResponse(_message.Message):
    __slots__ = ("order_return",)
    ORDER_RETURN_FIELD_NUMBER: _ClassVar[int]
    order_return: _order_return_pb2.OrderReturn
    def __init__(self, order_return: _Optional[_Union[_order_return_pb2.OrderReturn, _Mapping]] = ...) -> None: ...

class GetReturnRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetReturnResponse(_message.Message):
    __slots__ = ("order_return",)
    ORDER_RETURN_FIELD_NUMBER: _ClassVar[int]
    order_return: _order_return_pb2.OrderReturn
    def __init__(self, order_return: _Optional[_Union[_order_return_pb2.OrderReturn, _Mapping]] = ...) -> None: ...

class ListReturnsRequest(_message.Message):
    __slots__ = ("parent",)
    PARENT_FIELD_NUMBER: _ClassVar[int]
    parent: str
    def __init__(self, parent: _Optional[str] = ...) -> None: ...

class ListReturnsResponse(_message.Message):
    __slots__ = ("order_returns",)
    ORDER_RETURNS_FIELD_NUMBER: _ClassVar[int]
    order_returns: _containers.RepeatedCompositeFieldContainer[_order_return_pb2.OrderReturn]
    def __init__(self, order_returns: _Optional[_Iterable[_Union[_order_return_pb2.OrderReturn, _Mapping]]] = ...) -> None: ...

class ApproveReturnRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ApproveReturnResponse(_message.Message):
    __slots__ = ("order_return",)
    ORDER_RETURN_FIELD_NUMBER: _ClassVar[int]
    order_return: _order_return_pb2.OrderReturn
    def __init__(self, order_return: _Optional[_Union[_order_return_pb2.OrderReturn, _Mapping]] = ...) -> None: ...

class RejectReturnRequest(_message.Message):
    __slots__ = ("name", "reason")
    NAME_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    name: str
    reason: str
    def __init__(self, name: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class RejectReturnResponse(_message.Message):
    __slots__ = ("order_return",)
    ORDER_RETURN_FIELD_NUMBER: _ClassVar[int]
    order_return: _order_return_pb2.OrderReturn
    def __init__(self, order_return: _Optional[_Union[_order_return_pb2.OrderReturn, _Mapping]] = ...) -> None: ...

class ReceiveReturnRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ReceiveReturnResponse(_message.Message):
    __slots__ = ("order_return",)
    ORDER_RETURN_FIELD_NUMBER: _ClassVar[int]
    order_return: _order_return_pb2.OrderReturn
    def __init__(self, order_return: _Optional[_Union[_order_return_pb2.OrderReturn, _Mapping]] = ...) -> None: ...
