import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.type import money_pb2 as _money_pb2
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DeclineReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DECLINE_REASON_UNSPECIFIED: _ClassVar[DeclineReason]
    DECLINE_REASON_CARD_DECLINED: _ClassVar[DeclineReason]
    DECLINE_REASON_INSUFFICIENT_FUNDS: _ClassVar[DeclineReason]
    DECLINE_REASON_EXPIRED_CARD: _ClassVar[DeclineReason]
DECLINE_REASON_UNSPECIFIED: DeclineReason
DECLINE_REASON_CARD_DECLINED: DeclineReason
DECLINE_REASON_INSUFFICIENT_FUNDS: DeclineReason
DECLINE_REASON_EXPIRED_CARD: DeclineReason

class Payment(_message.Message):
    __slots__ = ("name", "order", "amount", "state", "card_last4", "decline_reason", "create_time", "update_time", "refunded_amount", "card_decline_reason")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[Payment.State]
        STATE_AUTHORIZED: _ClassVar[Payment.State]
        STATE_CAPTURED: _ClassVar[Payment.State]
        STATE_VOIDED: _ClassVar[Payment.State]
        STATE_REFUNDED: _ClassVar[Payment.State]
        STATE_DECLINED: _ClassVar[Payment.State]
        STATE_PARTIALLY_REFUNDED: _ClassVar[Payment.State]
    STATE_UNSPECIFIED: Payment.State
    STATE_AUTHORIZED: Payment.State
    STATE_CAPTURED: Payment.State
    STATE_VOIDED: Payment.State
    STATE_REFUNDED: Payment.State
    STATE_DECLINED: Payment.State
    STATE_PARTIALLY_REFUNDED: Payment.State
    NAME_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CARD_LAST4_FIELD_NUMBER: _ClassVar[int]
    DECLINE_REASON_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    REFUNDED_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    CARD_DECLINE_REASON_FIELD_NUMBER: _ClassVar[int]
    name: str
    order: str
    amount: _money_pb2.Money
    state: Payment.State
    card_last4: str
    decline_reason: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    refunded_amount: _money_pb2.Money
    card_decline_reason: DeclineReason
    def __init__(self, name: _Optional[str] = ..., order: _Optional[str] = ..., amount: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., state: _Optional[_Union[Payment.State, str]] = ..., card_last4: _Optional[str] = ..., decline_reason: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., refunded_amount: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., card_decline_reason: _Optional[_Union[DeclineReason, str]] = ...) -> None: ...

class Card(_message.Message):
    __slots__ = ("number", "exp_month", "exp_year", "cvc")
    NUMBER_FIELD_NUMBER: _ClassVar[int]
    EXP_MONTH_FIELD_NUMBER: _ClassVar[int]
    EXP_YEAR_FIELD_NUMBER: _ClassVar[int]
    CVC_FIELD_NUMBER: _ClassVar[int]
    number: str
    exp_month: int
    exp_year: int
    cvc: str
    def __init__(self, number: _Optional[str] = ..., exp_month: _Optional[int] = ..., exp_year: _Optional[int] = ..., cvc: _Optional[str] = ...) -> None: ...
