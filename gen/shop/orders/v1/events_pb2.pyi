from shop.orders.v1 import order_pb2 as _order_pb2
from shop.orders.v1 import order_return_pb2 as _order_return_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class OrderPlaced(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: _order_pb2.Order
    def __init__(self, order: _Optional[_Union[_order_pb2.Order, _Mapping]] = ...) -> None: ...

class OrderConfirmed(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: _order_pb2.Order
    def __init__(self, order: _Optional[_Union[_order_pb2.Order, _Mapping]] = ...) -> None: ...

class OrderCancelled(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: _order_pb2.Order
    def __init__(self, order: _Optional[_Union[_order_pb2.Order, _Mapping]] = ...) -> None: ...

class OrderShipped(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: _order_pb2.Order
    def __init__(self, order: _Optional[_Union[_order_pb2.Order, _Mapping]] = ...) -> None: ...

class OrderDelivered(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: _order_pb2.Order
    def __init__(self, order: _Optional[_Union[_order_pb2.Order, _Mapping]] = ...) -> None: ...

class OrderRefunded(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: _order_pb2.Order
    def __init__(self, order: _Optional[_Union[_order_pb2.Order, _Mapping]] = ...) -> None: ...

class OrderPartiallyRefunded(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: _order_pb2.Order
    def __init__(self, order: _Optional[_Union[_order_pb2.Order, _Mapping]] = ...) -> None: ...

class ReturnRequested(_message.Message):
    __slots__ = ("order_return",)
    ORDER_RETURN_FIELD_NUMBER: _ClassVar[int]
    order_return: _order_return_pb2.OrderReturn
    def __init__(self, order_return: _Optional[_Union[_order_return_pb2.OrderReturn, _Mapping]] = ...) -> None: ...

class ReturnApproved(_message.Message):
    __slots__ = ("order_return",)
    ORDER_RETURN_FIELD_NUMBER: _ClassVar[int]
    order_return: _order_return_pb2.OrderReturn
    def __init__(self, order_return: _Optional[_Union[_order_return_pb2.OrderReturn, _Mapping]] = ...) -> None: ...

class ReturnRejected(_message.Message):
    __slots__ = ("order_return",)
    ORDER_RETURN_FIELD_NUMBER: _ClassVar[int]
    order_return: _order_return_pb2.OrderReturn
    def __init__(self, order_return: _Optional[_Union[_order_return_pb2.OrderReturn, _Mapping]] = ...) -> None: ...

class ReturnRefunded(_message.Message):
    __slots__ = ("order_return",)
    ORDER_RETURN_FIELD_NUMBER: _ClassVar[int]
    order_return: _order_return_pb2.OrderReturn
    def __init__(self, order_return: _Optional[_Union[_order_return_pb2.OrderReturn, _Mapping]] = ...) -> None: ...
