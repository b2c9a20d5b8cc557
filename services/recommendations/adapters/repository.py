"""Recommendations' queries on the caller's transaction or connection: what every confirmed order runs as plain
SQL, the rest in SQLAlchemy Core."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import delete, func, select, true, update
from sqlalchemy.dialects.postgresql import insert

from services.recommendations.adapters.tables import co_purchases, counted_orders, products, purchases
from services.recommendations.domain import BEST_SELLER, BOUGHT_TOGETHER, Recommendation

_BOUGHT = """
    WITH sold AS (
        INSERT INTO products (product, display_name, units_sold, active)
        SELECT l.product, l.name, l.units, true
        FROM unnest($2::text[], $3::text[], $4::bigint[]) AS l(product, name, units)
        ON CONFLICT (product) DO UPDATE
        SET units_sold = products.units_sold + EXCLUDED.units_sold, display_name = EXCLUDED.display_name
    )
    INSERT INTO purchases (user_id, product, units)
    SELECT $1, l.product, l.units FROM unnest($2::text[], $4::bigint[]) AS l(product, units)
    ON CONFLICT (user_id, product) DO UPDATE SET units = purchases.units + EXCLUDED.units
"""


class RecommendationStore:
    def __init__(self, session: Any) -> None:
        self._s = session

    # --- learning from events -----------------------------------------------------------------------

    async def bought(self, user_id: str, lines: Sequence[tuple[str, str, int]]) -> None:
        """An order's products (product, display name, units; one line each, in product order): sales counts
        and the customer's purchases, in one statement (every confirmed order runs it)."""
        await (await self._s.driver()).execute(
            _BOUGHT,
            user_id,
            [product for product, _, _ in lines],
            [name for _, name, _ in lines],
            [units for _, _, units in lines],
        )

    async def bought_together(self, pairs: Sequence[tuple[str, str]]) -> None:
        if not pairs:
            return
        statement = insert(co_purchases).values([{"product": a, "other": b, "orders": 1} for a, b in pairs])
        await self._s.execute(
            statement.on_conflict_do_update(
                index_elements=[co_purchases.c.product, co_purchases.c.other],
                set_={"orders": co_purchases.c.orders + 1},
            )
        )

    async def count_order(self, order_name: str) -> bool:
        """Marks a confirmed order as counted; False if it was already."""
        statement = insert(counted_orders).values(order_name=order_name).on_conflict_do_nothing()
        return bool((await self._s.execute(statement.returning(counted_orders.c.order_name))).first())

    async def uncount_order(self, order_name: str) -> bool:
        """Takes a counted order out; False if it was never counted (cancelled before confirmation)."""
        statement = delete(counted_orders).where(counted_orders.c.order_name == order_name)
        return bool((await self._s.execute(statement.returning(counted_orders.c.order_name))).first())

    async def returned(self, user_id: str, lines: Sequence[tuple[str, int]], pairs: Sequence[tuple[str, str]]) -> None:
        """Undoes what a confirmed order added: its units sold, the customer's purchases, its co-purchases."""
        for product, units in lines:
            await self._s.execute(
                update(products).where(products.c.product == product).values(units_sold=products.c.units_sold - units)
            )
            await self._s.execute(
                update(purchases)
                .where(purchases.c.user_id == user_id, purchases.c.product == product)
                .values(units=purchases.c.units - units)
            )
        await self._s.execute(delete(purchases).where(purchases.c.user_id == user_id, purchases.c.units <= 0))
        for a, b in pairs:
            await self._s.execute(
                update(co_purchases)
                .where(co_purchases.c.product == a, co_purchases.c.other == b)
                .values(orders=co_purchases.c.orders - 1)
            )
        await self._s.execute(delete(co_purchases).where(co_purchases.c.orders <= 0))

    async def set_active(self, product: str, active: bool, display_name: str | None = None) -> None:
        values: dict[str, Any] = {"active": active}
        if display_name:
            values["display_name"] = display_name
        await self._s.execute(update(products).where(products.c.product == product).values(**values))

    # --- recommending -------------------------------------------------------------------------------

    async def together_with(self, bought: Collection[str], limit: int) -> list[Recommendation]:
        """Products sharing the most orders with any of ``bought`` (summed), active ones only."""
        score = func.sum(co_purchases.c.orders).label("score")
        query = (
            select(products.c.product, products.c.display_name, score)
            .select_from(co_purchases.join(products, products.c.product == co_purchases.c.other))
            .where(
                co_purchases.c.product.in_(list(bought)),
                co_purchases.c.other.not_in(list(bought)),
                products.c.active.is_(true()),
            )
            .group_by(products.c.product, products.c.display_name, products.c.units_sold)
            .order_by(score.desc(), products.c.units_sold.desc(), products.c.product)
            .limit(limit)
        )
        rows = (await self._s.execute(query)).all()
        return [Recommendation(r.product, r.display_name, BOUGHT_TOGETHER, int(r.score)) for r in rows]

    async def best_sellers(self, limit: int) -> list[Recommendation]:
        query = (
            select(products.c.product, products.c.display_name, products.c.units_sold)
            .where(products.c.active.is_(true()))
            .order_by(products.c.units_sold.desc(), products.c.product)
            .limit(limit)
        )
        rows = (await self._s.execute(query)).all()
        return [Recommendation(r.product, r.display_name, BEST_SELLER, int(r.units_sold)) for r in rows]

    async def purchased(self, user_id: str) -> set[str]:
        rows = await self._s.execute(select(purchases.c.product).where(purchases.c.user_id == user_id))
        return set(rows.scalars())
