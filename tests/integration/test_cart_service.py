"""Carts in real Redis, priced from the real catalog."""

import asyncio
import uuid

import grpc
import pytest
from google.type import money_pb2

from shop.cart.v1 import cart_service_pb2 as pb
from shop.catalog.v1 import catalog_service_pb2 as catalog_pb
from shop.catalog.v1 import product_pb2
from tests.integration.conftest import register_and_login


@pytest.fixture(scope="module")
async def products(catalog, admin) -> list[product_pb2.Product]:
    category_id = f"it-cart-{uuid.uuid4().hex[:8]}"
    await catalog.CreateCategory(
        catalog_pb.CreateCategoryRequest(category_id=category_id, category=product_pb2.Category(display_name="Cart")),
        metadata=admin.metadata,
    )
    made = []
    for cents in (1250, 399):
        product = product_pb2.Product(
            sku=f"CART-{uuid.uuid4().hex[:8].upper()}",
            display_name="Cartable",
            category=f"categories/{category_id}",
            price=money_pb2.Money(currency_code="USD", units=cents // 100, nanos=cents % 100 * 10_000_000),
        )
        made.append(
            (
                await catalog.CreateProduct(catalog_pb.CreateProductRequest(product=product), metadata=admin.metadata)
            ).product
        )
    return made


def _anonymous() -> str:
    return f"carts/anonymous-{uuid.uuid4()}"


async def test_items_are_priced_from_the_catalog_and_adding_again_adds_up(cart, customer, products):
    shirt, socks = products
    await cart.AddCartItem(
        pb.AddCartItemRequest(cart="carts/me", product=shirt.name, quantity=2), metadata=customer.metadata
    )
    await cart.AddCartItem(
        pb.AddCartItemRequest(cart="carts/me", product=socks.name, quantity=1), metadata=customer.metadata
    )
    mine = (
        await cart.AddCartItem(
            pb.AddCartItemRequest(cart="carts/me", product=shirt.name, quantity=1), metadata=customer.metadata
        )
    ).cart
    assert [(i.product, i.quantity) for i in mine.items] == [(shirt.name, 3), (socks.name, 1)]
    assert mine.items[0].unit_price == shirt.price
    assert (mine.subtotal.units, mine.subtotal.nanos) == (41, 490_000_000)  # 3 x 12.50 + 3.99
    assert mine.name == customer.user_name.replace("users/", "carts/")


async def test_a_user_cart_needs_its_token_and_another_users_is_not_found(cart, customer, identity):
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await cart.GetCart(pb.GetCartRequest(name="carts/me"))
    assert error.value.code() == grpc.StatusCode.UNAUTHENTICATED
    other = await register_and_login(identity)
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await cart.GetCart(
            pb.GetCartRequest(name=other.user_name.replace("users/", "carts/")), metadata=customer.metadata
        )
    assert error.value.code() == grpc.StatusCode.NOT_FOUND


async def test_an_anonymous_cart_needs_no_token_and_merges_into_the_users_at_login(cart, customer, products):
    shirt, socks = products
    anonymous = _anonymous()
    await cart.AddCartItem(pb.AddCartItemRequest(cart=anonymous, product=shirt.name, quantity=2))
    await cart.AddCartItem(pb.AddCartItemRequest(cart=anonymous, product=socks.name, quantity=5))
    await cart.AddCartItem(
        pb.AddCartItemRequest(cart="carts/me", product=shirt.name, quantity=1), metadata=customer.metadata
    )
    merged = (
        await cart.MergeCart(pb.MergeCartRequest(name="carts/me", anonymous_cart=anonymous), metadata=customer.metadata)
    ).cart
    assert {(i.product, i.quantity) for i in merged.items} == {(shirt.name, 3), (socks.name, 5)}
    assert not (await cart.GetCart(pb.GetCartRequest(name=anonymous))).cart.items


async def test_quantities_are_limited_and_zero_removes_an_item(cart, products):
    shirt, _ = products
    anonymous = _anonymous()
    await cart.AddCartItem(pb.AddCartItemRequest(cart=anonymous, product=shirt.name, quantity=90))
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await cart.AddCartItem(pb.AddCartItemRequest(cart=anonymous, product=shirt.name, quantity=10))
    assert error.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert (await cart.GetCart(pb.GetCartRequest(name=anonymous))).cart.items[0].quantity == 90
    emptied = await cart.UpdateCartItem(pb.UpdateCartItemRequest(cart=anonymous, product=shirt.name, quantity=0))
    assert not emptied.cart.items


async def test_a_cart_holds_at_most_the_units_one_order_ships(cart, catalog, admin, products):
    """What the cart accepts, checkout can ship: ten lines of 99 and ten more units fill it, one more does not."""
    category = products[0].category
    made = []
    for _ in range(11):
        product = product_pb2.Product(
            sku=f"BULK-{uuid.uuid4().hex[:8].upper()}",
            display_name="Bulk",
            category=category,
            price=money_pb2.Money(currency_code="USD", units=1),
        )
        request = catalog_pb.CreateProductRequest(product=product)
        made.append((await catalog.CreateProduct(request, metadata=admin.metadata)).product)
    anonymous = _anonymous()
    for product in made[:10]:
        await cart.AddCartItem(pb.AddCartItemRequest(cart=anonymous, product=product.name, quantity=99))
    await cart.AddCartItem(pb.AddCartItemRequest(cart=anonymous, product=made[10].name, quantity=10))
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await cart.AddCartItem(pb.AddCartItemRequest(cart=anonymous, product=made[10].name, quantity=1))
    assert error.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "CART_UNITS_LIMIT" in str(error.value.trailing_metadata())
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await cart.UpdateCartItem(pb.UpdateCartItemRequest(cart=anonymous, product=made[10].name, quantity=11))
    assert error.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    fewer = await cart.UpdateCartItem(pb.UpdateCartItemRequest(cart=anonymous, product=made[0].name, quantity=1))
    assert sum(item.quantity for item in fewer.cart.items) == 1000 - 98


@pytest.mark.parametrize(
    "cart_id", ["anonymous-abc", "anonymous-", f"anonymous-{str(uuid.uuid4()).upper()}", "anonymous-" + "-" * 36]
)
async def test_an_anonymous_cart_id_that_is_not_a_uuid_is_invalid(cart, cart_id):
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await cart.GetCart(pb.GetCartRequest(name=f"carts/{cart_id}"))
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT


async def test_an_archived_or_unknown_product_cannot_be_added(cart, catalog, admin, products):
    _, socks = products
    await catalog.ArchiveProduct(catalog_pb.ArchiveProductRequest(name=socks.name), metadata=admin.metadata)
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await cart.AddCartItem(pb.AddCartItemRequest(cart=_anonymous(), product=socks.name, quantity=1))
    assert error.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await cart.AddCartItem(pb.AddCartItemRequest(cart=_anonymous(), product=f"products/{uuid.uuid4()}", quantity=1))
    assert error.value.code() == grpc.StatusCode.NOT_FOUND


async def test_concurrent_adds_never_lose_a_unit(cart, products):
    shirt, _ = products
    anonymous = _anonymous()
    await asyncio.gather(
        *(cart.AddCartItem(pb.AddCartItemRequest(cart=anonymous, product=shirt.name, quantity=1)) for _ in range(20))
    )
    assert (await cart.GetCart(pb.GetCartRequest(name=anonymous))).cart.items[0].quantity == 20


async def test_a_change_after_redis_dropped_its_connections_succeeds(cart, customer, products, infrastructure):
    """Redis restarted or dropped idle clients: the cart's pooled connections are dead, and the next changes
    (several at once, so several connections) are made on fresh ones, not refused."""
    import redis.asyncio as redis

    shirt, _ = products
    carts = [_anonymous() for _ in range(4)]

    async def add(name: str):  # type: ignore[no-untyped-def]
        return (await cart.AddCartItem(pb.AddCartItemRequest(cart=name, product=shirt.name, quantity=1))).cart

    await asyncio.gather(*(add(name) for name in carts))  # the pool now holds several connections
    async with redis.Redis.from_url(infrastructure.redis_url_as()) as admin_client:
        assert await admin_client.client_kill_filter(user="cart", skipme=True) >= 1
    changed = await asyncio.gather(*(add(name) for name in carts))
    assert [c.items[0].quantity for c in changed] == [2, 2, 2, 2]
