import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class NotificationType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    NOTIFICATION_TYPE_UNSPECIFIED: _ClassVar[NotificationType]
    NOTIFICATION_TYPE_WELCOME: _ClassVar[NotificationType]
    NOTIFICATION_TYPE_ORDER_CONFIRMED: _ClassVar[NotificationType]
    NOTIFICATION_TYPE_PAYMENT_FAILED: _ClassVar[NotificationType]
    NOTIFICATION_TYPE_ORDER_SHIPPED: _ClassVar[NotificationType]
    NOTIFICATION_TYPE_ORDER_DELIVERED: _ClassVar[NotificationType]
    NOTIFICATION_TYPE_ORDER_CANCELLED: _ClassVar[NotificationType]
    NOTIFICATION_TYPE_STOCK_LOW: _ClassVar[NotificationType]
    NOTIFICATION_TYPE_EMAIL_VERIFICATION: _ClassVar[NotificationType]
    NOTIFICATION_TYPE_PASSWORD_RESET: _ClassVar[NotificationType]
    NOTIFICATION_TYPE_WISHLIST_PRICE_DROP: _ClassVar[NotificationType]
    NOTIFICATION_TYPE_WISHLIST_BACK_IN_STOCK: _ClassVar[NotificationType]
    NOTIFICATION_TYPE_RETURN_UPDATE: _ClassVar[NotificationType]
NOTIFICATION_TYPE_UNSPECIFIED: NotificationType
NOTIFICATION_TYPE_WELCOME: NotificationType
NOTIFICATION_TYPE_ORDER_CONFIRMED: NotificationType
NOTIFICATION_TYPE_PAYMENT_FAILED: NotificationType
NOTIFICATION_TYPE_ORDER_SHIPPED: NotificationType
NOTIFICATION_TYPE_ORDER_DELIVERED: NotificationType
NOTIFICATION_TYPE_ORDER_CANCELLED: NotificationType
NOTIFICATION_TYPE_STOCK_LOW: NotificationType
NOTIFICATION_TYPE_EMAIL_VERIFICATION: NotificationType
NOTIFICATION_TYPE_PASSWORD_RESET: NotificationType
NOTIFICATION_TYPE_WISHLIST_PRICE_DROP: NotificationType
NOTIFICATION_TYPE_WISHLIST_BACK_IN_STOCK: NotificationType
NOTIFICATION_TYPE_RETURN_UPDATE: NotificationType

class Notification(_message.Message):
    __slots__ = ("name", "type", "recipient", "subject", "body", "state", "subject_resource", "create_time", "send_time")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[Notification.State]
        STATE_PENDING: _ClassVar[Notification.State]
        STATE_SENT: _ClassVar[Notification.State]
        STATE_SUPPRESSED: _ClassVar[Notification.State]
    STATE_UNSPECIFIED: Notification.State
    STATE_PENDING: Notification.State
    STATE_SENT: Notification.State
    STATE_SUPPRESSED: Notification.State
    NAME_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_RESOURCE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    SEND_TIME_FIELD_NUMBER: _ClassVar[int]
    name: str
    type: NotificationType
    recipient: str
    subject: str
    body: str
    state: Notification.State
    subject_resource: str
    create_time: _timestamp_pb2.Timestamp
    send_time: _timestamp_pb2.Timestamp
    def __init__(self, name: _Optional[str] = ..., type: _Optional[_Union[NotificationType, str]] = ..., recipient: _Optional[str] = ..., subject: _Optional[str] = ..., body: _Optional[str] = ..., state: _Optional[_Union[Notification.State, str]] = ..., subject_resource: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., send_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class NotificationPreferences(_message.Message):
    __slots__ = ("opted_out",)
    OPTED_OUT_FIELD_NUMBER: _ClassVar[int]
    opted_out: _containers.RepeatedScalarFieldContainer[NotificationType]
    def __init__(self, opted_out: _Optional[_Iterable[_Union[NotificationType, str]]] = ...) -> None: ...
