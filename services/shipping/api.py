"""ShippingService over gRPC: parse the request, call the service layer, map the result to protobuf."""

from __future__ import annotations

import grpc

from services.runtime.json_messages import to_json_dict
from services.shipping.mapping import quote_to_pb, shipment_to_pb
from services.shipping.service import ShippingService
from shop.shipping.v1 import shipping_service_pb2 as pb
from shop.shipping.v1 import shipping_service_pb2_grpc


def _order_id(order: str) -> str:
    return order.removeprefix("orders/")


class ShippingApi(shipping_service_pb2_grpc.ShippingServiceServicer):
    def __init__(self, shipping: ShippingService) -> None:
        self._shipping = shipping

    async def QuoteShipping(
        self, request: pb.QuoteShippingRequest, context: grpc.aio.ServicerContext
    ) -> pb.QuoteShippingResponse:
        return pb.QuoteShippingResponse(
            quote=quote_to_pb(self._shipping.quote(request.address.country_code, request.units))
        )

    async def CreateShipment(
        self, request: pb.CreateShipmentRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateShipmentResponse:
        shipment = await self._shipping.create(_order_id(request.order), to_json_dict(request.address), request.units)
        return pb.CreateShipmentResponse(shipment=shipment_to_pb(shipment))

    async def MarkShipped(
        self, request: pb.MarkShippedRequest, context: grpc.aio.ServicerContext
    ) -> pb.MarkShippedResponse:
        shipment = await self._shipping.mark_shipped(_order_id(request.order), request.carrier, request.tracking_number)
        return pb.MarkShippedResponse(shipment=shipment_to_pb(shipment))

    async def MarkDelivered(
        self, request: pb.MarkDeliveredRequest, context: grpc.aio.ServicerContext
    ) -> pb.MarkDeliveredResponse:
        return pb.MarkDeliveredResponse(
            shipment=shipment_to_pb(await self._shipping.mark_delivered(_order_id(request.order)))
        )

    async def CancelShipment(
        self, request: pb.CancelShipmentRequest, context: grpc.aio.ServicerContext
    ) -> pb.CancelShipmentResponse:
        shipment = await self._shipping.cancel(_order_id(request.order))
        return pb.CancelShipmentResponse(shipment=shipment_to_pb(shipment)) if shipment else pb.CancelShipmentResponse()

    async def GetShipment(
        self, request: pb.GetShipmentRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetShipmentResponse:
        return pb.GetShipmentResponse(shipment=shipment_to_pb(await self._shipping.get(_order_id(request.order))))
