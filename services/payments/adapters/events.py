"""Payments' domain events, written to the outbox in the caller's transaction (``shop.payments.events``)."""

from __future__ import annotations

from services.payments import domain
from services.payments.domain import Payment
from services.payments.mapping import payment_to_pb
from services.runtime import outbox
from services.runtime.database import Transaction
from shop.payments.v1 import events_pb2

TOPIC = "shop.payments.events"
SOURCE = "payments.shopmesh.dev"

_EVENTS = {
    domain.AUTHORIZED: events_pb2.PaymentAuthorized,
    domain.DECLINED: events_pb2.PaymentFailed,
    domain.CAPTURED: events_pb2.PaymentCaptured,
    domain.VOIDED: events_pb2.PaymentVoided,
    domain.REFUNDED: events_pb2.PaymentRefunded,
    domain.PARTIALLY_REFUNDED: events_pb2.PaymentRefunded,
}


async def record_state(session: Transaction, payment: Payment) -> None:
    """The event of the state the payment just reached."""
    event = _EVENTS[payment.state](payment=payment_to_pb(payment))
    await outbox.record(session, topic=TOPIC, key=payment.order, event=event, source=SOURCE)
