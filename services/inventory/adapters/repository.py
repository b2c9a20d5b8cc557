"""Reads and writes of stock levels and reservations, within the caller's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert

from services.inventory.adapters.tables import reservation_lines, reservations, stock_adjustments, stock_levels
from services.inventory.domain import RESERVED, Line, Reservation, StockLevel
from services.runtime.database import Transaction


def _level(row: Any) -> StockLevel:
    return StockLevel(
        sku=row.sku,
        warehouse=row.warehouse,
        on_hand=row.on_hand,
        reserved=row.reserved,
        low_stock_threshold=row.low_stock_threshold,
        update_time=row.update_time,
    )


class InventoryRepository:
    def __init__(self, session: Transaction) -> None:
        self._session = session

    async def lock_levels(self, skus: Sequence[str]) -> list[StockLevel]:
        """The SKUs' stock rows, locked in one global order (sku, warehouse) so concurrent checkouts queue
        instead of deadlocking."""
        query = (
            select(stock_levels)
            .where(stock_levels.c.sku.in_(list(skus)))
            .order_by(stock_levels.c.sku, stock_levels.c.warehouse)
            .with_for_update()
        )
        return [_level(row) for row in (await self._session.execute(query)).all()]

    async def levels(self, skus: Sequence[str]) -> list[StockLevel]:
        query = select(stock_levels).where(stock_levels.c.sku.in_(list(skus))).order_by(stock_levels.c.warehouse)
        return [_level(row) for row in (await self._session.execute(query)).all()]

    async def available(self, skus: Sequence[str]) -> dict[str, int]:
        query = (
            select(stock_levels.c.sku, func.sum(stock_levels.c.on_hand - stock_levels.c.reserved))
            .where(stock_levels.c.sku.in_(list(skus)))
            .group_by(stock_levels.c.sku)
        )
        return {sku: int(total) for sku, total in (await self._session.execute(query)).all()}

    async def change_levels(self, lines: Sequence[Line], *, reserved: int, on_hand: int, now: datetime) -> None:
        """For each line: reserved += reserved * quantity, on_hand += on_hand * quantity."""
        for line in lines:
            await self._session.execute(
                update(stock_levels)
                .where(stock_levels.c.sku == line.sku, stock_levels.c.warehouse == line.warehouse)
                .values(
                    reserved=stock_levels.c.reserved + reserved * line.quantity,
                    on_hand=stock_levels.c.on_hand + on_hand * line.quantity,
                    update_time=now,
                )
            )

    async def reservation(self, order_id: str, *, for_update: bool = False) -> Reservation | None:
        query = select(reservations).where(reservations.c.order_id == order_id)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).first()
        if row is None:
            return None
        line_rows = (
            await self._session.execute(
                select(reservation_lines)
                .where(reservation_lines.c.order_id == order_id)
                .order_by(reservation_lines.c.sku, reservation_lines.c.warehouse)
            )
        ).all()
        return Reservation(
            order_id=row.order_id,
            state=row.state,
            expire_time=row.expire_time,
            create_time=row.create_time,
            lines=tuple(Line(r.sku, r.warehouse, r.quantity) for r in line_rows),
        )

    async def add_reservation(self, reservation: Reservation) -> bool:
        """Inserts a reservation; False when the order has one already (a concurrent retry)."""
        inserted = (
            await self._session.execute(
                insert(reservations)
                .values(
                    order_id=reservation.order_id,
                    state=reservation.state,
                    expire_time=reservation.expire_time,
                    create_time=reservation.create_time,
                    update_time=reservation.create_time,
                )
                .on_conflict_do_nothing()
                .returning(reservations.c.order_id)
            )
        ).first()
        if inserted is None:
            return False
        await self._session.execute(
            reservation_lines.insert(),
            [
                {
                    "order_id": reservation.order_id,
                    "sku": line.sku,
                    "warehouse": line.warehouse,
                    "quantity": line.quantity,
                }
                for line in reservation.lines
            ],
        )
        return True

    async def set_state(self, order_id: str, state: str, now: datetime) -> None:
        await self._session.execute(
            update(reservations).where(reservations.c.order_id == order_id).values(state=state, update_time=now)
        )

    async def due(self, now: datetime, limit: int) -> list[str]:
        """Order ids of held reservations past their expiry, locked, skipping ones another sweeper holds."""
        query = (
            select(reservations.c.order_id)
            .where(reservations.c.state == RESERVED, reservations.c.expire_time < now)
            .order_by(reservations.c.expire_time)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [row.order_id for row in (await self._session.execute(query)).all()]

    async def adjustment_applied(self, request_id: uuid.UUID) -> bool:
        query = select(stock_adjustments.c.request_id).where(stock_adjustments.c.request_id == request_id)
        return (await self._session.execute(query)).first() is not None

    async def adjust(
        self, sku: str, warehouse: str, delta: int, threshold: int | None, now: datetime, request_id: uuid.UUID | None
    ) -> StockLevel:
        """Adds ``delta`` on hand (creating the row), optionally sets the threshold, records the request id."""
        changes: dict[str, Any] = {"on_hand": stock_levels.c.on_hand + delta, "update_time": now}
        if threshold is not None:
            changes["low_stock_threshold"] = threshold
        statement: Any
        if delta >= 0:  # may be the SKU's first stock here: insert, or add to a row created meanwhile
            values = {
                "sku": sku,
                "warehouse": warehouse,
                "on_hand": delta,
                "reserved": 0,
                "low_stock_threshold": threshold if threshold is not None else 5,
                "update_time": now,
            }
            statement = (
                insert(stock_levels)
                .values(**values)
                .on_conflict_do_update(index_elements=["sku", "warehouse"], set_=changes)
                .returning(*stock_levels.c)
            )
        else:  # a write-off: PostgreSQL checks an insert's row before ON CONFLICT, so update the row itself
            statement = (
                update(stock_levels)
                .where(stock_levels.c.sku == sku, stock_levels.c.warehouse == warehouse)
                .values(**changes)
                .returning(*stock_levels.c)
            )
        row = (await self._session.execute(statement)).one()
        if request_id is not None:
            await self._session.execute(
                stock_adjustments.insert().values(
                    request_id=request_id, sku=sku, warehouse=warehouse, delta=delta, create_time=now
                )
            )
        return _level(row)
