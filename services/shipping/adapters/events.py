"""Shipping's domain events, written to the outbox in the caller's transaction (``shop.shipping.events``)."""

from __future__ import annotations

from services.runtime import outbox
from services.runtime.database import Transaction
from services.shipping.domain import Shipment, TrackingEvent
from services.shipping.mapping import shipment_to_pb, tracking_event_to_pb
from shop.shipping.v1 import events_pb2

TOPIC = "shop.shipping.events"
SOURCE = "shipping.shopmesh.dev"


async def record_state_change(session: Transaction, shipment: Shipment, step: TrackingEvent) -> None:
    """The shipment reached a new state through ``step``."""
    event = events_pb2.ShipmentStateChanged(
        shipment=shipment_to_pb(shipment), tracking_event=tracking_event_to_pb(step)
    )
    await outbox.record(session, topic=TOPIC, key=shipment.order, event=event, source=SOURCE)
