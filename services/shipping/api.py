"""ShippingService over gRPC: parse the request, call the service layer, map the result to protobuf."""

from __future__ import annotations

import time

import grpc

from services.runtime import call_context
from services.runtime.json_messages import to_json_dict
from services.runtime.webhook_signatures import SIGNATURE_HEADER
from services.shipping import domain
from services.shipping.mapping import parcel_items, quote_to_pb, shipment_to_pb, state_to_pb
from services.shipping.service import ShippingService
from shop.shipping.v1 import shipping_service_pb2 as pb
from shop.shipping.v1 import shipping_service_pb2_grpc


def _order_id(order: str) -> str:
    return order.removeprefix("orders/")


def _header(context: grpc.aio.ServicerContext, name: str) -> str:
    """A request header (the gateway passes HTTP headers on as metadata); empty when absent."""
    return next((str(v) for k, v in (context.invocation_metadata() or ()) if k == name), "")


class ShippingApi(shipping_service_pb2_grpc.ShippingServiceServicer):
    def __init__(self, shipping: ShippingService) -> None:
        self._shipping = shipping

    async def QuoteShipping(
        self, request: pb.QuoteShippingRequest, context: grpc.aio.ServicerContext
    ) -> pb.QuoteShippingResponse:
        return pb.QuoteShippingResponse(
            quote=quote_to_pb(
                self._shipping.quote(
                    request.address.country_code, request.units, request.currency_code, parcel_items(request.items)
                )
            )
        )

    async def ListShippingCountries(
        self, request: pb.ListShippingCountriesRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListShippingCountriesResponse:
        return pb.ListShippingCountriesResponse(
            countries=[
                pb.ShippingCountry(country_code=c.code, display_name=c.name, zone=c.zone, estimated_days=c.days)
                for c in domain.shipping_countries()
            ]
        )

    async def CreateShipment(
        self, request: pb.CreateShipmentRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateShipmentResponse:
        shipment = await self._shipping.create(
            _order_id(request.order),
            to_json_dict(request.address),
            request.units,
            request.customer.removeprefix("users/"),
            request.currency_code,
            parcel_items(request.items),
        )
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

    async def GetOrderShipment(
        self, request: pb.GetOrderShipmentRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetOrderShipmentResponse:
        shipment = await self._shipping.of_order(call_context.caller(), _order_id(request.order))
        return pb.GetOrderShipmentResponse(shipment=shipment_to_pb(shipment))

    async def ReceiveCarrierEvent(
        self, request: pb.ReceiveCarrierEventRequest, context: grpc.aio.ServicerContext
    ) -> pb.ReceiveCarrierEventResponse:
        receipt = await self._shipping.receive_carrier_event(
            request.carrier, request.body.data, _header(context, SIGNATURE_HEADER), time.time()
        )
        return pb.ReceiveCarrierEventResponse(
            event_id=receipt.event_id, state=state_to_pb(receipt.state), duplicate=receipt.duplicate
        )
