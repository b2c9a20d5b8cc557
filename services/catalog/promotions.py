"""Catalog's promotion use cases: admins create and retire promotions; carts and checkout price items with them;
the checkout saga redeems a coupon and a cancellation releases it. Pricing rules: :mod:`services.catalog.pricing`."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from services.catalog import domain, pricing
from services.catalog.adapters.promotions import REDEEMED, PromotionRepository
from services.catalog.currencies import CurrenciesService
from services.catalog.domain import Product, Variant
from services.catalog.pricing import AMOUNT_OFF, PERCENT_OFF, Priced, Promotion
from services.catalog.service import CatalogService
from services.runtime import pagination
from services.runtime.database import Database
from services.runtime.errors import AlreadyExists, FailedPrecondition, InvalidArgument, NotFound, PreconditionViolation
from services.runtime.exchange_rates import Rates
from services.runtime.pagination import PageTokens


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


def convert_product(product: Product, rates: Rates, currency: str) -> Product:
    price = rates.convert(product.price, currency)
    return replace(product, fields=replace(product.fields, price=price))


def convert_promotion(promotion: Promotion, rates: Rates, currency: str) -> Promotion:
    """A fixed amount and a minimum spend in the currency priced in (percentages need nothing)."""
    return replace(
        promotion,
        amount_off=rates.convert(promotion.amount_off, currency) if promotion.amount_off else None,
        min_spend=rates.convert(promotion.min_spend, currency) if promotion.min_spend else None,
    )


class PromotionsService:
    def __init__(
        self,
        database: Database,
        catalog: CatalogService,
        currencies: CurrenciesService,
        *,
        page_tokens: PageTokens,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._db = database
        self._catalog = catalog
        self._currencies = currencies
        self._pages = page_tokens
        self._clock = clock

    # --- admin --------------------------------------------------------------------------------------

    async def create(self, promotion: Promotion, request_id: str) -> Promotion:
        check_terms(promotion)
        self._currencies.check_sold(promotion.amount_off, "promotion.amount_off")
        self._currencies.check_sold(promotion.min_spend, "promotion.min_spend")
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
        after = self._pages.decode(page_token, query)
        limit = pagination.page_size(page_size, default=20, maximum=100)
        async with self._db.reading() as session:
            page = await PromotionRepository(session).page(after, limit + 1)
        return self._pages.cut(page, limit, query, lambda last: [last.create_time.isoformat(), last.id])

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

    async def price(
        self, items: list[tuple[str, str, int]], coupon_code: str, customer: str, currency: str = ""
    ) -> tuple[list[Product], list[Variant], Priced]:
        """Prices items (product, variant — "" for the product's first active one —, quantity; a line each)
        in ``currency`` (empty: the base) with the live automatic promotions and the coupon, if any: the products
        and variants as they are, and the pricing, in which each line carries its variant's converted price.
        Products and promotions in another currency are converted at the shop's rates."""
        found = {p.id: p for p in await self._catalog.batch_get_products(list(dict.fromkeys(p for p, _, _ in items)))}
        products = [found[product_id] for product_id, _, _ in items]
        variants = [
            domain.resolve_variant(found[product_id], variant_id, field=f"items[{n}].variant")
            for n, (product_id, variant_id, _) in enumerate(items)
        ]
        target = currency or self._currencies.base
        # Each line at its variant's price: a copy of the product only for a variant priced on its own.
        lines = [
            p if v.fields.price is None else replace(p, fields=replace(p.fields, price=v.fields.price))
            for p, v in zip(products, variants, strict=True)
        ]
        code = coupon_code.strip().upper()
        async with self._db.reading() as session:
            automatic, coupon, uses = await PromotionRepository(session).for_pricing(self._clock(), code, customer)
        if code:
            coupon = pricing.check_coupon(coupon, code, self._clock(), uses if customer else None)
        converted = lines
        if target != self._currencies.base or any(p.price.currency != target for p in lines):
            rates = await self._currencies.rates()
            rates.rate(target)  # a currency the shop does not sell in: FAILED_PRECONDITION
            converted = [convert_product(p, rates, target) for p in lines]
            automatic = [convert_promotion(p, rates, target) for p in automatic]
            coupon = convert_promotion(coupon, rates, target) if coupon is not None else None
        priced = pricing.price(
            [(p, v.id, q) for p, v, (_, _, q) in zip(converted, variants, items, strict=True)], automatic, coupon
        )
        return products, variants, priced

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
