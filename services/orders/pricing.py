"""The cart priced as an order: what checkout places and what its preview shows, computed one way.

Lines repriced from the catalog (with the cart's coupon, in the cart's currency), shipping quoted for the address,
tax, totals: a PENDING order not saved anywhere.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from services.orders import domain
from services.orders.adapters.clients import Dependencies
from services.orders.domain import Line, Order
from services.runtime.errors import FailedPrecondition, InvalidArgument, PreconditionViolation
from services.runtime.tokens import Principal


class OrderPricing:
    def __init__(self, dependencies: Dependencies, *, clock: Callable[[], datetime]) -> None:
        self._deps = dependencies
        self._clock = clock

    async def address(self, caller: Principal, address: dict[str, Any] | None, saved_address: str) -> dict[str, Any]:
        """``address``, or (None) the caller's ``saved_address`` as it is now: the order keeps a copy."""
        if address is not None:
            return address
        owner = saved_address.split("/")[1]
        if owner not in ("me", caller.user_id):
            raise InvalidArgument.field("saved_address", "must be one of your own addresses (users/me/addresses/...)")
        return await self._deps.saved_address(caller.user_id, saved_address)

    async def price(self, customer_id: str, address: dict[str, Any]) -> Order:
        """The cart repriced from the catalog, with shipping and tax: a PENDING order not yet saved."""
        cart, coupon_code, currency = await self._deps.cart_lines(customer_id)
        if not cart:
            raise FailedPrecondition(
                [PreconditionViolation("CART", f"carts/{customer_id}", "the cart is empty")], reason="CART_EMPTY"
            )
        domain.check_order_size(f"carts/{customer_id}", [line.quantity for line in cart])
        products = await self._deps.price(
            [(line.product_id, line.variant_id, line.quantity) for line in cart],
            coupon_code,
            f"users/{customer_id}",
            currency,
        )
        retired = [p for p in products if not p.active]
        if retired:
            raise FailedPrecondition(
                [
                    PreconditionViolation(
                        "STATE",
                        f"products/{p.product_id}/variants/{p.variant_id}",
                        f"{p.display_name} ({p.sku}) is no longer sold",
                    )
                    for p in retired
                ],
                reason="PRODUCT_ARCHIVED",
            )
        lines: list[Line] = []
        for item, product in zip(cart, products, strict=True):
            same = next(
                (n for n, line in enumerate(lines) if line.key == (product.variant_id or item.product_id)), None
            )
            if same is not None:  # a cart line from before variants and one naming its variant: one order line
                earlier = lines[same]
                lines[same] = replace(
                    earlier,
                    quantity=earlier.quantity + item.quantity,
                    discount_minor=earlier.discount_minor + product.discount.minor_units,
                )
                continue
            lines.append(
                Line(
                    product_id=item.product_id,
                    sku=product.sku,
                    display_name=product.display_name,
                    quantity=item.quantity,
                    unit_price=product.price,
                    cart_unit_price=None if item.unit_price == product.price else item.unit_price,
                    discount_minor=product.discount.minor_units,
                    variant_id=product.variant_id,
                    option_values=product.option_values,
                    package=product.package,
                )
            )
        # After the prices: the quote weighs what the catalog says each variant weighs and measures.
        shipping = await self._deps.quote_shipping(address, lines, currency)
        now = self._clock()
        return Order(
            id=str(uuid.uuid4()),
            customer_id=customer_id,
            lines=tuple(lines),
            totals=domain.totals(lines, address["country_code"], shipping),
            address=address,
            state=domain.PENDING,
            saga_step="placed",
            cancel_reason="",
            card_last4="",
            carrier="",
            tracking_number="",
            create_time=now,
            update_time=now,
            version=1,
            coupon_code=coupon_code,
        )
