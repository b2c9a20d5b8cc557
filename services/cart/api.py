"""CartService over gRPC: parse the request, call the service layer, map the result to protobuf."""

from __future__ import annotations

import grpc

from services.cart import domain
from services.cart.domain import Cart, Pricing
from services.cart.service import CartService, owner_of
from services.runtime import call_context, money
from services.runtime.money import Money
from services.runtime.resource_versions import timestamp
from shop.cart.v1 import cart_pb2, cart_service_pb2_grpc
from shop.cart.v1 import cart_service_pb2 as pb
from shop.catalog.v1 import product_pb2


def cart_to_pb(cart: Cart, pricing: Pricing | None = None) -> cart_pb2.Cart:
    """The cart; with ``pricing``, its discounts and total too (CART_VIEW_FULL)."""
    subtotal = cart.subtotal(cart.currency_code or "USD")
    message = cart_pb2.Cart(
        name=cart.name,
        items=[
            cart_pb2.CartItem(
                product=i.product,
                sku=i.sku,
                display_name=i.display_name,
                quantity=i.quantity,
                unit_price=money.to_proto(i.unit_price),
                variant=i.variant,
                option_values=[product_pb2.OptionValue(option=name, value=value) for name, value in i.option_values],
            )
            for i in cart.items
        ],
        subtotal=money.to_proto(subtotal),
        total_quantity=cart.total_quantity,
        coupon_code=cart.coupon_code,
        currency_code=cart.currency_code,
    )
    if cart.update_time is not None:
        message.update_time.CopyFrom(timestamp(cart.update_time))
    if pricing is not None:
        for item, line in zip(cart.items, message.items, strict=True):
            line.discount.CopyFrom(money.to_proto(pricing.line_discounts.get(item.key, Money(subtotal.currency, 0))))
        discount = pricing.discount(subtotal.currency)
        message.discounts.extend(
            cart_pb2.CartDiscount(
                promotion=d.promotion,
                display_name=d.display_name,
                coupon_code=d.coupon_code,
                amount=money.to_proto(d.amount),
            )
            for d in pricing.discounts
        )
        message.discount.CopyFrom(money.to_proto(discount))
        message.total.CopyFrom(
            money.to_proto(Money(subtotal.currency, max(subtotal.minor_units - discount.minor_units, 0)))
        )
        message.coupon_problem = pricing.coupon_problem
    return message


def _owner(name: str, field: str = "name") -> str:
    return owner_of(name.removeprefix("carts/"), call_context.optional_caller(), field)


def _product_id(product: str) -> str:
    return product.removeprefix("products/")


def _variant_id(variant: str) -> str:
    """``products/{product}/variants/{variant}`` → its id; "" → ""."""
    return variant.rpartition("/variants/")[2]


class CartApi(cart_service_pb2_grpc.CartServiceServicer):
    def __init__(self, carts: CartService) -> None:
        self._carts = carts

    async def _full(self, cart: Cart) -> cart_pb2.Cart:
        return cart_to_pb(cart, await self._carts.pricing(cart))

    async def GetCart(self, request: pb.GetCartRequest, context: grpc.aio.ServicerContext) -> pb.GetCartResponse:
        cart = await self._carts.get(_owner(request.name))
        if request.view == pb.CART_VIEW_BASIC:
            return pb.GetCartResponse(cart=cart_to_pb(cart))
        return pb.GetCartResponse(cart=await self._full(cart))

    async def ApplyCoupon(
        self, request: pb.ApplyCouponRequest, context: grpc.aio.ServicerContext
    ) -> pb.ApplyCouponResponse:
        cart = await self._carts.apply_coupon(_owner(request.cart, "cart"), request.coupon_code)
        return pb.ApplyCouponResponse(cart=await self._full(cart))

    async def SetCartCurrency(
        self, request: pb.SetCartCurrencyRequest, context: grpc.aio.ServicerContext
    ) -> pb.SetCartCurrencyResponse:
        cart = await self._carts.set_currency(_owner(request.cart, "cart"), request.currency_code)
        return pb.SetCartCurrencyResponse(cart=await self._full(cart))

    async def RemoveCoupon(
        self, request: pb.RemoveCouponRequest, context: grpc.aio.ServicerContext
    ) -> pb.RemoveCouponResponse:
        return pb.RemoveCouponResponse(
            cart=await self._full(await self._carts.remove_coupon(_owner(request.cart, "cart")))
        )

    async def AddCartItem(
        self, request: pb.AddCartItemRequest, context: grpc.aio.ServicerContext
    ) -> pb.AddCartItemResponse:
        cart, pricing = await self._carts.add(
            _owner(request.cart, "cart"), _product_id(request.product), _variant_id(request.variant), request.quantity
        )
        return pb.AddCartItemResponse(cart=cart_to_pb(cart, pricing) if pricing is not None else await self._full(cart))

    async def UpdateCartItem(
        self, request: pb.UpdateCartItemRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateCartItemResponse:
        cart = await self._carts.set_quantity(
            _owner(request.cart, "cart"), _product_id(request.product), _variant_id(request.variant), request.quantity
        )
        return pb.UpdateCartItemResponse(cart=await self._full(cart))

    async def RemoveCartItem(
        self, request: pb.RemoveCartItemRequest, context: grpc.aio.ServicerContext
    ) -> pb.RemoveCartItemResponse:
        cart = await self._carts.remove(
            _owner(request.cart, "cart"), _product_id(request.product), _variant_id(request.variant)
        )
        return pb.RemoveCartItemResponse(cart=await self._full(cart))

    async def RemoveOrderedItems(
        self, request: pb.RemoveOrderedItemsRequest, context: grpc.aio.ServicerContext
    ) -> pb.RemoveOrderedItemsResponse:
        # Internal (only orders is admitted): the customer is named by the request, not by a user token.
        owner = request.cart.removeprefix("carts/")
        await self._carts.remove_ordered(
            owner, [_product_id(p) for p in request.products], [_variant_id(v) for v in request.variants]
        )
        return pb.RemoveOrderedItemsResponse()

    async def ClearCart(self, request: pb.ClearCartRequest, context: grpc.aio.ServicerContext) -> pb.ClearCartResponse:
        return pb.ClearCartResponse(cart=cart_to_pb(await self._carts.clear(_owner(request.name)), Pricing()))

    async def MergeCart(self, request: pb.MergeCartRequest, context: grpc.aio.ServicerContext) -> pb.MergeCartResponse:
        owner = _owner(request.name)
        anonymous = request.anonymous_cart.removeprefix("carts/")
        domain.check_anonymous_id(anonymous, "anonymous_cart")
        cart = await self._carts.merge(owner, anonymous)
        return pb.MergeCartResponse(cart=await self._full(cart))
