"""Orders' domain events, written to the outbox in the caller's transaction (``shop.orders.events``)."""

from __future__ import annotations

from services.orders import domain
from services.orders.domain import Order, Return
from services.orders.mapping import order_to_pb, return_to_pb
from services.runtime import outbox
from services.runtime.database import Transaction
from shop.orders.v1 import events_pb2

TOPIC = "shop.orders.events"
SOURCE = "orders.shopmesh.dev"

_EVENTS = {
    domain.PENDING: events_pb2.OrderPlaced,
    domain.CONFIRMED: events_pb2.OrderConfirmed,
    domain.CANCELLED: events_pb2.OrderCancelled,
    domain.SHIPPED: events_pb2.OrderShipped,
    domain.DELIVERED: events_pb2.OrderDelivered,
    domain.REFUNDED: events_pb2.OrderRefunded,
    domain.PARTIALLY_REFUNDED: events_pb2.OrderPartiallyRefunded,
}
_RETURN_EVENTS = {
    domain.REQUESTED: events_pb2.ReturnRequested,
    domain.APPROVED: events_pb2.ReturnApproved,
    domain.REJECTED: events_pb2.ReturnRejected,
    domain.REFUNDED: events_pb2.ReturnRefunded,
}


async def record_state(session: Transaction, order: Order) -> None:
    """The event of the state the order just reached."""
    event = _EVENTS[order.state](order=order_to_pb(order))
    await outbox.record(session, topic=TOPIC, key=order.name, event=event, source=SOURCE)


async def record_return(session: Transaction, order_return: Return) -> None:
    """The event of the state the return just reached (keyed by its order: in order with the order's events)."""
    event = _RETURN_EVENTS[order_return.state](order_return=return_to_pb(order_return))
    await outbox.record(session, topic=TOPIC, key=order_return.order, event=event, source=SOURCE)
