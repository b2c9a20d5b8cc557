"""Inventory's domain events, written to the outbox in the caller's transaction (``shop.inventory.events``)."""

from __future__ import annotations

from google.protobuf.message import Message

from services.inventory.domain import Reservation, StockLevel
from services.inventory.mapping import availability_to_pb, level_to_pb, reservation_to_pb
from services.runtime import outbox
from services.runtime.database import Transaction
from shop.inventory.v1 import events_pb2

TOPIC = "shop.inventory.events"
SOURCE = "inventory.shopmesh.dev"


class InventoryEvents:
    def __init__(self, session: Transaction) -> None:
        self._session = session

    async def _record(self, key: str, event: Message) -> None:
        await outbox.record(self._session, topic=TOPIC, key=key, event=event, source=SOURCE)

    async def reserved(self, reservation: Reservation) -> None:
        await self._record(reservation.order, events_pb2.StockReserved(reservation=reservation_to_pb(reservation)))

    async def released(self, reservation: Reservation) -> None:
        await self._record(reservation.order, events_pb2.StockReleased(reservation=reservation_to_pb(reservation)))

    async def committed(self, reservation: Reservation) -> None:
        await self._record(reservation.order, events_pb2.StockCommitted(reservation=reservation_to_pb(reservation)))

    async def low(self, sku: str, available: int, threshold: int) -> None:
        event = events_pb2.StockLow(availability=availability_to_pb(sku, available), low_stock_threshold=threshold)
        await self._record(f"skus/{sku}", event)

    async def availability_changed(self, sku: str, available: int) -> None:
        event = events_pb2.StockAvailabilityChanged(availability=availability_to_pb(sku, available))
        await self._record(f"skus/{sku}", event)

    async def depleted(self, sku: str) -> None:
        await self._record(f"skus/{sku}", events_pb2.StockDepleted(sku=sku))

    async def adjusted(self, level: StockLevel, delta: int) -> None:
        await self._record(f"skus/{level.sku}", events_pb2.StockAdjusted(stock_level=level_to_pb(level), delta=delta))
