"""Cart's use cases: who owns which cart, pricing from the catalog, limits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from services.cart import domain
from services.cart.adapters.catalog_client import CatalogClient, ProductView
from services.cart.adapters.redis_store import RedisCarts
from services.cart.domain import Cart, Item, Pricing
from services.runtime.errors import (
    Aborted,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PreconditionViolation,
    Unauthenticated,
    Unavailable,
)
from services.runtime.tokens import Principal

CART = "cart.shopmesh.dev/Cart"
CART_ITEM = "cart.shopmesh.dev/CartItem"


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


def _items(cart: Cart) -> list[tuple[str, str, int]]:
    return [(item.product_id, item.variant_id, item.quantity) for item in cart.items]


def _by_key(pricing: Pricing, items: Sequence[Item]) -> Pricing:
    """The catalog's pricing (line discounts by the index of the line priced) by the cart's line keys."""
    discounts = {
        item.key: pricing.line_discounts[str(n)] for n, item in enumerate(items) if str(n) in pricing.line_discounts
    }
    return replace(pricing, line_discounts=discounts)


def _customer(cart: Cart) -> str:
    """Who a coupon's per-customer limit counts: a user; nobody for an anonymous cart (checkout counts them)."""
    return "" if cart.anonymous else f"users/{cart.owner}"


