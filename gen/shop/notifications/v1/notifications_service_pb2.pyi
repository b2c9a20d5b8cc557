from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from shop.auth.v1 import access_pb2 as _access_pb2
from shop.notifications.v1 import notification_pb2 as _notification_pb2
from shop.notifications.v1 import wishlist_pb2 as _wishlist_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ListNotificationsRequest(_message.Message):
    __slots__ = ("page_size", "page_token")
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    page_size: int
    page_token: str
    def __init__(self, page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListNotificationsResponse(_message.Message):
    __slots__ = ("notifications", "next_page_token")
    NOTIFICATIONS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    notifications: _containers.RepeatedCompositeFieldContainer[_notification_pb2.Notification]
    next_page_token: str
    def __init__(self, notifications: _Optional[_Iterable[_Union[_notification_pb2.Notification, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetNotificationPreferencesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class GetNotificationPreferencesResponse(_message.Message):
    __slots__ = ("preferences",)
    PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    preferences: _notification_pb2.NotificationPreferences
    def __init__(self, preferences: _Optional[_Union[_notification_pb2.NotificationPreferences, _Mapping]] = ...) -> None: ...

class UpdateNotificationPreferencesRequest(_message.Message):
    __slots__ = ("preferences",)
    PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    preferences: _notification_pb2.NotificationPreferences
    def __init__(self, preferences: _Optional[_Union[_notification_pb2.NotificationPreferences, _Mapping]] = ...) -> None: ...

class UpdateNotificationPreferencesResponse(_message.Message):
    __slots__ = ("preferences",)
    PREFERENCES_FIELD_NUMBER: _ClassVar[int]
    preferences: _notification_pb2.NotificationPreferences
    def __init__(self, preferences: _Optional[_Union[_notification_pb2.NotificationPreferences, _Mapping]] = ...) -> None: ...

class CreateWishlistItemRequest(_message.Message):
    __slots__ = ("product", "variant")
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    VARIANT_FIELD_NUMBER: _ClassVar[int]
    product: str
    variant: str
    def __init__(self, product: _Optional[str] = ..., variant: _Optional[str] = ...) -> None: ...

class CreateWishlistItemResponse(_message.Message):
    __slots__ = ("wishlist_item",)
    WISHLIST_ITEM_FIELD_NUMBER: _ClassVar[int]
    wishlist_item: _wishlist_pb2.WishlistItem
    def __init__(self, wishlist_item: _Optional[_Union[_wishlist_pb2.WishlistItem, _Mapping]] = ...) -> None: ...

class ListWishlistItemsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListWishlistItemsResponse(_message.Message):
    __slots__ = ("wishlist_items",)
    WISHLIST_ITEMS_FIELD_NUMBER: _ClassVar[int]
    wishlist_items: _containers.RepeatedCompositeFieldContainer[_wishlist_pb2.WishlistItem]
    def __init__(self, wishlist_items: _Optional[_Iterable[_Union[_wishlist_pb2.WishlistItem, _Mapping]]] = ...) -> None: ...

class DeleteWishlistItemRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class DeleteWishlistItemResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
