"""OrdersService over gRPC: parse the request, call the service layer, map the result to protobuf."""

from __future__ import annotations

import grpc

from services.orders.mapping import order_to_pb, return_to_pb
from services.orders.returns import ReturnsService
from services.orders.service import OrdersService
from services.runtime import call_context
from services.runtime.json_messages import to_json_dict
from shop.orders.v1 import orders_service_pb2 as pb
from shop.orders.v1 import orders_service_pb2_grpc


def _order_id(name: str) -> str:
    return name.removeprefix("orders/")


def _return_ids(name: str) -> tuple[str, str]:
    """``orders/{order}/returns/{return}`` → (order, return)."""
    parts = name.split("/")
    return parts[1], parts[3]


class OrdersApi(orders_service_pb2_grpc.OrdersServiceServicer):
    def __init__(self, orders: OrdersService, returns: ReturnsService) -> None:
        self._orders = orders
        self._returns = returns

    async def Checkout(self, request: pb.CheckoutRequest, context: grpc.aio.ServicerContext) -> pb.CheckoutResponse:
        order = await self._orders.checkout(
            call_context.caller_with_confirmed_email(),
            request.request_id,
            to_json_dict(request.shipping_address) if request.HasField("shipping_address") else None,
            request.card,
            saved_address=request.saved_address,
        )
        return pb.CheckoutResponse(order=order_to_pb(order))

    async def PreviewCheckout(
        self, request: pb.PreviewCheckoutRequest, context: grpc.aio.ServicerContext
    ) -> pb.PreviewCheckoutResponse:
        order = await self._orders.preview(
            call_context.caller(),
            to_json_dict(request.shipping_address) if request.HasField("shipping_address") else None,
            request.saved_address,
        )
        message = order_to_pb(order)
        for placed_only in ("name", "state", "create_time", "update_time", "etag", "number"):
            if placed_only in message.DESCRIPTOR.fields_by_name:
                message.ClearField(placed_only)
        return pb.PreviewCheckoutResponse(order=message)

    async def GetOrder(self, request: pb.GetOrderRequest, context: grpc.aio.ServicerContext) -> pb.GetOrderResponse:
        return pb.GetOrderResponse(
            order=order_to_pb(await self._orders.get(call_context.caller(), _order_id(request.name)))
        )

    async def ListOrders(
        self, request: pb.ListOrdersRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListOrdersResponse:
        orders, token = await self._orders.list(call_context.caller(), request.page_size, request.page_token)
        return pb.ListOrdersResponse(orders=[order_to_pb(o) for o in orders], next_page_token=token)

    async def CancelOrder(
        self, request: pb.CancelOrderRequest, context: grpc.aio.ServicerContext
    ) -> pb.CancelOrderResponse:
        return pb.CancelOrderResponse(
            order=order_to_pb(await self._orders.cancel(call_context.caller(), _order_id(request.name)))
        )

    async def ShipOrder(self, request: pb.ShipOrderRequest, context: grpc.aio.ServicerContext) -> pb.ShipOrderResponse:
        order = await self._orders.ship(
            call_context.caller(), _order_id(request.name), request.carrier, request.tracking_number
        )
        return pb.ShipOrderResponse(order=order_to_pb(order))

    async def DeliverOrder(
        self, request: pb.DeliverOrderRequest, context: grpc.aio.ServicerContext
    ) -> pb.DeliverOrderResponse:
        return pb.DeliverOrderResponse(
            order=order_to_pb(await self._orders.deliver(call_context.caller(), _order_id(request.name)))
        )

    async def RefundOrder(
        self, request: pb.RefundOrderRequest, context: grpc.aio.ServicerContext
    ) -> pb.RefundOrderResponse:
        return pb.RefundOrderResponse(
            order=order_to_pb(await self._orders.refund(call_context.caller(), _order_id(request.name)))
        )

    async def RequestReturn(
        self, request: pb.RequestReturnRequest, context: grpc.aio.ServicerContext
    ) -> pb.RequestReturnResponse:
        order_return = await self._returns.request_return(
            call_context.caller(),
            _order_id(request.parent),
            request.request_id,
            [
                (line.product.removeprefix("products/"), line.variant.rpartition("/variants/")[2], line.quantity)
                for line in request.lines
            ],
            request.reason,
        )
        return pb.RequestReturnResponse(order_return=return_to_pb(order_return))

    async def GetReturn(self, request: pb.GetReturnRequest, context: grpc.aio.ServicerContext) -> pb.GetReturnResponse:
        found = await self._returns.get_return(call_context.caller(), *_return_ids(request.name))
        return pb.GetReturnResponse(order_return=return_to_pb(found))

    async def ListReturns(
        self, request: pb.ListReturnsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListReturnsResponse:
        found = await self._returns.list_returns(call_context.caller(), _order_id(request.parent))
        return pb.ListReturnsResponse(order_returns=[return_to_pb(r) for r in found])

    async def ApproveReturn(
        self, request: pb.ApproveReturnRequest, context: grpc.aio.ServicerContext
    ) -> pb.ApproveReturnResponse:
        approved = await self._returns.approve_return(call_context.caller(), *_return_ids(request.name))
        return pb.ApproveReturnResponse(order_return=return_to_pb(approved))

    async def RejectReturn(
        self, request: pb.RejectReturnRequest, context: grpc.aio.ServicerContext
    ) -> pb.RejectReturnResponse:
        rejected = await self._returns.reject_return(call_context.caller(), *_return_ids(request.name), request.reason)
        return pb.RejectReturnResponse(order_return=return_to_pb(rejected))

    async def ReceiveReturn(
        self, request: pb.ReceiveReturnRequest, context: grpc.aio.ServicerContext
    ) -> pb.ReceiveReturnResponse:
        received = await self._returns.receive_return(call_context.caller(), *_return_ids(request.name))
        return pb.ReceiveReturnResponse(order_return=return_to_pb(received))
