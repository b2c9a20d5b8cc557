"""NotificationsService over gRPC: parse the request, call the service layer, map the result to protobuf."""

from __future__ import annotations

import grpc

from services.notifications.mapping import (
    notification_to_pb,
    preferences_to_pb,
    type_from_pb,
    wishlist_item_to_pb,
)
from services.notifications.service import NotificationsService
from services.runtime import call_context
from services.runtime.errors import InvalidArgument
from shop.notifications.v1 import notifications_service_pb2 as pb
from shop.notifications.v1 import notifications_service_pb2_grpc


def _last(name: str) -> str:
    return name.rsplit("/", 1)[-1]


class NotificationsApi(notifications_service_pb2_grpc.NotificationsServiceServicer):
    def __init__(self, notifications: NotificationsService) -> None:
        self._notifications = notifications

    async def ListNotifications(
        self, request: pb.ListNotificationsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListNotificationsResponse:
        rows, token = await self._notifications.list(call_context.caller(), request.page_size, request.page_token)
        return pb.ListNotificationsResponse(notifications=[notification_to_pb(r) for r in rows], next_page_token=token)

    async def GetNotificationPreferences(
        self, request: pb.GetNotificationPreferencesRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetNotificationPreferencesResponse:
        opted_out = await self._notifications.preferences(call_context.caller())
        return pb.GetNotificationPreferencesResponse(preferences=preferences_to_pb(opted_out))

    async def UpdateNotificationPreferences(
        self, request: pb.UpdateNotificationPreferencesRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateNotificationPreferencesResponse:
        opted_out = await self._notifications.set_preferences(
            call_context.caller(), [type_from_pb(t) for t in request.preferences.opted_out]
        )
        return pb.UpdateNotificationPreferencesResponse(preferences=preferences_to_pb(opted_out))

    async def CreateWishlistItem(
        self, request: pb.CreateWishlistItemRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateWishlistItemResponse:
        product, variant = _last(request.product), ""
        if request.variant:
            of_product, _, variant = request.variant.removeprefix("products/").partition("/variants/")
            if of_product != product:
                raise InvalidArgument.field("variant", f"is not a variant of {request.product}")
        entry = await self._notifications.wishlists.save_for_later(call_context.caller(), product, variant)
        return pb.CreateWishlistItemResponse(wishlist_item=wishlist_item_to_pb(entry))

    async def ListWishlistItems(
        self, request: pb.ListWishlistItemsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListWishlistItemsResponse:
        entries = await self._notifications.wishlists.wishlist(call_context.caller())
        return pb.ListWishlistItemsResponse(wishlist_items=[wishlist_item_to_pb(e) for e in entries])

    async def DeleteWishlistItem(
        self, request: pb.DeleteWishlistItemRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeleteWishlistItemResponse:
        await self._notifications.wishlists.forget(call_context.caller(), _last(request.name))
        return pb.DeleteWishlistItemResponse()
