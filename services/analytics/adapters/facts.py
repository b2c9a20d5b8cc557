"""Analytics' queries: recording order facts once (plain SQL: it runs for every order event), and summing them
(SQLAlchemy Core)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Date, and_, cast, func, select

from services.analytics.adapters.tables import order_lines, orders
from services.analytics.domain import DaySales


def _bounds(first: date, last: date) -> tuple[datetime, datetime]:
    return datetime.combine(first, time(), UTC), datetime.combine(last + timedelta(days=1), time(), UTC)


_KEPT = and_(orders.c.confirmed_time.is_not(None), orders.c.cancelled_time.is_(None))
_DAY = cast(func.timezone("UTC", orders.c.placed_time), Date)


_PLACED = """
    INSERT INTO orders (order_name, currency, total_minor, placed_time) VALUES ($1, $2, $3, $4)
    ON CONFLICT DO NOTHING
"""
_CONFIRMED = """
    WITH confirmed AS (
        UPDATE orders SET confirmed_time = $2 WHERE order_name = $1 AND confirmed_time IS NULL
    )
    INSERT INTO order_lines (order_name, product, display_name, quantity, revenue_minor)
    SELECT $1, l.* FROM unnest($3::text[], $4::text[], $5::bigint[], $6::bigint[]) AS l
    ON CONFLICT DO NOTHING
"""
_RETURNED = """
    WITH sale AS (
        UPDATE orders SET total_minor = total_minor - $2 WHERE order_name = $1
    )
    UPDATE order_lines SET quantity = order_lines.quantity - r.quantity,
                           revenue_minor = order_lines.revenue_minor - r.revenue_minor
    FROM unnest($3::text[], $4::bigint[], $5::bigint[]) AS r(product, quantity, revenue_minor)
    WHERE order_lines.order_name = $1 AND order_lines.product = r.product
"""
_CANCELLED = "UPDATE orders SET cancelled_time = $2 WHERE order_name = $1 AND cancelled_time IS NULL"


class OrderFacts:
    def __init__(self, session: Any) -> None:
        self._s = session

    async def placed(self, order_name: str, currency: str, total_minor: int, placed_time: datetime) -> None:
        await (await self._s.driver()).execute(_PLACED, order_name, currency, total_minor, placed_time)

    async def confirmed(self, order_name: str, when: datetime, lines: Mapping[str, tuple[str, int, int]]) -> None:
        """``lines``: product → (display name, quantity, line total in minor units). One statement."""
        ordered = sorted(lines.items())
        await (await self._s.driver()).execute(
            _CONFIRMED,
            order_name,
            when,
            [product for product, _ in ordered],
            [name for _, (name, _, _) in ordered],
            [quantity for _, (_, quantity, _) in ordered],
            [revenue for _, (_, _, revenue) in ordered],
        )

    async def returned(self, order_name: str, refund_minor: int, lines: Mapping[str, tuple[int, int]]) -> None:
        """Units came back and ``refund_minor`` was paid back: the sale shrinks by them. ``lines``: product →
        (quantity, amount in minor units)."""
        ordered = sorted(lines.items())
        await (await self._s.driver()).execute(
            _RETURNED,
            order_name,
            refund_minor,
            [product for product, _ in ordered],
            [quantity for _, (quantity, _) in ordered],
            [amount for _, (_, amount) in ordered],
        )

    async def cancelled(self, order_name: str, when: datetime) -> None:
        await (await self._s.driver()).execute(_CANCELLED, order_name, when)

    async def daily(self, currency: str, first: date, last: date) -> dict[date, DaySales]:
        start, end = _bounds(first, last)
        in_range = and_(orders.c.currency == currency, orders.c.placed_time >= start, orders.c.placed_time < end)
        confirmed = orders.c.confirmed_time.is_not(None)
        counts = (
            await self._s.execute(
                select(
                    _DAY.label("day"),
                    func.count(),
                    func.count(orders.c.confirmed_time),
                    func.count().filter(and_(confirmed, orders.c.cancelled_time.is_not(None))),
                    func.coalesce(func.sum(orders.c.total_minor).filter(_KEPT), 0),
                )
                .where(in_range)
                .group_by("day")
            )
        ).all()
        units = dict(
            (
                await self._s.execute(
                    select(_DAY.label("day"), func.sum(order_lines.c.quantity))
                    .select_from(order_lines.join(orders, orders.c.order_name == order_lines.c.order_name))
                    .where(in_range, _KEPT)
                    .group_by("day")
                )
            ).all()
        )
        return {
            day: DaySales(day, placed, ok, cancelled, int(revenue), int(units.get(day, 0)))
            for day, placed, ok, cancelled, revenue in counts
        }

    async def top_products(self, currency: str, first: date, last: date, limit: int) -> list[Any]:
        start, end = _bounds(first, last)
        revenue = func.sum(order_lines.c.revenue_minor).label("revenue_minor")
        query = (
            select(
                order_lines.c.product,
                func.max(order_lines.c.display_name).label("display_name"),
                func.sum(order_lines.c.quantity).label("units"),
                revenue,
            )
            .select_from(order_lines.join(orders, orders.c.order_name == order_lines.c.order_name))
            .where(orders.c.currency == currency, orders.c.placed_time >= start, orders.c.placed_time < end, _KEPT)
            .group_by(order_lines.c.product)
            .order_by(revenue.desc(), order_lines.c.product)
            .limit(limit)
        )
        return list((await self._s.execute(query)).all())
