"""Shipping resources between the domain and protobuf."""

from __future__ import annotations

from collections.abc import Iterable

from services.runtime import money
from services.runtime.resource_versions import timestamp
from services.shipping import domain
from services.shipping.domain import ParcelItem, Quote, Shipment, TrackingEvent
from shop.shipping.v1 import shipment_pb2

_STATES = {
    domain.PENDING: shipment_pb2.Shipment.STATE_PENDING,
    domain.SHIPPED: shipment_pb2.Shipment.STATE_SHIPPED,
    domain.DELIVERED: shipment_pb2.Shipment.STATE_DELIVERED,
    domain.CANCELLED: shipment_pb2.Shipment.STATE_CANCELLED,
    domain.IN_TRANSIT: shipment_pb2.Shipment.STATE_IN_TRANSIT,
    domain.OUT_FOR_DELIVERY: shipment_pb2.Shipment.STATE_OUT_FOR_DELIVERY,
}


def state_to_pb(state: str) -> shipment_pb2.Shipment.State.ValueType:
    return _STATES[state]


def tracking_event_to_pb(event: TrackingEvent) -> shipment_pb2.TrackingEvent:
    return shipment_pb2.TrackingEvent(
        state=_STATES[event.state],
        event_time=timestamp(event.event_time),
        location=event.location,
        description=event.description,
        source=event.source,
    )


def parcel_items(items: Iterable[shipment_pb2.ParcelItem]) -> list[ParcelItem]:
    return [ParcelItem(i.units, i.weight_grams, i.length_mm, i.width_mm, i.height_mm) for i in items]


def quote_to_pb(quote: Quote) -> shipment_pb2.ShippingQuote:
    return shipment_pb2.ShippingQuote(
        amount=money.to_proto(quote.amount),
        zone=quote.zone,
        estimated_days=quote.estimated_days,
        billable_weight_grams=quote.billable_weight_grams,
    )


def shipment_to_pb(shipment: Shipment) -> shipment_pb2.Shipment:
    message = shipment_pb2.Shipment(
        name=shipment.name,
        order=shipment.order,
        address=shipment_pb2.Address(**shipment.address),
        units=shipment.units,
        quote=quote_to_pb(shipment.quote),
        state=_STATES[shipment.state],
        carrier=shipment.carrier,
        tracking_number=shipment.tracking_number,
        create_time=timestamp(shipment.create_time),
        tracking_events=[tracking_event_to_pb(e) for e in shipment.tracking_events],
        customer=shipment.customer,
    )
    if shipment.ship_time:
        message.ship_time.CopyFrom(timestamp(shipment.ship_time))
    if shipment.delivery_time:
        message.delivery_time.CopyFrom(timestamp(shipment.delivery_time))
    return message
