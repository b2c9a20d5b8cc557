"""Catalog's promotion use cases: admins create and retire promotions; carts and checkout price items with them;
the checkout saga redeems a coupon and a cancellation releases it. Pricing rules: :mod:`services.catalog.pricing`."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from services.catalog import pricing
from services.catalog.adapters.promotions import REDEEMED, PromotionRepository
from services.catalog.pricing import AMOUNT_OFF, PERCENT_OFF, Priced, Promotion
from services.catalog.service import CatalogService
from services.runtime import pagination
from services.runtime.database import Database
from services.runtime.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound, PreconditionViolation


def _now() -> datetime:
    return datetime.now(UTC)


def check_terms(promotion: Promotion) -> None:
    """What protovalidate cannot say about a new promotion's terms."""
    if promotion.kind == PERCENT_OFF and not 1 <= promotion.percent_off <= 100:
        raise InvalidArgument.field("promotion.percent_off", "must be 1 to 100 for KIND_PERCENT_OFF")
    if promotion.kind == AMOUNT_OFF and (promotion.amount_off is None or not promotion.amount_off.minor_units):
        raise InvalidArgument.field("promotion.amount_off", "is required for KIND_AMOUNT_OFF")
    if promotion.kind == PERCENT_OFF and promotion.amount_off is not None:
        raise InvalidArgument.field("promotion.amount_off", "is for KIND_AMOUNT_OFF only")
    if promotion.end_time is not None and promotion.end_time <= promotion.start_time:
        raise InvalidArgument.field("promotion.end_time", "must be after start_time")
    if not promotion.coupon_code and (promotion.max_redemptions or promotion.max_redemptions_per_customer):
        raise InvalidArgument.field("promotion.max_redemptions", "limits uses of a coupon: give a coupon_code too")


class PromotionsService:
    def __init__(self, database: Database, catalog: CatalogService, *, clock: Callable[[], datetime] = _now) -> None:
        self._db = database
        self._catalog = catalog
        self._clock = clock

    # --- admin --------------------------------------------------------------------------------------

    async def create(self, promotion: Promotion, request_id: str) -> Promotion:
        check_terms(promotion)
        rid = uuid.UUID(request_id) if request_id else None
        async with self._db.transaction() as session:
            repo = PromotionRepository(session)
            if await repo.add(promotion, rid):
                created = await repo.get(promotion.id)
                assert created is not None
                return created
            if rid is not None and (earlier := await repo.by_request(rid)) is not None:
                return earlier
        raise AlreadyExists(
            pricing.PROMOTION,
            f"coupons/{promotion.coupon_code}",
            description=f"an active promotion has the coupon code {promotion.coupon_code}",
            reason="COUPON_CODE_TAKEN",
        )

    async def get(self, promotion_id: str) -> Promotion:
        async with self._db.reading() as session:
            found = await PromotionRepository(session).get(promotion_id)
        if found is None:
            raise NotFound(pricing.PROMOTION, f"promotions/{promotion_id}")
        return found

    async def list(self, page_size: int, page_token: str) -> tuple[list[Promotion], str]:
        query = pagination.fingerprint("promotions")
        after = pagination.decode(page_token, query)
        limit = pagination.page_size(page_size, default=20, maximum=100)
        async with self._db.reading() as session:
            page = await PromotionRepository(session).page(after, limit + 1)
        return pagination.cut(page, limit, query, lambda last: [last.create_time.isoformat(), last.id])

    async def archive(self, promotion_id: str) -> Promotion:
        async with self._db.transaction() as session:
            repo = PromotionRepository(session)
            found = await repo.get(promotion_id, for_update=True)
            if found is None:
                raise NotFound(pricing.PROMOTION, f"promotions/{promotion_id}")
            if found.state == "archived":
                return found
            return await repo.set_state(promotion_id, "archived", self._clock())

    # --- carts and checkout -------------------------------------------------------------------------

    async def price(self, items: list[tuple[str, int]], coupon_code: str, customer: str) -> Priced:
        """Prices items (each product once) with the live automatic promotions and the coupon, if any."""
        ids = [product_id for product_id, _ in items]
        if len(set(ids)) != len(ids):
            raise InvalidArgument.field("items", "name each product once")
        products = await self._catalog.batch_get_products(ids)
        code = coupon_code.strip().upper()
        async with self._db.reading() as session:
            automatic, coupon, uses = await PromotionRepository(session).for_pricing(self._clock(), code, customer)
        if code:
            coupon = pricing.check_coupon(coupon, code, self._clock(), uses if customer else None)
        currencies = {p.price.currency for p in products}
        if len(currencies) > 1:
            raise FailedPrecondition(
                [
                    PreconditionViolation(
                        "CURRENCY", "items", f"priced in {', '.join(sorted(currencies))}: one at a time"
                    )
                ],
                reason="MIXED_CURRENCIES",
            )
        quantities = dict(items)
        return pricing.price([(p, quantities[p.id]) for p in products], automatic, coupon if code else None)

    async def redeem(self, order: str, customer: str, coupon_code: str) -> Promotion:
        """One use of the coupon for the order, counted under the promotion's row lock: concurrent checkouts
        queue on it, so no more uses are taken than the limits allow. A repeat for the order changes nothing."""
        code = coupon_code.upper()
        now = self._clock()
        async with self._db.transaction() as session:
            repo = PromotionRepository(session)
            coupon = await repo.active_coupon(code)
            if coupon is None:
                raise pricing.unknown_coupon(code)
            held = await repo.redemption(order)
            if held is not None and held.state == REDEEMED:
                return coupon
            if held is not None:
                raise FailedPrecondition(
                    [PreconditionViolation("COUPON", order, "this order gave its coupon back (it was cancelled)")],
                    reason="ORDER_STATE",
                )
            pricing.check_coupon(coupon, code, now, await repo.customer_uses(coupon.id, customer))
            await repo.add_redemption(order, coupon.id, customer, now)
            return await repo.count_redemption(coupon.id, +1, now)

    async def release(self, order: str) -> None:
        async with self._db.transaction() as session:
            repo = PromotionRepository(session)
            held = await repo.redemption(order, for_update=True)
            if held is None or held.state != REDEEMED:
                return
            await repo.release_redemption(order, self._clock())
            await repo.count_redemption(str(held.promotion_id), -1, self._clock())
