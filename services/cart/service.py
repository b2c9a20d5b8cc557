"""Cart's use cases: who owns which cart, pricing from the catalog, limits."""

from __future__ import annotations

from dataclasses import replace

from services.cart import domain
from services.cart.adapters.catalog_client import CatalogClient
from services.cart.adapters.redis_store import RedisCarts
from services.cart.domain import Cart, Item, Pricing
from services.runtime.errors import (
    Aborted,
    FailedPrecondition,
    NotFound,
    PreconditionViolation,
    Unauthenticated,
    Unavailable,
)
from services.runtime.tokens import Principal

CART = "cart.shopmesh.dev/Cart"


def owner_of(cart_id: str, caller: Principal | None, field: str = "name") -> str:
    """The cart an id names for this caller: ``me`` is theirs, an anonymous id anybody's who knows it (a random
    UUID: nothing shorter is guessed), and a user's id only that user's (anyone else is told it does not
    exist)."""
    if cart_id.startswith(domain.ANONYMOUS_PREFIX):
        domain.check_anonymous_id(cart_id, field)
        return cart_id
    if caller is None:
        raise Unauthenticated("a user's cart needs their access token", reason="TOKEN_REQUIRED")
    if cart_id in ("me", caller.user_id):
        return caller.user_id
    raise NotFound(CART, f"carts/{cart_id}")


def _changed_meanwhile(cart: Cart) -> Aborted:
    return Aborted("the cart changed while this was priced; try again", metadata={"resource": cart.name})


def _items(cart: Cart) -> list[tuple[str, int]]:
    return [(item.product_id, item.quantity) for item in cart.items]


def _customer(cart: Cart) -> str:
    """Who a coupon's per-customer limit counts: a user; nobody for an anonymous cart (checkout counts them)."""
    return "" if cart.anonymous else f"users/{cart.owner}"


