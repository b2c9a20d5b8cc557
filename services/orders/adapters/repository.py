"""Reads and writes of orders, within the caller's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, tuple_, update
from sqlalchemy.dialects.postgresql import insert

from services.orders.adapters.tables import order_lines, orders
from services.orders.domain import PENDING, Line, Order, Totals
from services.runtime.database import Transaction
from services.runtime.money import Money


def _order(row: Any, line_rows: Sequence[Any]) -> Order:
    currency = row.currency
    return Order(
        id=str(row.id),
        customer_id=row.customer_id,
        state=row.state,
        saga_step=row.saga_step,
        cancel_reason=row.cancel_reason,
        address=row.address,
        card_last4=row.card_last4,
        carrier=row.carrier,
        tracking_number=row.tracking_number,
        create_time=row.create_time,
        update_time=row.update_time,
        version=row.version,
        totals=Totals(
            Money(currency, row.items_minor), Money(currency, row.tax_minor), Money(currency, row.shipping_minor)
        ),
        lines=tuple(
            Line(
                product_id=r.product_id,
                sku=r.sku,
                display_name=r.display_name,
                quantity=r.quantity,
                unit_price=Money(currency, r.unit_minor),
                cart_unit_price=None if r.cart_unit_minor is None else Money(currency, r.cart_unit_minor),
            )
            for r in line_rows
        ),
    )


class OrderRepository:
    def __init__(self, session: Transaction) -> None:
        self._session = session

    async def _with_lines(self, rows: Sequence[Any]) -> list[Order]:
        if not rows:
            return []
        ids = [row.id for row in rows]
        line_rows = (
            await self._session.execute(
                select(order_lines).where(order_lines.c.order_id.in_(ids)).order_by(order_lines.c.line_no)
            )
        ).all()
        by_order: dict[Any, list[Any]] = {}
        for line in line_rows:
            by_order.setdefault(line.order_id, []).append(line)
        return [_order(row, by_order.get(row.id, [])) for row in rows]

    async def get(self, order_id: str, *, for_update: bool = False) -> Order | None:
        try:
            key = uuid.UUID(order_id)
        except ValueError:
            return None
        query = select(orders).where(orders.c.id == key)
        if for_update:
            query = query.with_for_update()
        found = await self._with_lines((await self._session.execute(query)).all())
        return found[0] if found else None

    async def by_request(self, customer_id: str, request_id: uuid.UUID) -> Order | None:
        query = select(orders).where(orders.c.customer_id == customer_id, orders.c.request_id == request_id)
        found = await self._with_lines((await self._session.execute(query)).all())
        return found[0] if found else None

    async def add(self, order: Order, request_id: uuid.UUID) -> bool:
        """Inserts a PENDING order; False when the customer already used this request id."""
        inserted = (
            await self._session.execute(
                insert(orders)
                .values(
                    id=uuid.UUID(order.id),
                    customer_id=order.customer_id,
                    request_id=request_id,
                    state=order.state,
                    saga_step=order.saga_step,
                    cancel_reason="",
                    currency=order.totals.items.currency,
                    items_minor=order.totals.items.minor_units,
                    tax_minor=order.totals.tax.minor_units,
                    shipping_minor=order.totals.shipping.minor_units,
                    address=order.address,
                    card_last4="",
                    carrier="",
                    tracking_number="",
                    create_time=order.create_time,
                    update_time=order.update_time,
                    version=1,
                )
                .on_conflict_do_nothing()
                .returning(orders.c.id)
            )
        ).first()
        if inserted is None:
            return False
        await self._session.execute(
            order_lines.insert(),
            [
                {
                    "order_id": uuid.UUID(order.id),
                    "line_no": n,
                    "product_id": line.product_id,
                    "sku": line.sku,
                    "display_name": line.display_name,
                    "quantity": line.quantity,
                    "unit_minor": line.unit_price.minor_units,
                    "cart_unit_minor": None if line.cart_unit_price is None else line.cart_unit_price.minor_units,
                }
                for n, line in enumerate(order.lines)
            ],
        )
        return True

    async def update(self, order_id: str, now: datetime, **values: Any) -> Order:
        await self._session.execute(
            update(orders)
            .where(orders.c.id == uuid.UUID(order_id))
            .values(update_time=now, version=orders.c.version + 1, **values)
        )
        updated = await self.get(order_id)
        assert updated is not None
        return updated

    async def update_if_pending(self, order: Order, now: datetime, **values: Any) -> Order | None:
        """Moves a PENDING order on in one statement; None when it is no longer PENDING (nothing changed)."""
        row = (
            await self._session.execute(
                update(orders)
                .where(orders.c.id == uuid.UUID(order.id), orders.c.state == PENDING)
                .values(update_time=now, version=orders.c.version + 1, **values)
                .returning(orders)
            )
        ).first()
        return None if row is None else replace(_order(row, []), lines=order.lines)

    async def stale_pending(self, older_than: datetime, limit: int) -> list[str]:
        """PENDING orders untouched since ``older_than``, locked; ones another recoverer holds are skipped."""
        query = (
            select(orders.c.id)
            .where(orders.c.state == PENDING, orders.c.update_time < older_than)
            .order_by(orders.c.update_time)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [str(row.id) for row in (await self._session.execute(query)).all()]

    async def page(self, customer_id: str | None, after: list[Any] | None, limit: int) -> list[Order]:
        query = select(orders)
        if customer_id is not None:
            query = query.where(orders.c.customer_id == customer_id)
        if after is not None:
            query = query.where(
                tuple_(orders.c.create_time, orders.c.id)
                < tuple_(datetime.fromisoformat(after[0]), uuid.UUID(after[1]))
            )
        query = query.order_by(orders.c.create_time.desc(), orders.c.id.desc()).limit(limit)
        return await self._with_lines((await self._session.execute(query)).all())


def pending_cutoff(now: datetime, grace_seconds: float) -> datetime:
    return now - timedelta(seconds=grace_seconds)
