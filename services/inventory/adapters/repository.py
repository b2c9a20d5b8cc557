"""Reads and writes of stock levels and reservations, within the caller's transaction.

The statements every checkout runs (lock the SKUs' rows, read and write its reservation, move the units) are
plain SQL on the transaction's asyncpg connection; the rest is SQLAlchemy Core."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert

from services.inventory.adapters.tables import reservations, stock_adjustments, stock_levels
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


_LOCK_LEVELS = """
    SELECT sku, warehouse, on_hand, reserved, low_stock_threshold, update_time FROM stock_levels
    WHERE sku = ANY($1::text[]) ORDER BY sku, warehouse FOR UPDATE
"""
_CHANGE_LEVELS = """
    UPDATE stock_levels AS s
    SET reserved = s.reserved + $4::bigint * c.quantity, on_hand = s.on_hand + $5::bigint * c.quantity,
        update_time = $6
    FROM unnest($1::text[], $2::text[], $3::bigint[]) AS c(sku, warehouse, quantity)
    WHERE s.sku = c.sku AND s.warehouse = c.warehouse
"""
_RESERVATION_COLUMNS = """
    SELECT r.order_id, r.state, r.expire_time, r.create_time,
           ARRAY(SELECT ROW(l.sku, l.warehouse, l.quantity) FROM reservation_lines l
                 WHERE l.order_id = r.order_id ORDER BY l.sku, l.warehouse) AS lines
    FROM reservations r WHERE r.order_id = $1
"""
_RESERVATION = _RESERVATION_COLUMNS
_RESERVATION_FOR_UPDATE = _RESERVATION_COLUMNS + " FOR UPDATE OF r"
_ADD_RESERVATION = """
    WITH added AS (
        INSERT INTO reservations (order_id, state, expire_time, create_time, update_time)
        VALUES ($1, $2, $3, $4, $4) ON CONFLICT DO NOTHING RETURNING order_id
    ), lines AS (
        INSERT INTO reservation_lines (order_id, sku, warehouse, quantity)
        SELECT added.order_id, l.sku, l.warehouse, l.quantity
        FROM added, unnest($5::text[], $6::text[], $7::bigint[]) AS l(sku, warehouse, quantity)
    )
    SELECT order_id FROM added
"""
_SET_STATE = "UPDATE reservations SET state = $2, update_time = $3 WHERE order_id = $1"


class InventoryRepository:
    def __init__(self, session: Transaction) -> None:
        self._session = session

    async def lock_levels(self, skus: Sequence[str]) -> list[StockLevel]:
        """The SKUs' stock rows, locked in one global order (sku, warehouse) so concurrent checkouts queue
        instead of deadlocking."""
        rows = await (await self._session.driver()).fetch(_LOCK_LEVELS, list(skus))
        return [StockLevel(*row) for row in rows]

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
        """For each line: reserved += reserved * quantity, on_hand += on_hand * quantity (one statement)."""
        await (await self._session.driver()).execute(
            _CHANGE_LEVELS,
            [line.sku for line in lines],
            [line.warehouse for line in lines],
            [line.quantity for line in lines],
            reserved,
            on_hand,
            now,
        )

    async def reservation(self, order_id: str, *, for_update: bool = False) -> Reservation | None:
        """The order's reservation with its lines (one round trip); ``for_update`` locks its row."""
        row = await (await self._session.driver()).fetchrow(
            _RESERVATION_FOR_UPDATE if for_update else _RESERVATION, order_id
        )
        if row is None:
            return None
        return Reservation(
            order_id=row["order_id"],
            state=row["state"],
            expire_time=row["expire_time"],
            create_time=row["create_time"],
            lines=tuple(Line(sku, warehouse, quantity) for sku, warehouse, quantity in row["lines"]),
        )

    async def add_reservation(self, reservation: Reservation) -> bool:
        """Inserts a reservation and its lines (one statement); False when the order has one already (a
        concurrent retry), and then nothing is written."""
        lines = reservation.lines
        inserted = await (await self._session.driver()).fetchval(
            _ADD_RESERVATION,
            reservation.order_id,
            reservation.state,
            reservation.expire_time,
            reservation.create_time,
            [line.sku for line in lines],
            [line.warehouse for line in lines],
            [line.quantity for line in lines],
        )
        return inserted is not None

    async def set_state(self, order_id: str, state: str, now: datetime) -> None:
        await (await self._session.driver()).execute(_SET_STATE, order_id, state, now)

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
        self, sku: str, warehouse: str, delta: int, threshold: int | None, now: datetime, request_id: uuid.UUID
    ) -> StockLevel:
        """Adds ``delta`` on hand (creating the row), optionally sets the threshold, and records the adjustment
        in the stock ledger (``stock_adjustments``) under its request id."""
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
        await self._session.execute(
            stock_adjustments.insert().values(
                request_id=request_id, sku=sku, warehouse=warehouse, delta=delta, create_time=now
            )
        )
        return _level(row)
