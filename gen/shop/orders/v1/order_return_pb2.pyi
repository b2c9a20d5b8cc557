import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.type import money_pb2 as _money_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ReturnLine(_message.Message):
    __slots__ = ("product", "quantity", "display_name", "amount", "variant")
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    VARIANT_FIELD_NUMBER: _ClassVar[int]
    product: str
    quantity: int
    display_name: str
    amount: _money_pb2.Money
    variant: str
    def __init__(self, product: _Optional[str] = ..., quantity: _Optional[int] = ..., display_name: _Optional[str] = ..., amount: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., variant: _Optional[str] = ...) -> None: ...

class OrderReturn(_message.Message):
    __slots__ = ("name", "customer", "lines", "reason", "state", "items_refund", "tax_refund", "refund_total", "reject_reason", "create_time", "update_time", "etag")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[OrderReturn.State]
        STATE_REQUESTED: _ClassVar[OrderReturn.State]
        STATE_APPROVED: _ClassVar[OrderReturn.State]
        STATE_REJECTED: _ClassVar[OrderReturn.State]
        STATE_REFUNDED: _ClassVar[OrderReturn.State]
    STATE_UNSPECIFIED: OrderReturn.State
    STATE_REQUESTED: OrderReturn.State
    STATE_APPROVED: OrderReturn.State
    STATE_REJECTED: OrderReturn.State
    STATE_REFUNDED: OrderReturn.State
    NAME_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    LINES_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ITEMS_REFUND_FIELD_NUMBER: _ClassVar[int]
    TAX_REFUND_FIELD_NUMBER: _ClassVar[int]
    REFUND_TOTAL_FIELD_NUMBER: _ClassVar[int]
    REJECT_REASON_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    name: str
    customer: str
    lines: _containers.RepeatedCompositeFieldContainer[ReturnLine]
    reason: str
    state: OrderReturn.State
    items_refund: _money_pb2.Money
    tax_refund: _money_pb2.Money
    refund_total: _money_pb2.Money
    reject_reason: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    def __init__(self, name: _Optional[str] = ..., customer: _Optional[str] = ..., lines: _Optional[_Iterable[_Union[ReturnLine, _Mapping]]] = ..., reason: _Optional[str] = ..., state: _Optional[_Union[OrderReturn.State, str]] = ..., items_refund: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., tax_refund: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., refund_total: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., reject_reason: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...
