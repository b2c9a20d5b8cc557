"""Reads and writes of returns, within the caller's transaction (SQLAlchemy Core: returns are rare)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from services.orders.adapters.tables import order_return_lines, order_returns
from services.orders.domain import Return, ReturnLine
from services.runtime.database import Transaction
from services.runtime.money import Money


def _return(row: Any, line_rows: Sequence[Any]) -> Return:
    currency = row.currency
    return Return(
        id=str(row.id),
        order_id=str(row.order_id),
        customer_id=row.customer_id,
        state=row.state,
        reason=row.reason,
        reject_reason=row.reject_reason,
        lines=tuple(
            ReturnLine(r.product_id, r.display_name, r.quantity, Money(currency, r.amount_minor), r.variant_id)
            for r in line_rows
        ),
        items_refund=Money(currency, row.items_refund_minor),
        tax_refund=Money(currency, row.tax_refund_minor),
        create_time=row.create_time,
        update_time=row.update_time,
        version=row.version,
    )


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


class ReturnRepository:
    def __init__(self, session: Transaction) -> None:
        self._session = session

    async def _with_lines(self, rows: Sequence[Any]) -> list[Return]:
        if not rows:
            return []
        line_rows = (
            await self._session.execute(
                select(order_return_lines)
                .where(order_return_lines.c.return_id.in_([row.id for row in rows]))
                .order_by(order_return_lines.c.product_id, order_return_lines.c.variant_id)
            )
        ).all()
        by_return: dict[Any, list[Any]] = {}
        for line in line_rows:
            by_return.setdefault(line.return_id, []).append(line)
        return [_return(row, by_return.get(row.id, [])) for row in rows]

    async def get(self, order_id: str, return_id: str, *, for_update: bool = False) -> Return | None:
        order_key, key = _uuid(order_id), _uuid(return_id)
        if order_key is None or key is None:
            return None
        query = select(order_returns).where(order_returns.c.id == key, order_returns.c.order_id == order_key)
        if for_update:
            query = query.with_for_update()
        found = await self._with_lines((await self._session.execute(query)).all())
        return found[0] if found else None

    async def by_request(self, order_id: str, request_id: uuid.UUID) -> Return | None:
        query = select(order_returns).where(
            order_returns.c.order_id == uuid.UUID(order_id), order_returns.c.request_id == request_id
        )
        found = await self._with_lines((await self._session.execute(query)).all())
        return found[0] if found else None

    async def of_order(self, order_id: str) -> list[Return]:
        """The order's returns, oldest first."""
        query = (
            select(order_returns)
            .where(order_returns.c.order_id == uuid.UUID(order_id))
            .order_by(order_returns.c.create_time, order_returns.c.id)
        )
        return await self._with_lines((await self._session.execute(query)).all())

    async def add(self, order_return: Return, request_id: uuid.UUID) -> bool:
        """Inserts a return with its lines; False when the order already has one for this request id."""
        inserted = (
            await self._session.execute(
                insert(order_returns)
                .values(
                    id=uuid.UUID(order_return.id),
                    order_id=uuid.UUID(order_return.order_id),
                    customer_id=order_return.customer_id,
                    request_id=request_id,
                    state=order_return.state,
                    reason=order_return.reason,
                    reject_reason="",
                    currency=order_return.items_refund.currency,
                    items_refund_minor=order_return.items_refund.minor_units,
                    tax_refund_minor=order_return.tax_refund.minor_units,
                    create_time=order_return.create_time,
                    update_time=order_return.update_time,
                    version=1,
                )
                .on_conflict_do_nothing()
                .returning(order_returns.c.id)
            )
        ).first()
        if inserted is None:
            return False
        await self._session.execute(
            insert(order_return_lines),
            [
                {
                    "return_id": uuid.UUID(order_return.id),
                    "product_id": line.product_id,
                    "variant_id": line.variant_id,
                    "display_name": line.display_name,
                    "quantity": line.quantity,
                    "amount_minor": line.amount.minor_units,
                }
                for line in order_return.lines
            ],
        )
        return True

    async def set_line_amounts(self, order_return: Return, lines: list[ReturnLine]) -> None:
        """The lines' amounts as paid (priced again when the refund is made)."""
        for line in lines:
            await self._session.execute(
                update(order_return_lines)
                .where(
                    order_return_lines.c.return_id == uuid.UUID(order_return.id),
                    order_return_lines.c.product_id == line.product_id,
                    order_return_lines.c.variant_id == line.variant_id,
                )
                .values(amount_minor=line.amount.minor_units)
            )

    async def update(self, order_return: Return, now: datetime, **values: Any) -> Return:
        await self._session.execute(
            update(order_returns)
            .where(order_returns.c.id == uuid.UUID(order_return.id))
            .values(update_time=now, version=order_returns.c.version + 1, **values)
        )
        updated = await self.get(order_return.order_id, order_return.id)
        assert updated is not None
        return updated
