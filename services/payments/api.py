"""PaymentsService over gRPC: parse the request, call the service layer, map the result to protobuf."""

from __future__ import annotations

import grpc

from services.payments.domain import CardDetails
from services.payments.mapping import payment_to_pb
from services.payments.service import PaymentsService
from services.runtime import money
from shop.payments.v1 import payments_service_pb2 as pb
from shop.payments.v1 import payments_service_pb2_grpc


def _order_id(order: str) -> str:
    return order.removeprefix("orders/")


class PaymentsApi(payments_service_pb2_grpc.PaymentsServiceServicer):
    def __init__(self, payments: PaymentsService) -> None:
        self._payments = payments

    async def AuthorizePayment(
        self, request: pb.AuthorizePaymentRequest, context: grpc.aio.ServicerContext
    ) -> pb.AuthorizePaymentResponse:
        card = CardDetails(
            number=request.card.number,
            exp_month=request.card.exp_month,
            exp_year=request.card.exp_year,
            cvc=request.card.cvc,
        )
        amount = money.from_proto(request.amount, field="amount")
        payment = await self._payments.authorize(_order_id(request.order), amount, card)
        return pb.AuthorizePaymentResponse(payment=payment_to_pb(payment))

    async def CapturePayment(
        self, request: pb.CapturePaymentRequest, context: grpc.aio.ServicerContext
    ) -> pb.CapturePaymentResponse:
        return pb.CapturePaymentResponse(payment=payment_to_pb(await self._payments.capture(_order_id(request.order))))

    async def VoidPayment(
        self, request: pb.VoidPaymentRequest, context: grpc.aio.ServicerContext
    ) -> pb.VoidPaymentResponse:
        payment = await self._payments.void(_order_id(request.order))
        return pb.VoidPaymentResponse(payment=payment_to_pb(payment)) if payment else pb.VoidPaymentResponse()

    async def RefundPayment(
        self, request: pb.RefundPaymentRequest, context: grpc.aio.ServicerContext
    ) -> pb.RefundPaymentResponse:
        amount = money.from_proto(request.amount, field="amount") if request.HasField("amount") else None
        payment = await self._payments.refund(_order_id(request.order), amount, request.refund_id)
        return pb.RefundPaymentResponse(payment=payment_to_pb(payment))

    async def GetPayment(
        self, request: pb.GetPaymentRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetPaymentResponse:
        return pb.GetPaymentResponse(payment=payment_to_pb(await self._payments.get(_order_id(request.order))))