class CartService:
    def __init__(self, carts: RedisCarts, catalog: CatalogClient) -> None:
        self._carts = carts
        self._catalog = catalog

    async def get(self, owner: str) -> Cart:
        return await self._carts.get(owner)

    async def pricing(self, cart: Cart) -> Pricing | None:
        """What promotions take off the cart now; None when the catalog cannot say (the cart still shows)."""
        if not cart.items:
            return Pricing()
        try:
            return await self._catalog.price(_items(cart), cart.coupon_code, _customer(cart), cart.currency_code)
        except (Unavailable, NotFound):  # the catalog is down, or a product in the cart was deleted since
            return None

    async def apply_coupon(self, owner: str, coupon_code: str) -> Cart:
        cart = await self._carts.get(owner)
        if not cart.items:
            raise FailedPrecondition(
                [PreconditionViolation("CART", cart.name, "add something before entering a coupon")],
                reason="CART_EMPTY",
            )
        # Why not, if it cannot apply now:
        await self._catalog.check_coupon(_items(cart), coupon_code, _customer(cart), cart.currency_code)
        return await self._carts.change(owner, lambda current: list(current.items), coupon=coupon_code.upper())

    async def set_currency(self, owner: str, currency: str) -> Cart:
        """Every item priced again in ``currency`` (one the shop sells in): the cart is in one currency."""
        cart = await self._carts.get(owner)
        if not cart.items:
            if currency not in await self._catalog.sold_currencies():
                raise FailedPrecondition(
                    [PreconditionViolation("CURRENCY", f"currencies/{currency}", "the shop does not sell in it")],
                    reason="CURRENCY_NOT_SOLD",
                )
            return await self._carts.change(owner, lambda current: list(current.items), currency=currency)
        products = await self._catalog.products([item.product_id for item in cart.items], currency)

        def reprice(current: Cart) -> list[Item]:
            if any(item.product_id not in products for item in current.items):
                raise _changed_meanwhile(current)
            return [replace(item, unit_price=products[item.product_id].price) for item in current.items]

        return await self._carts.change(owner, reprice, currency=currency)

    async def remove_coupon(self, owner: str) -> Cart:
        return await self._carts.change(owner, lambda current: list(current.items), coupon="")

    async def add(self, owner: str, product_id: str, quantity: int) -> tuple[Cart, Pricing | None]:
        """Adds the units; the cart, and what promotions take off it (None: price it again, it changed meanwhile).

        One call to the catalog prices the new item in the cart's currency and the cart as it will be."""
        before = await self._carts.get(owner)
        currency = before.currency_code
        wanted = {item.product_id: item.quantity for item in before.items}
        wanted[product_id] = min(wanted.get(product_id, 0) + quantity, domain.MAX_QUANTITY)
        pricing: Pricing | None
        try:
            products, pricing = await self._catalog.quote(
                list(wanted.items()), before.coupon_code, _customer(before), currency
            )
        except NotFound as error:
            if error.resource_name == f"products/{product_id}":
                raise
            products, pricing = await self._catalog.products([product_id], currency), None  # one was deleted since
        product = products[product_id]
        if not product.active:
            raise FailedPrecondition(
                [PreconditionViolation("STATE", f"products/{product_id}", "the product is no longer sold")],
                reason="PRODUCT_ARCHIVED",
            )

        def edit(cart: Cart) -> list[Item]:
            if cart.currency_code != currency:  # its currency changed since the price was taken
                raise _changed_meanwhile(cart)
            domain.check_lines(cart.items, product_id)
            items = list(cart.items)
            current = next((i for i in items if i.product_id == product_id), None)
            total = quantity + (current.quantity if current else 0)
            domain.check_quantity(f"products/{product_id}", total)
            item = Item(
                product_id=product_id,
                sku=product.sku,
                display_name=product.display_name,
                quantity=total,
                unit_price=product.price,
                seq=current.seq if current else max((i.seq for i in items), default=0) + 1,
            )
            edited = [item if i.product_id == product_id else i for i in items] if current else [*items, item]
            domain.check_units(edited)
            return edited

        cart = await self._carts.change(owner, edit)
        if {item.product_id: item.quantity for item in cart.items} != wanted:
            pricing = None  # another change came in between: what was priced is not this cart
        return cart, pricing

    async def set_quantity(self, owner: str, product_id: str, quantity: int) -> Cart:
        def edit(cart: Cart) -> list[Item]:
            if all(i.product_id != product_id for i in cart.items):
                raise NotFound("catalog.shopmesh.dev/Product", f"products/{product_id}")
            edited = [
                replace(i, quantity=quantity) if i.product_id == product_id else i
                for i in cart.items
                if i.product_id != product_id or quantity > 0
            ]
            if sum(i.quantity for i in edited) > cart.total_quantity:  # fewer is always allowed
                domain.check_units(edited)
            return edited

        return await self._carts.change(owner, edit)

    async def remove(self, owner: str, product_id: str) -> Cart:
        return await self._carts.change(owner, lambda cart: [i for i in cart.items if i.product_id != product_id])

    async def remove_ordered(self, owner: str, product_ids: list[str]) -> None:
        """What an order bought leaves the customer's cart; whatever they added since stays."""
        await self._carts.remove_products(owner, product_ids)

    async def clear(self, owner: str) -> Cart:
        await self._carts.delete(owner)  # one round trip: nothing of the old cart is needed
        return Cart(owner=owner, items=(), update_time=None)

    async def merge(self, owner: str, anonymous_owner: str) -> Cart:
        """Folds an anonymous cart into the user's: quantities add up, capped at the limits (units per product,
        products, units per cart: the user's own items first)."""
        anonymous = await self._carts.get(anonymous_owner)

        def edit(cart: Cart) -> list[Item]:
            items = {i.product_id: i for i in cart.items}
            seq = max((i.seq for i in cart.items), default=0)
            for extra in anonymous.items:
                mine = items.get(extra.product_id)
                if mine is None:
                    seq += 1
                    items[extra.product_id] = replace(extra, seq=seq)
                else:
                    total = min(mine.quantity + extra.quantity, domain.MAX_QUANTITY)
                    items[extra.product_id] = replace(mine, quantity=total)
            return domain.within_limits(sorted(items.values(), key=lambda i: i.seq))

        mine = await self._carts.get(owner)
        currency = mine.currency_code or anonymous.currency_code
        merged = await self._carts.change(
            owner, edit, coupon=mine.coupon_code or anonymous.coupon_code, currency=currency
        )
        if any(item.unit_price.currency != merged.items[0].unit_price.currency for item in merged.items):
            merged = await self.set_currency(owner, currency or merged.items[0].unit_price.currency)
        await self._carts.delete(anonymous_owner)
        return merged
