"""InventoryService over gRPC: parse the request, call the service layer, map the result to protobuf."""

from __future__ import annotations

from datetime import timedelta

import grpc

from services.inventory.mapping import availability_to_pb, level_to_pb, reservation_to_pb
from services.inventory.service import InventoryService
from services.runtime.errors import InvalidArgument
from shop.inventory.v1 import inventory_service_pb2 as pb
from shop.inventory.v1 import inventory_service_pb2_grpc


def _order_id(order: str) -> str:
    return order.removeprefix("orders/")


class InventoryApi(inventory_service_pb2_grpc.InventoryServiceServicer):
    def __init__(self, inventory: InventoryService) -> None:
        self._inventory = inventory

    async def GetAvailability(
        self, request: pb.GetAvailabilityRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetAvailabilityResponse:
        found = await self._inventory.availability(list(request.skus))
        return pb.GetAvailabilityResponse(availabilities=[availability_to_pb(sku, n) for sku, n in found])

    async def ListStockLevels(
        self, request: pb.ListStockLevelsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListStockLevelsResponse:
        levels = await self._inventory.stock_levels(request.sku)
        return pb.ListStockLevelsResponse(stock_levels=[level_to_pb(level) for level in levels])

    async def AdjustStock(
        self, request: pb.AdjustStockRequest, context: grpc.aio.ServicerContext
    ) -> pb.AdjustStockResponse:
        threshold = request.low_stock_threshold if request.HasField("low_stock_threshold") else None
        level = await self._inventory.adjust(
            request.sku, request.warehouse, request.delta, threshold, request.request_id
        )
        return pb.AdjustStockResponse(stock_level=level_to_pb(level))

    async def ReserveStock(
        self, request: pb.ReserveStockRequest, context: grpc.aio.ServicerContext
    ) -> pb.ReserveStockResponse:
        wanted: dict[str, int] = {}
        for line in request.lines:
            if line.sku in wanted:
                raise InvalidArgument.field("lines", f"{line.sku} appears twice; one line per SKU")
            wanted[line.sku] = line.quantity
        ttl = timedelta(seconds=request.ttl_seconds) if request.ttl_seconds else None
        reservation = await self._inventory.reserve(_order_id(request.order), wanted, ttl, commit=request.commit)
        return pb.ReserveStockResponse(reservation=reservation_to_pb(reservation))

    async def CommitReservation(
        self, request: pb.CommitReservationRequest, context: grpc.aio.ServicerContext
    ) -> pb.CommitReservationResponse:
        reservation = await self._inventory.commit(_order_id(request.order))
        return pb.CommitReservationResponse(reservation=reservation_to_pb(reservation))

    async def ReleaseReservation(
        self, request: pb.ReleaseReservationRequest, context: grpc.aio.ServicerContext
    ) -> pb.ReleaseReservationResponse:
        reservation = await self._inventory.release(_order_id(request.order))
        if reservation is None:
            return pb.ReleaseReservationResponse()
        return pb.ReleaseReservationResponse(reservation=reservation_to_pb(reservation))

    async def GetReservation(
        self, request: pb.GetReservationRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetReservationResponse:
        reservation = await self._inventory.get_reservation(_order_id(request.order))
        return pb.GetReservationResponse(reservation=reservation_to_pb(reservation))
