from shop.inventory.v1 import inventory_pb2 as _inventory_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class StockReserved(_message.Message):
    __slots__ = ("reservation",)
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    reservation: _inventory_pb2.Reservation
    def __init__(self, reservation: _Optional[_Union[_inventory_pb2.Reservation, _Mapping]] = ...) -> None: ...

class StockReleased(_message.Message):
    __slots__ = ("reservation",)
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    reservation: _inventory_pb2.Reservation
    def __init__(self, reservation: _Optional[_Union[_inventory_pb2.Reservation, _Mapping]] = ...) -> None: ...

class StockCommitted(_message.Message):
    __slots__ = ("reservation",)
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    reservation: _inventory_pb2.Reservation
    def __init__(self, reservation: _Optional[_Union[_inventory_pb2.Reservation, _Mapping]] = ...) -> None: ...

class StockLow(_message.Message):
    __slots__ = ("availability", "low_stock_threshold")
    AVAILABILITY_FIELD_NUMBER: _ClassVar[int]
    LOW_STOCK_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    availability: _inventory_pb2.Availability
    low_stock_threshold: int
    def __init__(self, availability: _Optional[_Union[_inventory_pb2.Availability, _Mapping]] = ..., low_stock_threshold: _Optional[int] = ...) -> None: ...

class StockAvailabilityChanged(_message.Message):
    __slots__ = ("availability",)
    AVAILABILITY_FIELD_NUMBER: _ClassVar[int]
    availability: _inventory_pb2.Availability
    def __init__(self, availability: _Optional[_Union[_inventory_pb2.Availability, _Mapping]] = ...) -> None: ...

class StockDepleted(_message.Message):
    __slots__ = ("sku",)
    SKU_FIELD_NUMBER: _ClassVar[int]
    sku: str
    def __init__(self, sku: _Optional[str] = ...) -> None: ...

class StockAdjusted(_message.Message):
    __slots__ = ("stock_level", "delta")
    STOCK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    DELTA_FIELD_NUMBER: _ClassVar[int]
    stock_level: _inventory_pb2.StockLevel
    delta: int
    def __init__(self, stock_level: _Optional[_Union[_inventory_pb2.StockLevel, _Mapping]] = ..., delta: _Optional[int] = ...) -> None: ...
