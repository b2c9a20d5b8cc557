"""Reviews' queries (SQLAlchemy Core on the caller's session or connection)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert

from services.reviews.adapters.tables import deliveries, reviews
from services.reviews.domain import APPROVED, PENDING, Review


def _review(row: Any) -> Review:
    return Review(
        id=row.id,
        product=row.product,
        user_id=row.user_id,
        rating=row.rating,
        title=row.title,
        body=row.body,
        state=row.state,
        rejection_reason=row.rejection_reason,
        create_time=row.create_time,
        update_time=row.update_time,
        version=row.version,
        purchased_variant=row.purchased_variant,
        purchased_options=tuple((name, value) for name, value in row.purchased_options),
    )


class ReviewStore:
    def __init__(self, session: Any) -> None:
        self._s = session

    async def remember_delivery(
        self,
        user_id: str,
        product: str,
        order_name: str,
        when: datetime,
        variant: str = "",
        option_values: Sequence[tuple[str, str]] = (),
    ) -> None:
        await self._s.execute(
            insert(deliveries)
            .values(
                user_id=user_id,
                product=product,
                order_name=order_name,
                delivered_time=when,
                variant=variant,
                option_values=[list(pair) for pair in option_values],
            )
            .on_conflict_do_nothing()
        )

    async def forget_order(self, order_name: str) -> None:
        """A refunded order unlocks no review (another delivered order of the same product still does)."""
        await self._s.execute(delete(deliveries).where(deliveries.c.order_name == order_name))

    async def delivered(self, user_id: str, product: str) -> tuple[str, list[list[str]]] | None:
        """(variant, option values) of the user's latest delivery of the product, or None when there is none."""
        query = (
            select(deliveries.c.variant, deliveries.c.option_values)
            .where(deliveries.c.user_id == user_id, deliveries.c.product == product)
            .order_by(deliveries.c.delivered_time.desc())
            .limit(1)
        )
        row = (await self._s.execute(query)).first()
        return None if row is None else (row.variant, row.option_values)

    async def add(
        self,
        *,
        product: str,
        user_id: str,
        fields: Mapping[str, Any],
        request_id: uuid.UUID | None,
        now: datetime,
        purchased: tuple[str, list[list[str]]] = ("", []),
    ) -> Review | None:
        """The new review, or None when the user reviewed the product already."""
        row = (
            await self._s.execute(
                insert(reviews)
                .values(
                    id=uuid.uuid4(),
                    product=product,
                    user_id=user_id,
                    state=PENDING,
                    rejection_reason="",
                    create_time=now,
                    update_time=now,
                    version=1,
                    request_id=request_id,
                    purchased_variant=purchased[0],
                    purchased_options=purchased[1],
                    **fields,
                )
                .on_conflict_do_nothing(constraint="reviews_one_per_user")
                .returning(reviews)
            )
        ).first()
        return _review(row) if row else None

    async def by_request(self, request_id: uuid.UUID) -> Review | None:
        row = (await self._s.execute(select(reviews).where(reviews.c.request_id == request_id))).first()
        return _review(row) if row else None

    async def of_user(self, product: str, user_id: str) -> Review | None:
        query = select(reviews).where(reviews.c.product == product, reviews.c.user_id == user_id)
        row = (await self._s.execute(query)).first()
        return _review(row) if row else None

    async def get(self, product: str, review_id: uuid.UUID, *, for_update: bool = False) -> Review | None:
        query = select(reviews).where(reviews.c.id == review_id, reviews.c.product == product)
        if for_update:
            query = query.with_for_update()
        row = (await self._s.execute(query)).first()
        return _review(row) if row else None

    async def change(self, review: Review, values: Mapping[str, Any], now: datetime) -> Review:
        row = (
            await self._s.execute(
                update(reviews)
                .where(reviews.c.id == review.id)
                .values(update_time=now, version=reviews.c.version + 1, **values)
                .returning(reviews)
            )
        ).one()
        return _review(row)

    async def approved_page(self, product: str, after: list[Any] | None, limit: int) -> list[Review]:
        """Newest first; ``after`` is (create_time iso, id) of the previous page's last review."""
        query = select(reviews).where(reviews.c.product == product, reviews.c.state == APPROVED)
        if after:
            when, last = datetime.fromisoformat(after[0]), uuid.UUID(after[1])
            query = query.where(
                or_(reviews.c.create_time < when, and_(reviews.c.create_time == when, reviews.c.id < last))
            )
        query = query.order_by(reviews.c.create_time.desc(), reviews.c.id.desc()).limit(limit)
        return [_review(row) for row in (await self._s.execute(query)).all()]

    async def pending_page(self, after: list[Any] | None, limit: int) -> list[Review]:
        """Oldest change first; ``after`` is (update_time iso, id) of the previous page's last review."""
        query = select(reviews).where(reviews.c.state == PENDING)
        if after:
            when, last = datetime.fromisoformat(after[0]), uuid.UUID(after[1])
            query = query.where(
                or_(reviews.c.update_time > when, and_(reviews.c.update_time == when, reviews.c.id > last))
            )
        query = query.order_by(reviews.c.update_time, reviews.c.id).limit(limit)
        return [_review(row) for row in (await self._s.execute(query)).all()]

    async def star_counts(self, product: str) -> dict[int, int]:
        query = (
            select(reviews.c.rating, func.count())
            .where(reviews.c.product == product, reviews.c.state == APPROVED)
            .group_by(reviews.c.rating)
        )
        return {int(rating): int(count) for rating, count in (await self._s.execute(query)).all()}
