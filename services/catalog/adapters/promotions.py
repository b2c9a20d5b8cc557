"""Reads and writes of promotions and coupon redemptions, within the caller's transaction (SQLAlchemy Core)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, func, or_, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert

from services.catalog.adapters.tables import coupon_redemptions, promotions
from services.catalog.pricing import Promotion
from services.runtime.database import Transaction
from services.runtime.money import Money

REDEEMED = "redeemed"
RELEASED = "released"


def _promotion(row: Any) -> Promotion:
    return Promotion(
        id=str(row.id),
        display_name=row.display_name,
        kind=row.kind,
        percent_off=row.percent_off,
        amount_off=None if row.amount_currency is None else Money(row.amount_currency, row.amount_minor),
        product_ids=tuple(row.product_ids),
        category_ids=tuple(row.category_ids),
        variants=tuple(row.variants),
        coupon_code=row.coupon_code or "",
        min_spend=None if row.min_spend_currency is None else Money(row.min_spend_currency, row.min_spend_minor),
        max_redemptions=row.max_redemptions,
        max_redemptions_per_customer=row.max_redemptions_per_customer,
        start_time=row.start_time,
        end_time=row.end_time,
        redemptions=row.redemptions,
        state=row.state,
        create_time=row.create_time,
        version=row.version,
    )


def _key(promotion_id: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(promotion_id)
    except ValueError:
        return None


def _uses(promotion_id: Any, customer: str) -> Select[Any]:
    """How many redemptions ``customer`` holds of a promotion (its id, or the promotions row's id column)."""
    return select(func.count()).where(
        coupon_redemptions.c.promotion_id == promotion_id,
        coupon_redemptions.c.customer == customer,
        coupon_redemptions.c.state == REDEEMED,
    )


class PromotionRepository:
    def __init__(self, session: Transaction) -> None:
        self._session = session

    async def add(self, promotion: Promotion, request_id: uuid.UUID | None) -> bool:
        """Inserts it; False when ``request_id`` made one already or an active promotion has its coupon code."""
        values = {
            "id": uuid.UUID(promotion.id),
            "display_name": promotion.display_name,
            "kind": promotion.kind,
            "percent_off": promotion.percent_off,
            "amount_currency": promotion.amount_off.currency if promotion.amount_off else None,
            "amount_minor": promotion.amount_off.minor_units if promotion.amount_off else None,
            "product_ids": list(promotion.product_ids),
            "category_ids": list(promotion.category_ids),
            "variants": list(promotion.variants),
            "coupon_code": promotion.coupon_code or None,
            "min_spend_currency": promotion.min_spend.currency if promotion.min_spend else None,
            "min_spend_minor": promotion.min_spend.minor_units if promotion.min_spend else None,
            "max_redemptions": promotion.max_redemptions,
            "max_redemptions_per_customer": promotion.max_redemptions_per_customer,
            "start_time": promotion.start_time,
            "end_time": promotion.end_time,
            "redemptions": 0,
            "state": promotion.state,
            "create_time": promotion.create_time,
            "update_time": promotion.create_time,
            "version": 1,
            "request_id": request_id,
        }
        inserted = (
            await self._session.execute(
                insert(promotions).values(**values).on_conflict_do_nothing().returning(promotions.c.id)
            )
        ).first()
        return inserted is not None

    async def get(self, promotion_id: str, *, for_update: bool = False) -> Promotion | None:
        key = _key(promotion_id)
        if key is None:
            return None
        query = select(promotions).where(promotions.c.id == key)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).first()
        return None if row is None else _promotion(row)

    async def by_request(self, request_id: uuid.UUID) -> Promotion | None:
        row = (await self._session.execute(select(promotions).where(promotions.c.request_id == request_id))).first()
        return None if row is None else _promotion(row)

    async def for_pricing(
        self, now: datetime, coupon_code: str, customer: str
    ) -> tuple[list[Promotion], Promotion | None, int]:
        """The live automatic promotions, the active promotion of ``coupon_code`` (live or not: the caller says
        why not), and how many redemptions ``customer`` holds of it. One round trip."""
        uses = _uses(promotions.c.id, customer).scalar_subquery()
        automatic = and_(
            promotions.c.coupon_code.is_(None),
            promotions.c.start_time <= now,
            or_(promotions.c.end_time.is_(None), promotions.c.end_time > now),
        )
        wanted = or_(automatic, promotions.c.coupon_code == coupon_code) if coupon_code else automatic
        rows = (
            await self._session.execute(
                select(promotions, uses.label("customer_uses")).where(promotions.c.state == "active", wanted)
            )
        ).all()
        found = [(_promotion(row), row.customer_uses) for row in rows]
        coupon = next(((p, n) for p, n in found if p.coupon_code and p.coupon_code == coupon_code), None)
        return [p for p, _ in found if not p.coupon_code], coupon[0] if coupon else None, coupon[1] if coupon else 0

    async def active_coupon(self, coupon_code: str) -> Promotion | None:
        """The active promotion of the code, its row locked: redemptions are counted under this lock."""
        query = (
            select(promotions)
            .where(promotions.c.coupon_code == coupon_code, promotions.c.state == "active")
            .with_for_update()
        )
        row = (await self._session.execute(query)).first()
        return None if row is None else _promotion(row)

    async def page(self, after: list[Any] | None, limit: int) -> list[Promotion]:
        query = select(promotions)
        if after is not None:
            query = query.where(
                tuple_(promotions.c.create_time, promotions.c.id)
                < tuple_(datetime.fromisoformat(after[0]), uuid.UUID(after[1]))
            )
        query = query.order_by(promotions.c.create_time.desc(), promotions.c.id.desc()).limit(limit)
        return [_promotion(row) for row in (await self._session.execute(query)).all()]

    async def set_state(self, promotion_id: str, state: str, now: datetime) -> Promotion:
        row = (
            await self._session.execute(
                update(promotions)
                .where(promotions.c.id == uuid.UUID(promotion_id))
                .values(state=state, update_time=now, version=promotions.c.version + 1)
                .returning(*promotions.c)
            )
        ).one()
        return _promotion(row)

    async def count_redemption(self, promotion_id: str, delta: int, now: datetime) -> Promotion:
        row = (
            await self._session.execute(
                update(promotions)
                .where(promotions.c.id == uuid.UUID(promotion_id))
                .values(redemptions=promotions.c.redemptions + delta, update_time=now)
                .returning(*promotions.c)
            )
        ).one()
        return _promotion(row)

    async def redemption(self, order_name: str, *, for_update: bool = False) -> Any:
        query = select(coupon_redemptions).where(coupon_redemptions.c.order_name == order_name)
        if for_update:
            query = query.with_for_update()
        return (await self._session.execute(query)).first()

    async def customer_uses(self, promotion_id: str, customer: str) -> int:
        return int((await self._session.execute(_uses(uuid.UUID(promotion_id), customer))).scalar_one())

    async def add_redemption(self, order_name: str, promotion_id: str, customer: str, now: datetime) -> None:
        await self._session.execute(
            insert(coupon_redemptions).values(
                order_name=order_name,
                promotion_id=uuid.UUID(promotion_id),
                customer=customer,
                state=REDEEMED,
                create_time=now,
                update_time=now,
            )
        )

    async def release_redemption(self, order_name: str, now: datetime) -> None:
        await self._session.execute(
            update(coupon_redemptions)
            .where(coupon_redemptions.c.order_name == order_name)
            .values(state=RELEASED, update_time=now)
        )
