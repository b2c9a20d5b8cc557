"""Reads and writes of orders, within the caller's transaction.

What every checkout runs (look up its request id, place the order with its lines, confirm it) is plain SQL on the
transaction's asyncpg connection; the rest is SQLAlchemy Core."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import asdict, replace
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select, tuple_, update

from services.orders.adapters.tables import order_lines, orders
from services.orders.domain import CONFIRMED, PENDING, Line, Order, Package, Totals
from services.runtime.database import Transaction
from services.runtime.money import Money


def _json(value: Any) -> Any:
    """A JSONB column as SQLAlchemy (decoded) or a raw asyncpg row (text) gives it."""
    return json.loads(value) if isinstance(value, str) else value


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
        refunded_minor=row.refunded_minor,
        deliver_time=row.deliver_time,
        coupon_code=row.coupon_code,
        number=row.number,
        totals=Totals(
            Money(currency, row.items_minor),
            Money(currency, row.tax_minor),
            Money(currency, row.shipping_minor),
            row.discount_minor,
        ),
        lines=tuple(
            Line(
                product_id=r.product_id,
                sku=r.sku,
                display_name=r.display_name,
                quantity=r.quantity,
                unit_price=Money(currency, r.unit_minor),
                cart_unit_price=None if r.cart_unit_minor is None else Money(currency, r.cart_unit_minor),
                discount_minor=r.discount_minor,
                variant_id=r.variant_id,
                option_values=tuple((name, value) for name, value in _json(r.option_values)),
                package=Package(**_json(r.package)),
            )
            for r in line_rows
        ),
    )


_BY_REQUEST = """
    SELECT o.id, o.customer_id, o.state, o.saga_step, o.cancel_reason, o.currency, o.items_minor, o.tax_minor,
           o.shipping_minor, o.address::text AS address, o.card_last4, o.carrier, o.tracking_number,
           o.create_time, o.update_time, o.version, o.refunded_minor, o.deliver_time, o.discount_minor,
           o.coupon_code, o.number,
           ARRAY(SELECT ROW(l.product_id, l.sku, l.display_name, l.quantity, l.unit_minor, l.cart_unit_minor,
                            l.discount_minor, l.variant_id, l.option_values::text, l.package::text)
                 FROM order_lines l WHERE l.order_id = o.id ORDER BY l.line_no) AS lines
    FROM orders o WHERE o.customer_id = $1 AND o.request_id = $2
"""
_LINE_FIELDS = (
    "product_id",
    "sku",
    "display_name",
    "quantity",
    "unit_minor",
    "cart_unit_minor",
    "discount_minor",
    "variant_id",
    "option_values",
    "package",
)
_PLACE = """
    WITH placed AS (
        INSERT INTO orders (id, customer_id, request_id, state, saga_step, cancel_reason, currency, items_minor,
                            tax_minor, shipping_minor, address, card_last4, carrier, tracking_number, create_time,
                            update_time, version, discount_minor, coupon_code)
        VALUES ($1, $2, $3, $4, $5, '', $6, $7, $8, $9, $10::text::jsonb, '', '', '', $11, $12, 1, $20, $21)
        ON CONFLICT DO NOTHING RETURNING id, number
    ), lines AS (
        INSERT INTO order_lines (order_id, line_no, product_id, sku, display_name, quantity, unit_minor,
                                 cart_unit_minor, discount_minor, variant_id, option_values, package)
        SELECT placed.id, l.no, l.product_id, l.sku, l.display_name, l.quantity, l.unit_minor, l.cart_unit_minor,
               l.discount_minor, l.variant_id, l.option_values::jsonb, l.package::jsonb
        FROM placed, unnest($13::int[], $14::text[], $15::text[], $16::text[], $17::bigint[], $18::bigint[],
                            $19::bigint[], $22::bigint[], $23::text[], $24::text[], $25::text[])
             AS l(no, product_id, sku, display_name, quantity, unit_minor, cart_unit_minor, discount_minor,
                  variant_id, option_values, package)
    )
    SELECT number FROM placed
"""
_CONFIRM = """
    UPDATE orders SET state = $2, saga_step = $2, card_last4 = $3, update_time = $4, version = version + 1
    WHERE id = $1 AND state = $5
    RETURNING state, saga_step, card_last4, update_time, version
"""


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
        """The customer's order for this checkout request id, with its lines (one round trip)."""
        row = await (await self._session.driver()).fetchrow(_BY_REQUEST, customer_id, request_id)
        if row is None:
            return None
        found = dict(row)
        lines = found.pop("lines")
        found["address"] = json.loads(found["address"])
        return _order(
            SimpleNamespace(**found), [SimpleNamespace(**dict(zip(_LINE_FIELDS, line, strict=True))) for line in lines]
        )

    async def add(self, order: Order, request_id: uuid.UUID) -> int | None:
        """Inserts a PENDING order with its lines (one statement) and returns its number; None when the customer
        already used this request id, and then nothing is written."""
        lines = order.lines
        placed = await (await self._session.driver()).fetchval(
            _PLACE,
            uuid.UUID(order.id),
            order.customer_id,
            request_id,
            order.state,
            order.saga_step,
            order.totals.items.currency,
            order.totals.items.minor_units,
            order.totals.tax.minor_units,
            order.totals.shipping.minor_units,
            json.dumps(order.address),
            order.create_time,
            order.update_time,
            list(range(len(lines))),
            [line.product_id for line in lines],
            [line.sku for line in lines],
            [line.display_name for line in lines],
            [line.quantity for line in lines],
            [line.unit_price.minor_units for line in lines],
            [None if line.cart_unit_price is None else line.cart_unit_price.minor_units for line in lines],
            order.totals.discount_minor,
            order.coupon_code,
            [line.discount_minor for line in lines],
            [line.variant_id for line in lines],
            [json.dumps([list(pair) for pair in line.option_values]) for line in lines],
            [json.dumps(asdict(line.package)) for line in lines],
        )
        return None if placed is None else int(placed)

    async def update(self, order_id: str, now: datetime, **values: Any) -> Order:
        await self._session.execute(
            update(orders)
            .where(orders.c.id == uuid.UUID(order_id))
            .values(update_time=now, version=orders.c.version + 1, **values)
        )
        updated = await self.get(order_id)
        assert updated is not None
        return updated

    async def confirm_pending(self, order: Order, now: datetime, card_last4: str) -> Order | None:
        """CONFIRMED, in one statement, if still PENDING; None when it no longer is (nothing changed)."""
        row = await (await self._session.driver()).fetchrow(
            _CONFIRM, uuid.UUID(order.id), CONFIRMED, card_last4, now, PENDING
        )
        if row is None:
            return None
        return replace(
            order,
            state=row["state"],
            saga_step=row["saga_step"],
            card_last4=row["card_last4"],
            update_time=row["update_time"],
            version=row["version"],
        )

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
