"""Carts in Redis: one hash per cart (line key → JSON item: the variant id, or the product id of a line from before
variants), every change an optimistic transaction (WATCH/MULTI), so concurrent adds never lose a unit. Untouched
carts expire."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime

import redis.asyncio as redis
from redis import exceptions as redis_errors
from redis.exceptions import WatchError

from services.cart.domain import Cart, Item
from services.runtime.money import Money
from services.runtime.telemetry import client_span

_META = "~meta"
# The coupon code the shopper entered and the currency they chose, beside the items (a product id never starts
# with "~"). The currency outlives the items: a shopper may choose it before adding anything.
_COUPON = "~coupon"
_CURRENCY = "~currency"
_SPAN = {"db.system": "redis"}


def _key(owner: str) -> str:
    return f"cart:{owner}"


def _decode(owner: str, raw: dict[bytes, bytes]) -> Cart:
    meta = json.loads(raw.pop(_META.encode(), b"{}"))
    coupon = raw.pop(_COUPON.encode(), b"").decode()
    currency = raw.pop(_CURRENCY.encode(), b"").decode()
    items = []
    for key, value in raw.items():
        data = json.loads(value)
        items.append(
            Item(
                product_id=data.get("product_id") or key.decode(),
                sku=data["sku"],
                display_name=data["display_name"],
                quantity=data["quantity"],
                unit_price=Money(data["currency"], data["unit_minor"]),
                seq=data["seq"],
                variant_id=data.get("variant_id", ""),
                option_values=tuple((name, value) for name, value in data.get("option_values", ())),
            )
        )
    updated = datetime.fromisoformat(meta["update_time"]) if "update_time" in meta else None
    return Cart(
        owner=owner,
        items=tuple(sorted(items, key=lambda i: i.seq)),
        update_time=updated,
        coupon_code=coupon,
        currency_code=currency,
    )


def _encode(item: Item) -> str:
    return json.dumps(
        {
            "sku": item.sku,
            "display_name": item.display_name,
            "quantity": item.quantity,
            "currency": item.unit_price.currency,
            "unit_minor": item.unit_price.minor_units,
            "seq": item.seq,
            "product_id": item.product_id,
            "variant_id": item.variant_id,
            "option_values": [list(pair) for pair in item.option_values],
        }
    )


# A pooled connection Redis closed while it sat idle (a restart, a dropped client) fails on its first use; a
# change that fails while reading has written nothing, so it is tried again on fresh connections, as often as the
# pool may hold dead ones.
_RECONNECTS = 16


class _DeadBeforeWriting(Exception):
    def __init__(self, error: redis_errors.ConnectionError) -> None:
        super().__init__(str(error))
        self.error = error


class RedisCarts:
    def __init__(self, client: redis.Redis, *, ttl: Callable[[str], int]) -> None:
        self._redis = client
        self._ttl = ttl

    async def get(self, owner: str) -> Cart:
        with client_span("redis HGETALL", **_SPAN):
            return _decode(owner, await self._redis.hgetall(_key(owner)))

    async def change(
        self,
        owner: str,
        edit: Callable[[Cart], list[Item]],
        *,
        coupon: str | None = None,
        currency: str | None = None,
    ) -> Cart:
        """Applies ``edit`` (current cart → new items) atomically, and sets the coupon code when ``coupon`` is given
        ("" takes it off); retries when another change won, and once on a fresh connection when the first read
        found its connection dead (nothing was written yet)."""
        key = _key(owner)
        reconnects = _RECONNECTS
        while True:
            with client_span("redis cart change (WATCH, HGETALL, MULTI)", **_SPAN):
                try:
                    cart = await self._try_change(owner, key, edit, coupon, currency)
                except _DeadBeforeWriting as dead:
                    if reconnects == 0:
                        raise dead.error from None
                    reconnects -= 1
                    continue
            if cart is not None:
                return cart

    async def _try_change(
        self, owner: str, key: str, edit: Callable[[Cart], list[Item]], coupon: str | None, currency: str | None
    ) -> Cart | None:
        """One optimistic attempt: the new cart, or None when another change won the race."""
        async with self._redis.pipeline(transaction=True) as pipe:
            try:
                try:
                    await pipe.watch(key)
                    current = _decode(owner, await pipe.hgetall(key))
                except redis_errors.ConnectionError as error:
                    raise _DeadBeforeWriting(error) from error
                items = edit(current)
                code = (current.coupon_code if coupon is None else coupon) if items else ""
                chosen = current.currency_code if currency is None else currency
                now = datetime.now(UTC)
                pipe.multi()
                pipe.delete(key)
                if items or chosen:
                    mapping = {item.key: _encode(item) for item in items}
                    mapping[_META] = json.dumps({"update_time": now.isoformat()})
                    if code:
                        mapping[_COUPON] = code
                    if chosen:
                        mapping[_CURRENCY] = chosen
                    pipe.hset(key, mapping=mapping)
                    pipe.expire(key, self._ttl(owner))
                await pipe.execute()
            except WatchError:
                return None
        return Cart(
            owner=owner,
            items=tuple(items),
            update_time=now if items or chosen else None,
            coupon_code=code,
            currency_code=chosen,
        )

    async def remove_lines(self, owner: str, keys: list[str]) -> None:
        """Drops these lines (by key), and the coupon an order used, from the cart: one HDEL (atomic, no read)."""
        with client_span("redis HDEL", **_SPAN):
            await self._redis.hdel(_key(owner), *keys, _COUPON)

    async def delete(self, owner: str) -> None:
        with client_span("redis DEL", **_SPAN):
            await self._redis.delete(_key(owner))

    async def ping(self) -> bool:
        try:
            return bool(await self._redis.ping())
        except Exception:
            return False
