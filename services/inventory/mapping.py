"""Inventory resources between the domain and protobuf, for the API and the events alike."""

from __future__ import annotations

from services.inventory import domain
from services.inventory.domain import Reservation, StockLevel
from services.runtime.resource_versions import timestamp
from shop.inventory.v1 import inventory_pb2

_STATES = {
    domain.RESERVED: inventory_pb2.Reservation.STATE_RESERVED,
    domain.COMMITTED: inventory_pb2.Reservation.STATE_COMMITTED,
    domain.RELEASED: inventory_pb2.Reservation.STATE_RELEASED,
    domain.EXPIRED: inventory_pb2.Reservation.STATE_EXPIRED,
}


def reservation_to_pb(reservation: Reservation) -> inventory_pb2.Reservation:
    return inventory_pb2.Reservation(
        name=reservation.name,
        order=reservation.order,
        lines=[
            inventory_pb2.ReservationLine(sku=line.sku, warehouse=line.warehouse, quantity=line.quantity)
            for line in reservation.lines
        ],
        state=_STATES[reservation.state],
        expire_time=timestamp(reservation.expire_time),
        create_time=timestamp(reservation.create_time),
    )


def level_to_pb(level: StockLevel) -> inventory_pb2.StockLevel:
    return inventory_pb2.StockLevel(
        sku=level.sku,
        warehouse=level.warehouse,
        on_hand=level.on_hand,
        reserved=level.reserved,
        available=level.available,
        low_stock_threshold=level.low_stock_threshold,
        update_time=timestamp(level.update_time),
    )


def availability_to_pb(sku: str, available: int) -> inventory_pb2.Availability:
    return inventory_pb2.Availability(sku=sku, available=max(available, 0), in_stock=available > 0)
