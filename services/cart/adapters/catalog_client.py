"""What the cart needs from the catalog: a product's current SKU, name, price and state, and what promotions take
off a cart now."""

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


@dataclass(frozen=True)
class ProductView:
    product_id: str
    sku: str
    display_name: str
    price: Money
    active: bool


def _view(line: promotion_pb2.PricedLine) -> ProductView:
    return ProductView(
        product_id=line.product.name.removeprefix("products/"),
        sku=line.product.sku,
        display_name=line.product.display_name,
        price=money.from_proto(line.unit_price, field="unit_price"),
        active=line.product.state == product_pb2.Product.STATE_ACTIVE,
    )


class CatalogClient:
    def __init__(self, channel: ServiceChannel) -> None:
        self._stub = catalog_service_pb2_grpc.CatalogServiceStub(channel)

    async def products(self, product_ids: list[str], currency: str) -> dict[str, ProductView]:
        """The products now, their prices in ``currency`` ("" the shop's base; one it does not sell in is
        FAILED_PRECONDITION)."""
        products, _ = await self._quote([(i, 1) for i in product_ids], "", "", currency)
        return products

    async def sold_currencies(self) -> list[str]:
        try:
            response = await self._stub.ListCurrencies(catalog_service_pb2.ListCurrenciesRequest())
        except grpc.aio.AioRpcError as error:
            raise as_domain_error(error, "catalog") from error
        return [c.currency_code for c in response.currencies]

    async def quote(
        self, items: list[tuple[str, int]], coupon_code: str, customer: str, currency: str
    ) -> tuple[dict[str, ProductView], Pricing]:
        """The products of ``items`` now (prices in ``currency``) and what promotions take off them, in one call. A
        coupon that cannot be used (``FAILED_PRECONDITION``) is priced without, and the pricing says why."""
        try:
            return await self._quote(items, coupon_code, customer, currency)
        except FailedPrecondition as error:
            if not coupon_code or not (error.reason or "").startswith("COUPON_"):
                raise
            products, without = await self._quote(items, "", customer, currency)
            return products, Pricing(without.line_discounts, without.discounts, coupon_problem=error.message)

    async def price(self, items: list[tuple[str, int]], coupon_code: str, customer: str, currency: str) -> Pricing:
        """What promotions take off the cart's items now (see :meth:`quote`)."""
        return (await self.quote(items, coupon_code, customer, currency))[1]

    async def check_coupon(
        self, items: list[tuple[str, int]], coupon_code: str, customer: str, currency: str
    ) -> Pricing:
        """The cart's discounts with the coupon; FAILED_PRECONDITION (why) when it cannot be used now."""
        return (await self._quote(items, coupon_code, customer, currency))[1]

    async def _quote(
        self, items: list[tuple[str, int]], coupon_code: str, customer: str, currency: str
    ) -> tuple[dict[str, ProductView], Pricing]:
        request = catalog_service_pb2.PriceItemsRequest(
            items=[promotion_pb2.PriceItem(product=f"products/{p}", quantity=q) for p, q in items],
            coupon_code=coupon_code,
            customer=customer,
            currency_code=currency,
        )
        try:
            response = await self._stub.PriceItems(request)
        except grpc.aio.AioRpcError as error:
            raise as_domain_error(error, "catalog") from error
        products = {view.product_id: view for view in map(_view, response.lines)}
        pricing = Pricing(
            line_discounts={
                line.product.name.removeprefix("products/"): money.from_proto(line.discount, field="discount")
                for line in response.lines
            },
            discounts=tuple(
                Discount(d.promotion, d.display_name, d.coupon_code, money.from_proto(d.amount, field="amount"))
                for d in response.discounts
            ),
        )
        return products, pricing
