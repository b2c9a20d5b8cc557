"""WebhooksService over gRPC: parse the request, call the service layer, map the result to protobuf."""

from __future__ import annotations

from datetime import UTC, datetime

import grpc

from services.webhooks import domain
from services.webhooks.mapping import delivery_to_pb, endpoint_to_pb
from services.webhooks.service import WebhooksService
from shop.webhooks.v1 import webhooks_service_pb2 as pb
from shop.webhooks.v1 import webhooks_service_pb2_grpc


def _id(name: str) -> str:
    return name.rsplit("/", 1)[-1]


class WebhooksApi(webhooks_service_pb2_grpc.WebhooksServiceServicer):
    def __init__(self, webhooks: WebhooksService) -> None:
        self._webhooks = webhooks

    async def CreateWebhookEndpoint(
        self, request: pb.CreateWebhookEndpointRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateWebhookEndpointResponse:
        wanted = request.webhook_endpoint
        endpoint = await self._webhooks.register(wanted.url, list(wanted.event_types))
        return pb.CreateWebhookEndpointResponse(
            webhook_endpoint=endpoint_to_pb(endpoint, datetime.now(UTC), with_secret=True)
        )

    async def ListWebhookEndpoints(
        self, request: pb.ListWebhookEndpointsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListWebhookEndpointsResponse:
        now = datetime.now(UTC)
        endpoints = await self._webhooks.endpoints()
        return pb.ListWebhookEndpointsResponse(webhook_endpoints=[endpoint_to_pb(e, now) for e in endpoints])

    async def DeleteWebhookEndpoint(
        self, request: pb.DeleteWebhookEndpointRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeleteWebhookEndpointResponse:
        await self._webhooks.unregister(_id(request.name))
        return pb.DeleteWebhookEndpointResponse()

    async def ListWebhookDeliveries(
        self, request: pb.ListWebhookDeliveriesRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListWebhookDeliveriesResponse:
        rows, token = await self._webhooks.deliveries(_id(request.parent), request.page_size, request.page_token)
        return pb.ListWebhookDeliveriesResponse(
            webhook_deliveries=[delivery_to_pb(d) for d in rows], next_page_token=token
        )

    async def ListWebhookEventTypes(
        self, request: pb.ListWebhookEventTypesRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListWebhookEventTypesResponse:
        return pb.ListWebhookEventTypesResponse(event_types=list(domain.EVENT_TYPES))
