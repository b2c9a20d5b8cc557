from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.protobuf import field_mask_pb2 as _field_mask_pb2
from shop.auth.v1 import access_pb2 as _access_pb2
from shop.edge.v1 import cache_pb2 as _cache_pb2
from shop.reviews.v1 import review_pb2 as _review_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CreateReviewRequest(_message.Message):
    __slots__ = ("parent", "review", "request_id")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    parent: str
    review: _review_pb2.Review
    request_id: str
    def __init__(self, parent: _Optional[str] = ..., review: _Optional[_Union[_review_pb2.Review, _Mapping]] = ..., request_id: _Optional[str] = ...) -> None: ...

class CreateReviewResponse(_message.Message):
    __slots__ = ("review",)
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    review: _review_pb2.Review
    def __init__(self, review: _Optional[_Union[_review_pb2.Review, _Mapping]] = ...) -> None: ...

class UpdateReviewRequest(_message.Message):
    __slots__ = ("review", "update_mask")
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    UPDATE_MASK_FIELD_NUMBER: _ClassVar[int]
    review: _review_pb2.Review
    update_mask: _field_mask_pb2.FieldMask
    def __init__(self, review: _Optional[_Union[_review_pb2.Review, _Mapping]] = ..., update_mask: _Optional[_Union[_field_mask_pb2.FieldMask, _Mapping]] = ...) -> None: ...

class UpdateReviewResponse(_message.Message):
    __slots__ = ("review",)
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    review: _review_pb2.Review
    def __init__(self, review: _Optional[_Union[_review_pb2.Review, _Mapping]] = ...) -> None: ...

class GetReviewRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GetReviewResponse(_message.Message):
    __slots__ = ("review",)
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    review: _review_pb2.Review
    def __init__(self, review: _Optional[_Union[_review_pb2.Review, _Mapping]] = ...) -> None: ...

class ListReviewsRequest(_message.Message):
    __slots__ = ("parent", "page_size", "page_token")
    PARENT_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    parent: str
    page_size: int
    page_token: str
    def __init__(self, parent: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListReviewsResponse(_message.Message):
    __slots__ = ("reviews", "next_page_token", "rating_summary")
    REVIEWS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    RATING_SUMMARY_FIELD_NUMBER: _ClassVar[int]
    reviews: _containers.RepeatedCompositeFieldContainer[_review_pb2.Review]
    next_page_token: str
    rating_summary: _review_pb2.RatingSummary
    def __init__(self, reviews: _Optional[_Iterable[_Union[_review_pb2.Review, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., rating_summary: _Optional[_Union[_review_pb2.RatingSummary, _Mapping]] = ...) -> None: ...

class GetRatingSummaryRequest(_message.Message):
    __slots__ = ("product",)
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    product: str
    def __init__(self, product: _Optional[str] = ...) -> None: ...

class GetRatingSummaryResponse(_message.Message):
    __slots__ = ("rating_summary",)
    RATING_SUMMARY_FIELD_NUMBER: _ClassVar[int]
    rating_summary: _review_pb2.RatingSummary
    def __init__(self, rating_summary: _Optional[_Union[_review_pb2.RatingSummary, _Mapping]] = ...) -> None: ...

class ListPendingReviewsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListPendingReviewsResponse(_message.Message):
    __slots__ = ("reviews", "next_page_token")
    REVIEWS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    reviews: _containers.RepeatedCompositeFieldContainer[_review_pb2.Review]
    next_page_token: str
    def __init__(self, reviews: _Optional[_Iterable[_Union[_review_pb2.Review, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ModerateReviewRequest(_message.Message):
    __slots__ = ("name", "decision", "reason")
    class Decision(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        DECISION_UNSPECIFIED: _ClassVar[ModerateReviewRequest.Decision]
        DECISION_APPROVE: _ClassVar[ModerateReviewRequest.Decision]
        DECISION_REJECT: _ClassVar[ModerateReviewRequest.Decision]
    DECISION_UNSPECIFIED: ModerateReviewRequest.Decision
    DECISION_APPROVE: ModerateReviewRequest.Decision
    DECISION_REJECT: ModerateReviewRequest.Decision
    NAME_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    name: str
    decision: ModerateReviewRequest.Decision
    reason: str
    def __init__(self, name: _Optional[str] = ..., decision: _Optional[_Union[ModerateReviewRequest.Decision, str]] = ..., reason: _Optional[str] = ...) -> None: ...

class ModerateReviewResponse(_message.Message):
    __slots__ = ("review",)
    REVIEW_FIELD_NUMBER: _ClassVar[int]
    review: _review_pb2.Review
    def __init__(self, review: _Optional[_Union[_review_pb2.Review, _Mapping]] = ...) -> None: ...
