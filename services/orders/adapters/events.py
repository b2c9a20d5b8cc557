"""Orders' domain events, written to the outbox in the caller's transaction (``shop.orders.events``)."""

from __future__ import annotations

from services.orders import domain
from services.orders.domain import Order
from services.orders.mapping import order_to_pb
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
}


async def record_state(session: Transaction, order: Order) -> None:
    """The event of the state the order just reached."""
    event = _EVENTS[order.state](order=order_to_pb(order))
    await outbox.record(session, topic=TOPIC, key=order.name, event=event, source=SOURCE)
