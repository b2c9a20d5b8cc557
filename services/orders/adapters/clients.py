"""The orders saga's view of the other services. Every call carries the caller's deadline and request id
(runtime channels); errors come back as domain errors (NOT_FOUND, FAILED_PRECONDITION, UNAVAILABLE)."""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import grpc

from services.orders.domain import Line, Package
from services.runtime import call_context, money
from services.runtime.channels import open_channel
from services.runtime.dependency_errors import as_domain_error
from services.runtime.json_messages import to_json_dict
from services.runtime.money import Money
from services.runtime.service_identity import ServiceTokens
from shop.cart.v1 import cart_service_pb2, cart_service_pb2_grpc
from shop.catalog.v1 import catalog_service_pb2, catalog_service_pb2_grpc, product_pb2, promotion_pb2
from shop.identity.v1 import identity_service_pb2, identity_service_pb2_grpc
from shop.inventory.v1 import inventory_pb2, inventory_service_pb2, inventory_service_pb2_grpc
from shop.payments.v1 import payment_pb2, payments_service_pb2, payments_service_pb2_grpc
from shop.shipping.v1 import shipment_pb2, shipping_service_pb2, shipping_service_pb2_grpc

T = TypeVar("T")

RESERVATION_STATES = {
    inventory_pb2.Reservation.STATE_RESERVED: "reserved",
    inventory_pb2.Reservation.STATE_COMMITTED: "committed",
    inventory_pb2.Reservation.STATE_RELEASED: "released",
    inventory_pb2.Reservation.STATE_EXPIRED: "expired",
}
PAYMENT_STATES = {
    payment_pb2.Payment.STATE_AUTHORIZED: "authorized",
    payment_pb2.Payment.STATE_CAPTURED: "captured",
    payment_pb2.Payment.STATE_VOIDED: "voided",
    payment_pb2.Payment.STATE_REFUNDED: "refunded",
    payment_pb2.Payment.STATE_DECLINED: "declined",
    payment_pb2.Payment.STATE_PARTIALLY_REFUNDED: "partially_refunded",
}


@dataclass(frozen=True)
class CartLine:
    product_id: str
    quantity: int
    unit_price: Money
    variant_id: str = ""  # "" on a line from before variants: the product's first active variant


@dataclass(frozen=True)
class CatalogProduct:
    """A product as the catalog prices it now, with what promotions take off the line."""

    product_id: str
    sku: str
    display_name: str
    price: Money
    active: bool  # the product and the variant are for sale
    discount: Money
    variant_id: str = ""
    option_values: tuple[tuple[str, str], ...] = ()
    package: Package = field(default_factory=Package)


@dataclass(frozen=True)
class PaymentView:
    state: str
    card_last4: str
    decline_reason: str  # shop.payments.v1.DeclineReason's name without its prefix; '' when not declined


async def _call(dependency: str, call: Awaitable[T]) -> T:
    try:
        return await call
    except grpc.aio.AioRpcError as error:
        raise as_domain_error(error, dependency) from error


def _not_found(error: grpc.aio.AioRpcError) -> bool:
    return error.code() == grpc.StatusCode.NOT_FOUND


