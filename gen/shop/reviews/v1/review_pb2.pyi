import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from shop.catalog.v1 import product_pb2 as _product_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Review(_message.Message):
    __slots__ = ("name", "author", "rating", "title", "body", "state", "rejection_reason", "create_time", "update_time", "etag", "purchased_variant", "purchased_option_values")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[Review.State]
        STATE_PENDING: _ClassVar[Review.State]
        STATE_APPROVED: _ClassVar[Review.State]
        STATE_REJECTED: _ClassVar[Review.State]
    STATE_UNSPECIFIED: Review.State
    STATE_PENDING: Review.State
    STATE_APPROVED: Review.State
    STATE_REJECTED: Review.State
    NAME_FIELD_NUMBER: _ClassVar[int]
    AUTHOR_FIELD_NUMBER: _ClassVar[int]
    RATING_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    REJECTION_REASON_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    PURCHASED_VARIANT_FIELD_NUMBER: _ClassVar[int]
    PURCHASED_OPTION_VALUES_FIELD_NUMBER: _ClassVar[int]
    name: str
    author: str
    rating: int
    title: str
    body: str
    state: Review.State
    rejection_reason: str
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    purchased_variant: str
    purchased_option_values: _containers.RepeatedCompositeFieldContainer[_product_pb2.OptionValue]
    def __init__(self, name: _Optional[str] = ..., author: _Optional[str] = ..., rating: _Optional[int] = ..., title: _Optional[str] = ..., body: _Optional[str] = ..., state: _Optional[_Union[Review.State, str]] = ..., rejection_reason: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ..., purchased_variant: _Optional[str] = ..., purchased_option_values: _Optional[_Iterable[_Union[_product_pb2.OptionValue, _Mapping]]] = ...) -> None: ...

class RatingSummary(_message.Message):
    __slots__ = ("product", "review_count", "average_rating", "star_counts")
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    REVIEW_COUNT_FIELD_NUMBER: _ClassVar[int]
    AVERAGE_RATING_FIELD_NUMBER: _ClassVar[int]
    STAR_COUNTS_FIELD_NUMBER: _ClassVar[int]
    product: str
    review_count: int
    average_rating: float
    star_counts: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, product: _Optional[str] = ..., review_count: _Optional[int] = ..., average_rating: _Optional[float] = ..., star_counts: _Optional[_Iterable[int]] = ...) -> None: ...
