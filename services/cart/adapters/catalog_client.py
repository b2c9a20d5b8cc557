"""What the cart needs from the catalog: a line's current variant (SKU, options), name, price and state, and what
promotions take off a cart now."""

from __future__ import annotations

from dataclasses import dataclass

import grpc

from services.cart.domain import Discount, Pricing
from services.runtime import money
from services.runtime.channels import ServiceChannel
from services.runtime.dependency_errors import as_domain_error
from services.runtime.errors import FailedPrecondition
from services.runtime.money import Money
from shop.catalog.v1 import catalog_service_pb2, catalog_service_pb2_grpc, product_pb2, promotion_pb2

# One line to price: product id, variant id ("" for the product's first active variant), quantity.
Line = tuple[str, str, int]


@dataclass(frozen=True)
class ProductView:
    product_id: str
    variant_id: str  # the variant priced (the one named, or the product's first active one)
    sku: str
    display_name: str
    option_values: tuple[tuple[str, str], ...]
    price: Money
    product_active: bool
    variant_active: bool
    active_variants: int  # how many the shopper may choose from

    @property
    def active(self) -> bool:
        return self.product_active and self.variant_active


def _view(line: promotion_pb2.PricedLine) -> ProductView:
    variant = line.variant
    return ProductView(
        product_id=line.product.name.removeprefix("products/"),
        variant_id=variant.name.rpartition("/")[2],
        sku=variant.sku or line.product.sku,
        display_name=line.product.display_name,
        option_values=tuple((v.option, v.value) for v in variant.option_values),
        price=money.from_proto(line.unit_price, field="unit_price"),
        product_active=line.product.state == product_pb2.Product.STATE_ACTIVE,
        variant_active=variant.state != product_pb2.ProductVariant.STATE_ARCHIVED,
        active_variants=sum(v.state == product_pb2.ProductVariant.STATE_ACTIVE for v in line.product.variants),
    )


class CatalogClient:
    def __init__(self, channel: ServiceChannel) -> None:
        self._stub = catalog_service_pb2_grpc.CatalogServiceStub(channel)

    async def lines(self, lines: list[tuple[str, str]], currency: str) -> list[ProductView]:
        """The lines' variants now, in order, their prices in ``currency`` ("" the shop's base; one it does not sell
        in is FAILED_PRECONDITION)."""
        views, _ = await self._quote([(p, v, 1) for p, v in lines], "", "", currency)
        return views

    async def sold_currencies(self) -> list[str]:
        try:
            response = await self._stub.ListCurrencies(catalog_service_pb2.ListCurrenciesRequest())
        except grpc.aio.AioRpcError as error:
            raise as_domain_error(error, "catalog") from error
        return [c.currency_code for c in response.currencies]

    async def quote(
        self, items: list[Line], coupon_code: str, customer: str, currency: str
    ) -> tuple[list[ProductView], Pricing]:
        """The variants of ``items`` now, in order (prices in ``currency``), and what promotions take off them
        (by the index of the line), in one call. A coupon that cannot be used (``FAILED_PRECONDITION``) is priced
        without, and the pricing says why."""
        try:
            return await self._quote(items, coupon_code, customer, currency)
        except FailedPrecondition as error:
            if not coupon_code or not (error.reason or "").startswith("COUPON_"):
                raise
            views, without = await self._quote(items, "", customer, currency)
            return views, Pricing(without.line_discounts, without.discounts, coupon_problem=error.message)

    async def price(self, items: list[Line], coupon_code: str, customer: str, currency: str) -> Pricing:
        """What promotions take off the cart's items now (see :meth:`quote`)."""
        return (await self.quote(items, coupon_code, customer, currency))[1]

    async def check_coupon(self, items: list[Line], coupon_code: str, customer: str, currency: str) -> Pricing:
        """The cart's discounts with the coupon; FAILED_PRECONDITION (why) when it cannot be used now."""
        return (await self._quote(items, coupon_code, customer, currency))[1]

    async def _quote(
        self, items: list[Line], coupon_code: str, customer: str, currency: str
    ) -> tuple[list[ProductView], Pricing]:
        request = catalog_service_pb2.PriceItemsRequest(
            items=[
                promotion_pb2.PriceItem(
                    product=f"products/{p}", variant=f"products/{p}/variants/{v}" if v else "", quantity=q
                )
                for p, v, q in items
            ],
            coupon_code=coupon_code,
            customer=customer,
            currency_code=currency,
        )
        try:
            response = await self._stub.PriceItems(request)
        except grpc.aio.AioRpcError as error:
            raise as_domain_error(error, "catalog") from error
        views = [_view(line) for line in response.lines]
        pricing = Pricing(
            line_discounts={
                str(n): money.from_proto(line.discount, field="discount") for n, line in enumerate(response.lines)
            },
            discounts=tuple(
                Discount(d.promotion, d.display_name, d.coupon_code, money.from_proto(d.amount, field="amount"))
                for d in response.discounts
            ),
        )
        return views, pricing
