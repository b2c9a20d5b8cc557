"""Analytics' queries: recording order facts once (plain SQL: it runs for every order event), and summing them
(SQLAlchemy Core)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Date, and_, cast, func, select

from services.analytics.adapters.tables import order_lines, orders
from services.analytics.domain import DaySales, SoldLine


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
    INSERT INTO order_lines (order_name, product, variant, display_name, sku, option_label, quantity, revenue_minor)
    SELECT $1, l.* FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[],
                               $9::bigint[]) AS l
    ON CONFLICT DO NOTHING
"""
_RETURNED = """
    WITH sale AS (
        UPDATE orders SET total_minor = total_minor - $2 WHERE order_name = $1
    )
    UPDATE order_lines SET quantity = order_lines.quantity - r.quantity,
                           revenue_minor = order_lines.revenue_minor - r.revenue_minor
    FROM unnest($3::text[], $4::text[], $5::bigint[], $6::bigint[]) AS r(product, variant, quantity, revenue_minor)
    WHERE order_lines.order_name = $1 AND order_lines.product = r.product AND order_lines.variant = r.variant
"""
_CANCELLED = "UPDATE orders SET cancelled_time = $2 WHERE order_name = $1 AND cancelled_time IS NULL"


class OrderFacts:
    def __init__(self, session: Any) -> None:
        self._s = session

    async def placed(self, order_name: str, currency: str, total_minor: int, placed_time: datetime) -> None:
        await (await self._s.driver()).execute(_PLACED, order_name, currency, total_minor, placed_time)

    async def confirmed(self, order_name: str, when: datetime, lines: Mapping[tuple[str, str], SoldLine]) -> None:
        """``lines``: (product, variant) → what was sold of it. One statement."""
        ordered = sorted(lines.items())
        await (await self._s.driver()).execute(
            _CONFIRMED,
            order_name,
            when,
            [product for (product, _), _ in ordered],
            [variant for (_, variant), _ in ordered],
            [line.display_name for _, line in ordered],
            [line.sku for _, line in ordered],
            [line.option_label for _, line in ordered],
            [line.quantity for _, line in ordered],
            [line.revenue_minor for _, line in ordered],
        )

    async def returned(
        self, order_name: str, refund_minor: int, lines: Mapping[tuple[str, str], tuple[int, int]]
    ) -> None:
        """Units came back and ``refund_minor`` was paid back: the sale shrinks by them. ``lines``: (product,
        variant) → (quantity, amount in minor units)."""
        ordered = sorted(lines.items())
        await (await self._s.driver()).execute(
            _RETURNED,
            order_name,
            refund_minor,
            [product for (product, _), _ in ordered],
            [variant for (_, variant), _ in ordered],
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

    async def top_products(
        self, currency: str, first: date, last: date, limit: int
    ) -> tuple[list[Any], dict[str, list[Any]]]:
        """The products with the most revenue, and each one's sales by variant (most revenue first)."""
        start, end = _bounds(first, last)
        kept = and_(orders.c.currency == currency, orders.c.placed_time >= start, orders.c.placed_time < end, _KEPT)
        joined = order_lines.join(orders, orders.c.order_name == order_lines.c.order_name)
        revenue = func.sum(order_lines.c.revenue_minor).label("revenue_minor")
        units = func.sum(order_lines.c.quantity).label("units")
        query = (
            select(order_lines.c.product, func.max(order_lines.c.display_name).label("display_name"), units, revenue)
            .select_from(joined)
            .where(kept)
            .group_by(order_lines.c.product)
            .order_by(revenue.desc(), order_lines.c.product)
            .limit(limit)
        )
        top = list((await self._s.execute(query)).all())
        by_variant = (
            select(
                order_lines.c.product,
                order_lines.c.variant,
                func.max(order_lines.c.sku).label("sku"),
                func.max(order_lines.c.option_label).label("option_label"),
                units,
                revenue,
            )
            .select_from(joined)
            .where(kept, order_lines.c.product.in_([row.product for row in top]))
            .group_by(order_lines.c.product, order_lines.c.variant)
            .order_by(revenue.desc(), order_lines.c.variant)
        )
        variants: dict[str, list[Any]] = {}
        for row in await self._s.execute(by_variant):
            variants.setdefault(row.product, []).append(row)
        return top, variants