class Dependencies:
    def __init__(
        self,
        *,
        cart: str,
        catalog: str,
        inventory: str,
        payments: str,
        shipping: str,
        identity: str,
        service_tokens: ServiceTokens | None = None,
    ) -> None:
        self._channels = {
            name: open_channel(target, default_timeout=5.0, service_tokens=service_tokens)
            for name, target in {
                "cart": cart,
                "catalog": catalog,
                "inventory": inventory,
                "payments": payments,
                "shipping": shipping,
                "identity": identity,
            }.items()
        }
        self._cart = cart_service_pb2_grpc.CartServiceStub(self._channels["cart"])
        self._catalog = catalog_service_pb2_grpc.CatalogServiceStub(self._channels["catalog"])
        self._inventory = inventory_service_pb2_grpc.InventoryServiceStub(self._channels["inventory"])
        self._payments = payments_service_pb2_grpc.PaymentsServiceStub(self._channels["payments"])
        self._shipping = shipping_service_pb2_grpc.ShippingServiceStub(self._channels["shipping"])
        self._identity = identity_service_pb2_grpc.IdentityServiceStub(self._channels["identity"])

    async def close(self) -> None:
        for channel in self._channels.values():
            await channel.close()

    @staticmethod
    def _on_behalf_of_caller() -> tuple[tuple[str, str], ...]:
        token = call_context.bearer_token.get()
        return (("authorization", f"Bearer {token}"),) if token else ()

    async def cart_lines(self, customer_id: str) -> tuple[list[CartLine], str, str]:
        """The cart's items, its coupon code and its currency, as stored (checkout prices them itself)."""
        request = cart_service_pb2.GetCartRequest(name=f"carts/{customer_id}", view=cart_service_pb2.CART_VIEW_BASIC)
        cart = (await _call("cart", self._cart.GetCart(request, metadata=self._on_behalf_of_caller()))).cart
        lines = [
            CartLine(
                item.product.removeprefix("products/"),
                item.quantity,
                money.from_proto(item.unit_price, field="unit_price"),
                item.variant.rpartition("/variants/")[2],
            )
            for item in cart.items
        ]
        currency = cart.currency_code or (lines[0].unit_price.currency if lines else "")
        return lines, cart.coupon_code, currency

    async def clear_cart(self, customer_id: str, lines: list[tuple[str, str]]) -> None:
        """Takes the order's lines (product, variant) out of the customer's cart (as orders itself: recovery has no
        user)."""
        request = cart_service_pb2.RemoveOrderedItemsRequest(
            cart=f"carts/{customer_id}",
            products=sorted({f"products/{p}" for p, _ in lines}),
            variants=[f"products/{p}/variants/{v}" for p, v in lines if v],
        )
        await _call("cart", self._cart.RemoveOrderedItems(request))

    async def price(
        self, items: list[tuple[str, str, int]], coupon_code: str, customer: str, currency: str
    ) -> list[CatalogProduct]:
        """The lines (product, variant, quantity) as the catalog prices them now in ``currency``, in order, with the
        live promotions and the coupon (one that cannot be used is FAILED_PRECONDITION, COUPON_*)."""
        response = await _call(
            "catalog",
            self._catalog.PriceItems(
                catalog_service_pb2.PriceItemsRequest(
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
            ),
        )
        return [
            CatalogProduct(
                line.product.name.removeprefix("products/"),
                line.variant.sku or line.product.sku,
                line.product.display_name,
                money.from_proto(line.unit_price, field="unit_price"),
                line.product.state == product_pb2.Product.STATE_ACTIVE
                and line.variant.state != product_pb2.ProductVariant.STATE_ARCHIVED,
                money.from_proto(line.discount, field="discount"),
                line.variant.name.rpartition("/variants/")[2],
                tuple((v.option, v.value) for v in line.variant.option_values),
                Package(
                    line.variant.weight_grams,
                    line.variant.dimensions.length_mm,
                    line.variant.dimensions.width_mm,
                    line.variant.dimensions.height_mm,
                ),
            )
            for line in response.lines
        ]

    async def redeem_coupon(self, order: str, customer: str, coupon_code: str) -> None:
        request = catalog_service_pb2.RedeemCouponRequest(order=order, customer=customer, coupon_code=coupon_code)
        await _call("catalog", self._catalog.RedeemCoupon(request))

    async def release_coupon(self, order: str) -> None:
        await _call("catalog", self._catalog.ReleaseCoupon(catalog_service_pb2.ReleaseCouponRequest(order=order)))

    async def saved_address(self, customer_id: str, name: str) -> dict[str, Any]:
        """The address ``name`` (``users/me/addresses/...``) of the customer's address book holds now."""
        response = await _call(
            "identity",
            self._identity.ResolveSavedAddress(
                identity_service_pb2.ResolveSavedAddressRequest(user=f"users/{customer_id}", name=name)
            ),
        )
        return to_json_dict(response.saved_address.address)

    async def quote_shipping(self, address: dict[str, Any], lines: Sequence[Line], currency: str) -> Money:
        """What shipping the lines to ``address`` costs, by their units' weights and sizes."""
        response = await _call(
            "shipping",
            self._shipping.QuoteShipping(
                shipping_service_pb2.QuoteShippingRequest(
                    address=shipment_pb2.Address(**address),
                    units=sum(line.quantity for line in lines),
                    currency_code=currency,
                    items=_parcel(lines),
                )
            ),
        )
        return money.from_proto(response.quote.amount, field="quote")

    async def take_stock(self, order: str, lines: dict[str, int], ttl_seconds: int) -> None:
        """Reserves the units and takes them out of stock in one step (a committed reservation)."""
        await _call(
            "inventory",
            self._inventory.ReserveStock(
                inventory_service_pb2.ReserveStockRequest(
                    order=order,
                    ttl_seconds=ttl_seconds,
                    lines=[inventory_service_pb2.ReserveLine(sku=sku, quantity=q) for sku, q in lines.items()],
                    commit=True,
                )
            ),
        )

    async def reservation_state(self, order: str) -> str | None:
        try:
            response = await self._inventory.GetReservation(inventory_service_pb2.GetReservationRequest(order=order))
        except grpc.aio.AioRpcError as error:
            if _not_found(error):
                return None
            raise as_domain_error(error, "inventory") from error
        return RESERVATION_STATES[response.reservation.state]

    async def commit_stock(self, order: str) -> None:
        await _call(
            "inventory", self._inventory.CommitReservation(inventory_service_pb2.CommitReservationRequest(order=order))
        )

    async def release_stock(self, order: str) -> None:
        await _call(
            "inventory",
            self._inventory.ReleaseReservation(inventory_service_pb2.ReleaseReservationRequest(order=order)),
        )

    async def authorize(self, order: str, amount: Money, card: payment_pb2.Card, request_id: str) -> PaymentView:
        response = await _call(
            "payments",
            self._payments.AuthorizePayment(
                payments_service_pb2.AuthorizePaymentRequest(
                    order=order, amount=money.to_proto(amount), card=card, request_id=request_id
                )
            ),
        )
        return _payment(response.payment)

    async def payment(self, order: str) -> PaymentView | None:
        try:
            response = await self._payments.GetPayment(payments_service_pb2.GetPaymentRequest(order=order))
        except grpc.aio.AioRpcError as error:
            if _not_found(error):
                return None
            raise as_domain_error(error, "payments") from error
        return _payment(response.payment)

    async def capture(self, order: str) -> None:
        await _call("payments", self._payments.CapturePayment(payments_service_pb2.CapturePaymentRequest(order=order)))

    async def void(self, order: str) -> None:
        await _call("payments", self._payments.VoidPayment(payments_service_pb2.VoidPaymentRequest(order=order)))

    async def refund(self, order: str, amount: Money | None = None, refund_id: str = "") -> None:
        """Gives back ``amount`` once per ``refund_id``; without them, everything not given back yet."""
        request = payments_service_pb2.RefundPaymentRequest(order=order, refund_id=refund_id)
        if amount is not None:
            request.amount.CopyFrom(money.to_proto(amount))
        await _call("payments", self._payments.RefundPayment(request))

    async def restock(self, sku: str, quantity: int, request_id: str) -> None:
        """Puts returned units back on hand, once per request id, as the admin who received them."""
        await _call(
            "inventory",
            self._inventory.AdjustStock(
                inventory_service_pb2.AdjustStockRequest(sku=sku, delta=quantity, request_id=request_id),
                metadata=self._on_behalf_of_caller(),
            ),
        )

    async def create_shipment(
        self, order: str, address: dict[str, Any], lines: Sequence[Line], customer: str, currency: str
    ) -> None:
        await _call(
            "shipping",
            self._shipping.CreateShipment(
                shipping_service_pb2.CreateShipmentRequest(
                    order=order,
                    address=shipment_pb2.Address(**address),
                    units=sum(line.quantity for line in lines),
                    customer=customer,
                    currency_code=currency,
                    items=_parcel(lines),
                )
            ),
        )

    async def ship(self, order: str, carrier: str, tracking_number: str) -> None:
        await _call(
            "shipping",
            self._shipping.MarkShipped(
                shipping_service_pb2.MarkShippedRequest(order=order, carrier=carrier, tracking_number=tracking_number)
            ),
        )

    async def deliver(self, order: str) -> None:
        await _call("shipping", self._shipping.MarkDelivered(shipping_service_pb2.MarkDeliveredRequest(order=order)))

    async def cancel_shipment(self, order: str) -> None:
        await _call("shipping", self._shipping.CancelShipment(shipping_service_pb2.CancelShipmentRequest(order=order)))


def _parcel(lines: Sequence[Line]) -> list[shipment_pb2.ParcelItem]:
    """The lines as shipping weighs them: one item a line, its units and what one of them weighs and measures."""
    return [
        shipment_pb2.ParcelItem(
            units=line.quantity,
            weight_grams=line.package.weight_grams,
            length_mm=line.package.length_mm,
            width_mm=line.package.width_mm,
            height_mm=line.package.height_mm,
        )
        for line in lines
    ]


def _payment(payment: payment_pb2.Payment) -> PaymentView:
    decline = payment.card_decline_reason
    reason = "" if decline == payment_pb2.DECLINE_REASON_UNSPECIFIED else payment_pb2.DeclineReason.Name(decline)
    return PaymentView(PAYMENT_STATES[payment.state], payment.card_last4, reason.removeprefix("DECLINE_REASON_"))
