import datetime

from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.type import money_pb2 as _money_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class WishlistItem(_message.Message):
    __slots__ = ("name", "product", "display_name", "price", "watched_price", "in_stock", "active", "create_time", "variant", "variant_label")
    NAME_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    WATCHED_PRICE_FIELD_NUMBER: _ClassVar[int]
    IN_STOCK_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    VARIANT_FIELD_NUMBER: _ClassVar[int]
    VARIANT_LABEL_FIELD_NUMBER: _ClassVar[int]
    name: str
    product: str
    display_name: str
    price: _money_pb2.Money
    watched_price: _money_pb2.Money
    in_stock: bool
    active: bool
    create_time: _timestamp_pb2.Timestamp
    variant: str
    variant_label: str
    def __init__(self, name: _Optional[str] = ..., product: _Optional[str] = ..., display_name: _Optional[str] = ..., price: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., watched_price: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., in_stock: _Optional[bool] = ..., active: _Optional[bool] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., variant: _Optional[str] = ..., variant_label: _Optional[str] = ...) -> None: ...
