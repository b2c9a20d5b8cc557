"""CartService over gRPC: parse the request, call the service layer, map the result to protobuf."""

from __future__ import annotations

import grpc

from services.cart.domain import Cart
from services.cart.service import CartService, owner_of
from services.runtime import call_context, money
from services.runtime.resource_versions import timestamp
from shop.cart.v1 import cart_pb2, cart_service_pb2_grpc
from shop.cart.v1 import cart_service_pb2 as pb


def cart_to_pb(cart: Cart) -> cart_pb2.Cart:
    message = cart_pb2.Cart(
        name=cart.name,
        items=[
            cart_pb2.CartItem(
                product=i.product,
                sku=i.sku,
                display_name=i.display_name,
                quantity=i.quantity,
                unit_price=money.to_proto(i.unit_price),
            )
            for i in cart.items
        ],
        subtotal=money.to_proto(cart.subtotal()),
        total_quantity=cart.total_quantity,
    )
    if cart.update_time is not None:
        message.update_time.CopyFrom(timestamp(cart.update_time))
    return message


def _owner(name: str) -> str:
    return owner_of(name.removeprefix("carts/"), call_context.optional_caller())


def _product_id(product: str) -> str:
    return product.removeprefix("products/")


class CartApi(cart_service_pb2_grpc.CartServiceServicer):
    def __init__(self, carts: CartService) -> None:
        self._carts = carts

    async def GetCart(self, request: pb.GetCartRequest, context: grpc.aio.ServicerContext) -> pb.GetCartResponse:
        return pb.GetCartResponse(cart=cart_to_pb(await self._carts.get(_owner(request.name))))

    async def AddCartItem(
        self, request: pb.AddCartItemRequest, context: grpc.aio.ServicerContext
    ) -> pb.AddCartItemResponse:
        cart = await self._carts.add(_owner(request.cart), _product_id(request.product), request.quantity)
        return pb.AddCartItemResponse(cart=cart_to_pb(cart))

    async def UpdateCartItem(
        self, request: pb.UpdateCartItemRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateCartItemResponse:
        cart = await self._carts.set_quantity(_owner(request.cart), _product_id(request.product), request.quantity)
        return pb.UpdateCartItemResponse(cart=cart_to_pb(cart))

    async def RemoveCartItem(
        self, request: pb.RemoveCartItemRequest, context: grpc.aio.ServicerContext
    ) -> pb.RemoveCartItemResponse:
        cart = await self._carts.remove(_owner(request.cart), _product_id(request.product))
        return pb.RemoveCartItemResponse(cart=cart_to_pb(cart))

    async def RemoveOrderedItems(
        self, request: pb.RemoveOrderedItemsRequest, context: grpc.aio.ServicerContext
    ) -> pb.RemoveOrderedItemsResponse:
        # Internal (only orders is admitted): the customer is named by the request, not by a user token.
        owner = request.cart.removeprefix("carts/")
        await self._carts.remove_ordered(owner, [_product_id(p) for p in request.products])
        return pb.RemoveOrderedItemsResponse()

    async def ClearCart(self, request: pb.ClearCartRequest, context: grpc.aio.ServicerContext) -> pb.ClearCartResponse:
        return pb.ClearCartResponse(cart=cart_to_pb(await self._carts.clear(_owner(request.name))))

    async def MergeCart(self, request: pb.MergeCartRequest, context: grpc.aio.ServicerContext) -> pb.MergeCartResponse:
        owner = _owner(request.name)
        cart = await self._carts.merge(owner, request.anonymous_cart.removeprefix("carts/"))
        return pb.MergeCartResponse(cart=cart_to_pb(cart))
