"""Reads and writes of shipments, within the caller's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from services.runtime.database import Transaction
from services.runtime.money import Money
from services.shipping.adapters.tables import shipments
from services.shipping.domain import Quote, Shipment


def _shipment(row: Any) -> Shipment:
    return Shipment(
        order_id=row.order_id,
        address=row.address,
        units=row.units,
        quote=Quote(Money(row.currency, row.amount_minor), row.zone, row.estimated_days),
        state=row.state,
        carrier=row.carrier,
        tracking_number=row.tracking_number,
        create_time=row.create_time,
        ship_time=row.ship_time,
        delivery_time=row.delivery_time,
    )


class ShipmentRepository:
    def __init__(self, session: Transaction) -> None:
        self._session = session

    async def get(self, order_id: str, *, for_update: bool = False) -> Shipment | None:
        query = select(shipments).where(shipments.c.order_id == order_id)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).first()
        return None if row is None else _shipment(row)

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
                state=shipment.state,
                carrier="",
                tracking_number="",
                create_time=shipment.create_time,
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
        return _shipment(row)
