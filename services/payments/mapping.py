"""Payments between the domain and protobuf, for the API and the events alike."""

from __future__ import annotations

from services.payments import domain
from services.payments.domain import Payment
from services.runtime import money
from services.runtime.resource_versions import timestamp
from shop.payments.v1 import payment_pb2

_STATES = {
    domain.AUTHORIZED: payment_pb2.Payment.STATE_AUTHORIZED,
    domain.CAPTURED: payment_pb2.Payment.STATE_CAPTURED,
    domain.VOIDED: payment_pb2.Payment.STATE_VOIDED,
    domain.REFUNDED: payment_pb2.Payment.STATE_REFUNDED,
    domain.DECLINED: payment_pb2.Payment.STATE_DECLINED,
    domain.PARTIALLY_REFUNDED: payment_pb2.Payment.STATE_PARTIALLY_REFUNDED,
}


def card_decline_reason(reason: str) -> payment_pb2.DeclineReason.ValueType:
    """The contract's word for one of domain.DECLINE_REASONS ('' while the payment is not declined). Rows written
    before the set was closed may hold another provider code: the generic CARD_DECLINED."""
    if not reason:
        return payment_pb2.DECLINE_REASON_UNSPECIFIED
    return payment_pb2.DeclineReason.Value(f"DECLINE_REASON_{domain.decline_reason(reason)}")


def payment_to_pb(payment: Payment) -> payment_pb2.Payment:
    return payment_pb2.Payment(
        name=payment.name,
        order=payment.order,
        amount=money.to_proto(payment.amount),
        state=_STATES[payment.state],
        card_last4=payment.card_last4,
        decline_reason=payment.decline_reason,
        card_decline_reason=card_decline_reason(payment.decline_reason),
        create_time=timestamp(payment.create_time),
        update_time=timestamp(payment.update_time),
        refunded_amount=money.to_proto(payment.refunded),
    )
