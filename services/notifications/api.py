"""NotificationsService over gRPC: parse the request, call the service layer, map the result to protobuf."""

from __future__ import annotations

import grpc

from services.notifications.mapping import notification_to_pb, preferences_to_pb, type_from_pb
from services.notifications.service import NotificationsService
from services.runtime import call_context
from shop.notifications.v1 import notifications_service_pb2 as pb
from shop.notifications.v1 import notifications_service_pb2_grpc


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
