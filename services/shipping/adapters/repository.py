"""Reads and writes of shipments, within the caller's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert

from services.runtime.database import Transaction
from services.runtime.money import Money
from services.shipping import domain
from services.shipping.adapters.tables import shipments, tracking_events
from services.shipping.domain import Quote, Shipment, TrackingEvent


def _shipment(row: Any, recorded: tuple[TrackingEvent, ...]) -> Shipment:
    return Shipment(
        order_id=row.order_id,
        address=row.address,
        units=row.units,
        quote=Quote(Money(row.currency, row.amount_minor), row.zone, row.estimated_days, row.billable_weight_grams),
        state=row.state,
        carrier=row.carrier,
        tracking_number=row.tracking_number,
        create_time=row.create_time,
        ship_time=row.ship_time,
        delivery_time=row.delivery_time,
        customer_id=row.customer_id,
        # By when each step happened (a carrier's late report of an old step goes where it belongs).
        tracking_events=tuple(sorted((domain.opened(row.create_time), *recorded), key=lambda e: e.event_time)),
    )


class ShipmentRepository:
    def __init__(self, session: Transaction) -> None:
        self._session = session

    async def get(self, order_id: str, *, for_update: bool = False) -> Shipment | None:
        query = select(shipments).where(shipments.c.order_id == order_id)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).first()
        return None if row is None else _shipment(row, await self._history(order_id))

    async def by_tracking_number(self, carrier: str, tracking_number: str) -> Shipment | None:
        """The shipment a carrier knows by ``tracking_number`` (carrier names compared without case), locked."""
        query = (
            select(shipments)
            .where(shipments.c.tracking_number == tracking_number, func.lower(shipments.c.carrier) == carrier.lower())
            .order_by(shipments.c.ship_time.desc())  # carriers reuse numbers after a while: the latest parcel
            .limit(1)
            .with_for_update()
        )
        row = (await self._session.execute(query)).first()
        return None if row is None else _shipment(row, await self._history(row.order_id))

    async def _history(self, order_id: str) -> tuple[TrackingEvent, ...]:
        rows = await self._session.execute(
            select(tracking_events)
            .where(tracking_events.c.order_id == order_id)
            .order_by(tracking_events.c.event_time, tracking_events.c.id)
        )
        return tuple(TrackingEvent(r.state, r.event_time, r.location, r.description, r.source) for r in rows)

    async def record(
        self, order_id: str, event: TrackingEvent, received: datetime, *, source_event_id: str | None = None
    ) -> bool:
        """Adds a step to a shipment's history; False when its source sent this event id before (nothing written)."""
        inserted = await self._session.execute(
            insert(tracking_events)
            .values(
                order_id=order_id,
                state=event.state,
                event_time=event.event_time,
                location=event.location,
                description=event.description,
                source=event.source,
                source_event_id=source_event_id,
                receive_time=received,
            )
            .on_conflict_do_nothing()
            .returning(tracking_events.c.id)
        )
        return inserted.first() is not None

    async def add(self, shipment: Shipment) -> bool:
        """Inserts a shipment; False when the order has one already (nothing is written then)."""
        inserted = await self._session.execute(
            insert(shipments)
            .values(
                order_id=shipment.order_id,
                address=shipment.address,
                units=shipment.units,
                currency=shipment.quote.amount.currency,
                amount_minor=shipment.quote.amount.minor_units,
                zone=shipment.quote.zone,
                estimated_days=shipment.quote.estimated_days,
                billable_weight_grams=shipment.quote.billable_weight_grams,
                state=shipment.state,
                carrier="",
                tracking_number="",
                create_time=shipment.create_time,
                customer_id=shipment.customer_id,
            )
            .on_conflict_do_nothing()
            .returning(shipments.c.order_id)
        )
        return inserted.first() is not None

    async def update(self, order_id: str, **values: Any) -> Shipment:
        row = (
            await self._session.execute(
                update(shipments).where(shipments.c.order_id == order_id).values(**values).returning(*shipments.c)
            )
        ).one()
        return _shipment(row, await self._history(order_id))
