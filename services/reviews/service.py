"""Reviews' use cases: unlock reviews from deliveries, write/edit/moderate reviews, ratings.

Ratings come from approved reviews only. A summary is read from the cache, else computed and cached; every
change that can move it (a moderation, an edit of an approved review) drops the cached one after commit.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Mapping
from datetime import UTC, datetime
from typing import Any

from services.reviews import domain
from services.reviews.adapters.rating_cache import RatingCache
from services.reviews.adapters.repository import ReviewStore
from services.reviews.domain import APPROVED, PENDING, REJECTED, RatingSummary, Review
from services.runtime import pagination
from services.runtime.consumer import Event, Handler
from services.runtime.database import Database, Transaction
from services.runtime.errors import Aborted, AlreadyExists, FailedPrecondition, InvalidArgument, PreconditionViolation
from services.runtime.pagination import PageTokens
from services.runtime.resource_versions import etag
from services.runtime.tokens import Principal
from shop.orders.v1 import events_pb2 as order_events


def review_etag(review: Review) -> str:
    return etag(str(review.id), review.version)


class ReviewsService:
    def __init__(
        self,
        database: Database,
        cache: RatingCache,
        *,
        page_tokens: PageTokens,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._db = database
        self._pages = page_tokens
        self._cache = cache
        self._clock = clock

    # --- events -------------------------------------------------------------------------------------

    def handlers(self) -> dict[str, Handler]:
        return {
            "shop.orders.v1.OrderDelivered": self._order_delivered,
            "shop.orders.v1.OrderRefunded": self._order_refunded,
        }

    async def _order_delivered(self, session: Transaction, event: Event) -> None:
        order = event.parse(order_events.OrderDelivered).order
        customer = order.customer.rsplit("/", 1)[-1]
        store = ReviewStore(session)
        for line in order.lines:
            options = [(v.option, v.value) for v in line.option_values]
            await store.remember_delivery(customer, line.product, order.name, self._clock(), line.variant, options)

    async def _order_refunded(self, session: Transaction, event: Event) -> None:
        """Only a delivered purchase that was kept unlocks a review; a review written before the refund stays."""
        await ReviewStore(session).forget_order(event.parse(order_events.OrderRefunded).order.name)

    # --- writes -------------------------------------------------------------------------------------

    async def create(self, caller: Principal, product: str, fields: Mapping[str, Any], request_id: str) -> Review:
        domain.require(fields, domain.EDITABLE)
        rid = uuid.UUID(request_id) if request_id else None
        async with self._db.transaction() as session:
            store = ReviewStore(session)
            if rid is not None and (earlier := await store.by_request(rid)) is not None:
                if earlier.user_id != caller.user_id or earlier.product != product:
                    raise InvalidArgument.field("request_id", "already used for another review")
                return earlier
            purchased = await store.delivered(caller.user_id, product)
            if purchased is None:
                raise FailedPrecondition(
                    [PreconditionViolation("DELIVERY", product, "review a product once it was delivered to you")],
                    reason="NOT_DELIVERED",
                )
            review = await store.add(
                product=product,
                user_id=caller.user_id,
                fields=fields,
                request_id=rid,
                now=self._clock(),
                purchased=purchased,
            )
            if review is None:
                existing = await store.of_user(product, caller.user_id)
                raise AlreadyExists(
                    domain.REVIEW,
                    existing.name if existing else product,
                    description="you reviewed this product already; edit that review instead",
                )
            return review

    async def update(
        self, caller: Principal, name: str, values: Mapping[str, Any], paths: Collection[str], expected_etag: str
    ) -> Review:
        product, review_id = domain.parse_name(name, "review.name")
        domain.require(values, paths)
        async with self._db.transaction() as session:
            store = ReviewStore(session)
            review = await store.get(product, review_id, for_update=True)
            if review is None or review.user_id != caller.user_id:
                raise domain.not_found(name)
            if expected_etag and expected_etag != review_etag(review):
                raise Aborted("the review changed since it was read; read it again", reason="ETAG_MISMATCH")
            changes = {path: values[path] for path in paths}
            updated = await store.change(review, {**changes, "state": PENDING, "rejection_reason": ""}, self._clock())
        if review.state == APPROVED:
            await self._cache.forget(product)
        return updated

    async def moderate(self, name: str, approve: bool, reason: str) -> Review:
        if not approve and not reason.strip():
            raise InvalidArgument.field("reason", "say why the review is rejected; its author will see it")
        product, review_id = domain.parse_name(name)
        async with self._db.transaction() as session:
            store = ReviewStore(session)
            review = await store.get(product, review_id, for_update=True)
            if review is None:
                raise domain.not_found(name)
            state = APPROVED if approve else REJECTED
            if review.state == state and review.rejection_reason == (reason if not approve else ""):
                return review
            moderated = await store.change(
                review, {"state": state, "rejection_reason": "" if approve else reason.strip()}, self._clock()
            )
        await self._cache.forget(product)
        return moderated

    # --- reads --------------------------------------------------------------------------------------

    async def get(self, caller: Principal | None, name: str) -> Review:
        product, review_id = domain.parse_name(name)
        async with self._db.reading() as connection:
            review = await ReviewStore(connection).get(product, review_id)
        if review is None or not review.visible_to(caller):
            raise domain.not_found(name)
        return review

    async def list(self, product: str, page_size: int, page_token: str) -> tuple[list[Review], str]:
        query = pagination.fingerprint("reviews", product)
        after = self._pages.decode(page_token, query)
        limit = pagination.page_size(page_size, default=20, maximum=100)
        async with self._db.reading() as connection:
            rows = await ReviewStore(connection).approved_page(product, after, limit + 1)
        return self._pages.cut(rows, limit, query, lambda last: [last.create_time.isoformat(), str(last.id)])

    async def pending(self, page_size: int, page_token: str) -> tuple[list[Review], str]:
        query = pagination.fingerprint("pending-reviews")
        after = self._pages.decode(page_token, query)
        limit = pagination.page_size(page_size, default=20, maximum=100)
        async with self._db.reading() as connection:
            rows = await ReviewStore(connection).pending_page(after, limit + 1)
        return self._pages.cut(rows, limit, query, lambda last: [last.update_time.isoformat(), str(last.id)])

    async def rating(self, product: str) -> RatingSummary:
        cached = await self._cache.get(product)
        if cached is not None:
            return cached
        async with self._db.reading() as connection:
            counts = await ReviewStore(connection).star_counts(product)
        summary = RatingSummary.from_counts(product, counts)
        await self._cache.put(summary)
        return summary
