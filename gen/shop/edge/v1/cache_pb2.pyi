from google.protobuf import descriptor_pb2 as _descriptor_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor
CACHE_FIELD_NUMBER: _ClassVar[int]
cache: _descriptor.FieldDescriptor

class CachePolicy(_message.Message):
    __slots__ = ("max_age_seconds", "stale_while_revalidate_seconds")
    MAX_AGE_SECONDS_FIELD_NUMBER: _ClassVar[int]
    STALE_WHILE_REVALIDATE_SECONDS_FIELD_NUMBER: _ClassVar[int]
    max_age_seconds: int
    stale_while_revalidate_seconds: int
    def __init__(self, max_age_seconds: _Optional[int] = ..., stale_while_revalidate_seconds: _Optional[int] = ...) -> None: ...
