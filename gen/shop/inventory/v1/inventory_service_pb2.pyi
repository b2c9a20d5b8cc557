from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from shop.auth.v1 import access_pb2 as _access_pb2
from shop.inventory.v1 import inventory_pb2 as _inventory_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetAvailabilityRequest(_message.Message):
    __slots__ = ("skus",)
    SKUS_FIELD_NUMBER: _ClassVar[int]
    skus: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, skus: _Optional[_Iterable[str]] = ...) -> None: ...

class GetAvailabilityResponse(_message.Message):
    __slots__ = ("availabilities",)
    AVAILABILITIES_FIELD_NUMBER: _ClassVar[int]
    availabilities: _containers.RepeatedCompositeFieldContainer[_inventory_pb2.Availability]
    def __init__(self, availabilities: _Optional[_Iterable[_Union[_inventory_pb2.Availability, _Mapping]]] = ...) -> None: ...

class ListStockLevelsRequest(_message.Message):
    __slots__ = ("sku",)
    SKU_FIELD_NUMBER: _ClassVar[int]
    sku: str
    def __init__(self, sku: _Optional[str] = ...) -> None: ...

class ListStockLevelsResponse(_message.Message):
    __slots__ = ("stock_levels",)
    STOCK_LEVELS_FIELD_NUMBER: _ClassVar[int]
    stock_levels: _containers.RepeatedCompositeFieldContainer[_inventory_pb2.StockLevel]
    def __init__(self, stock_levels: _Optional[_Iterable[_Union[_inventory_pb2.StockLevel, _Mapping]]] = ...) -> None: ...

class AdjustStockRequest(_message.Message):
    __slots__ = ("sku", "warehouse", "delta", "low_stock_threshold", "request_id")
    SKU_FIELD_NUMBER: _ClassVar[int]
    WAREHOUSE_FIELD_NUMBER: _ClassVar[int]
    DELTA_FIELD_NUMBER: _ClassVar[int]
    LOW_STOCK_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    sku: str
    warehouse: str
    delta: int
    low_stock_threshold: int
    request_id: str
    def __init__(self, sku: _Optional[str] = ..., warehouse: _Optional[str] = ..., delta: _Optional[int] = ..., low_stock_threshold: _Optional[int] = ..., request_id: _Optional[str] = ...) -> None: ...

class AdjustStockResponse(_message.Message):
    __slots__ = ("stock_level",)
    STOCK_LEVEL_FIELD_NUMBER: _ClassVar[int]
    stock_level: _inventory_pb2.StockLevel
    def __init__(self, stock_level: _Optional[_Union[_inventory_pb2.StockLevel, _Mapping]] = ...) -> None: ...

class ReserveLine(_message.Message):
    __slots__ = ("sku", "quantity")
    SKU_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    sku: str
    quantity: int
    def __init__(self, sku: _Optional[str] = ..., quantity: _Optional[int] = ...) -> None: ...

class ReserveStockRequest(_message.Message):
    __slots__ = ("order", "lines", "ttl_seconds", "commit")
    ORDER_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    TTL_SECONDS_FIELD_NUMBER: _ClassVar[int]
    COMMIT_FIELD_NUMBER: _ClassVar[int]
    order: str
    lines: _containers.RepeatedCompositeFieldContainer[ReserveLine]
    ttl_seconds: int
    commit: bool
    def __init__(self, order: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[ReserveLine, _Mapping]]] = ..., ttl_seconds: _Optional[int] = ..., commit: _Optional[bool] = ...) -> None: ...

class ReserveStockResponse(_message.Message):
    __slots__ = ("reservation",)
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    reservation: _inventory_pb2.Reservation
    def __init__(self, reservation: _Optional[_Union[_inventory_pb2.Reservation, _Mapping]] = ...) -> None: ...

class CommitReservationRequest(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: str
    def __init__(self, order: _Optional[str] = ...) -> None: ...

class CommitReservationResponse(_message.Message):
    __slots__ = ("reservation",)
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    reservation: _inventory_pb2.Reservation
    def __init__(self, reservation: _Optional[_Union[_inventory_pb2.Reservation, _Mapping]] = ...) -> None: ...

class ReleaseReservationRequest(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: str
    def __init__(self, order: _Optional[str] = ...) -> None: ...

class ReleaseReservationResponse(_message.Message):
    __slots__ = ("reservation",)
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    reservation: _inventory_pb2.Reservation
    def __init__(self, reservation: _Optional[_Union[_inventory_pb2.Reservation, _Mapping]] = ...) -> None: ...

class GetReservationRequest(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: str
    def __init__(self, order: _Optional[str] = ...) -> None: ...

class GetReservationResponse(_message.Message):
    __slots__ = ("reservation",)
    RESERVATION_FIELD_NUMBER: _ClassVar[int]
    reservation: _inventory_pb2.Reservation
    def __init__(self, reservation: _Optional[_Union[_inventory_pb2.Reservation, _Mapping]] = ...) -> None: ...
