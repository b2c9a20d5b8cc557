"""Recommendations' queries (SQLAlchemy Core on the caller's session or connection)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import func, select, true, update
from sqlalchemy.dialects.postgresql import insert

from services.recommendations.adapters.tables import co_purchases, products, purchases
from services.recommendations.domain import BEST_SELLER, BOUGHT_TOGETHER, Recommendation


class RecommendationStore:
    def __init__(self, session: Any) -> None:
        self._s = session

    # --- learning from events -----------------------------------------------------------------------

    async def sold(self, product: str, display_name: str, units: int) -> None:
        statement = insert(products).values(product=product, display_name=display_name, units_sold=units, active=True)
        await self._s.execute(
            statement.on_conflict_do_update(
                index_elements=[products.c.product],
                set_={"units_sold": products.c.units_sold + units, "display_name": display_name},
            )
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

    async def bought_by(self, user_id: str, product: str, units: int) -> None:
        statement = insert(purchases).values(user_id=user_id, product=product, units=units)
        await self._s.execute(
            statement.on_conflict_do_update(
                index_elements=[purchases.c.user_id, purchases.c.product],
                set_={"units": purchases.c.units + units},
            )
        )

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