def _not_sold(view: ProductView) -> FailedPrecondition:
    if not view.product_active:
        return FailedPrecondition(
            [PreconditionViolation("STATE", f"products/{view.product_id}", "the product is no longer sold")],
            reason="PRODUCT_ARCHIVED",
        )
    return FailedPrecondition(
        [
            PreconditionViolation(
                "STATE", f"products/{view.product_id}/variants/{view.variant_id}", f"{view.sku} is no longer sold"
            )
        ],
        reason="VARIANT_ARCHIVED",
    )


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
            priced = await self._catalog.price(_items(cart), cart.coupon_code, _customer(cart), cart.currency_code)
        except (Unavailable, NotFound):  # the catalog is down, or a product in the cart was deleted since
            return None
        return _by_key(priced, cart.items)

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
        views = await self._catalog.lines([(item.product_id, item.variant_id) for item in cart.items], currency)
        prices = {item.key: view.price for item, view in zip(cart.items, views, strict=True)}

        def reprice(current: Cart) -> list[Item]:
            if any(item.key not in prices for item in current.items):
                raise _changed_meanwhile(current)
            return [replace(item, unit_price=prices[item.key]) for item in current.items]

        return await self._carts.change(owner, reprice, currency=currency)

    async def remove_coupon(self, owner: str) -> Cart:
        return await self._carts.change(owner, lambda current: list(current.items), coupon="")

    async def add(self, owner: str, product_id: str, variant_id: str, quantity: int) -> tuple[Cart, Pricing | None]:
        """Adds units of a variant (none named: the one of that product the cart has, or the product's only one;
        a product with several is INVALID_ARGUMENT VARIANT_REQUIRED); the cart, and what promotions take off it
        (None: price it again, it changed meanwhile).

        One call to the catalog prices the new item in the cart's currency and the cart as it will be."""
        before = await self._carts.get(owner)
        currency = before.currency_code
        if not variant_id:  # the cart's own line of the product (several: which one?)
            line = domain.line_of(before.items, product_id, "")
            variant_id = line.variant_id if line is not None else ""
        target = next((i for i in before.items if i.product_id == product_id and i.variant_id == variant_id), None)
        others = [i for i in before.items if i is not target]
        units = min((target.quantity if target else 0) + quantity, domain.MAX_QUANTITY)
        wanted = [*((i.product_id, i.variant_id, i.quantity) for i in others), (product_id, variant_id, units)]
        pricing: Pricing | None
        try:
            views, pricing = await self._catalog.quote(wanted, before.coupon_code, _customer(before), currency)
            view = views[-1]
        except NotFound as error:
            if error.resource_name.partition("/variants/")[0] == f"products/{product_id}":  # this one, or its variant
                raise
            view, pricing = (await self._catalog.lines([(product_id, variant_id)], currency))[0], None  # deleted since
        if target is None and not variant_id and view.active_variants > 1:
            raise InvalidArgument.field(
                "variant",
                f"products/{product_id} comes in {view.active_variants} variants: choose one",
                reason="VARIANT_REQUIRED",
            )
        if not view.active:
            raise _not_sold(view)
        # A line from before variants stays one; a new line is its variant's.
        line_variant = variant_id if target is not None else view.variant_id

        def edit(cart: Cart) -> list[Item]:
            if cart.currency_code != currency:  # its currency changed since the price was taken
                raise _changed_meanwhile(cart)
            current = next((i for i in cart.items if i.product_id == product_id and i.variant_id == line_variant), None)
            rest = [i for i in cart.items if i is not current]
            item = Item(
                product_id=product_id,
                sku=view.sku,
                display_name=view.display_name,
                quantity=quantity + (current.quantity if current else 0),
                unit_price=view.price,
                seq=current.seq if current else max((i.seq for i in cart.items), default=0) + 1,
                variant_id=line_variant,
                option_values=view.option_values,
            )
            domain.check_lines(rest, item)
            domain.check_quantity(item.variant or item.product, item.quantity)
            edited = sorted([*rest, item], key=lambda i: i.seq)
            domain.check_units(edited)
            return edited

        cart = await self._carts.change(owner, edit)
        if pricing is not None:
            priced = [i.key for i in others] + [line_variant or product_id]
            quantities = dict(zip(priced, (q for _, _, q in wanted), strict=True))
            if {i.key: i.quantity for i in cart.items} != quantities:
                pricing = None  # another change came in between: what was priced is not this cart
            else:
                keyed = {key: pricing.line_discounts[str(n)] for n, key in enumerate(priced)}
                pricing = replace(pricing, line_discounts=keyed)
        return cart, pricing

    async def set_quantity(self, owner: str, product_id: str, variant_id: str, quantity: int) -> Cart:
        def edit(cart: Cart) -> list[Item]:
            line = domain.line_of(cart.items, product_id, variant_id)
            if line is None:
                raise NotFound(CART_ITEM, f"{cart.name}/items/{variant_id or product_id}")
            edited = [
                replace(i, quantity=quantity) if i.key == line.key else i
                for i in cart.items
                if i.key != line.key or quantity > 0
            ]
            if sum(i.quantity for i in edited) > cart.total_quantity:  # fewer is always allowed
                domain.check_units(edited)
            return edited

        return await self._carts.change(owner, edit)

    async def remove(self, owner: str, product_id: str, variant_id: str) -> Cart:
        def edit(cart: Cart) -> list[Item]:
            line = domain.line_of(cart.items, product_id, variant_id)
            return [i for i in cart.items if line is None or i.key != line.key]

        return await self._carts.change(owner, edit)

    async def remove_ordered(self, owner: str, product_ids: list[str], variant_ids: list[str]) -> None:
        """What an order bought leaves the customer's cart (its variants' lines, and lines from before variants of
        its products); whatever they added since stays."""
        await self._carts.remove_lines(owner, [*variant_ids, *product_ids])

    async def clear(self, owner: str) -> Cart:
        await self._carts.delete(owner)  # one round trip: nothing of the old cart is needed
        return Cart(owner=owner, items=(), update_time=None)

    async def merge(self, owner: str, anonymous_owner: str) -> Cart:
        """Folds an anonymous cart into the user's: quantities add up, capped at the limits (units per product,
        products, units per cart: the user's own items first)."""
        anonymous = await self._carts.get(anonymous_owner)

        def edit(cart: Cart) -> list[Item]:
            items = {i.key: i for i in cart.items}
            seq = max((i.seq for i in cart.items), default=0)
            for extra in anonymous.items:
                mine = items.get(extra.key)
                if mine is None:
                    seq += 1
                    items[extra.key] = replace(extra, seq=seq)
                else:
                    total = min(mine.quantity + extra.quantity, domain.MAX_QUANTITY)
                    items[extra.key] = replace(mine, quantity=total)
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
