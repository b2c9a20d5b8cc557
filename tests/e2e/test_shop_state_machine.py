"""A stateful search over the REST API: shoppers and an admin do random sequences of cart edits, coupons, currency
switches, saved addresses, checkouts (approved and declined cards, typed or saved addresses), cancels, shipping,
returns, refunds, price changes and archiving, over products with one variant and with several, and after every
step the shop's books hold:

- no answer is a 5xx;
- every shopper's cart can be read;
- stock is conserved: what each SKU has available is what it received (before the sequence and from suppliers
  during it), less the units of every order that was not cancelled, plus the units its received returns put back;
- money is conserved: every order's payment took its total and paid back exactly what the order says it
  refunded.

``make test`` runs a small budget (SHOPMESH_STATE_MACHINE_EXAMPLES sequences of up to
SHOPMESH_STATE_MACHINE_STEPS steps); ``make explore`` runs a long one.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections import Counter

import grpc
import httpx
import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from scripts.mesh import Profile
from shop.payments.v1 import payment_pb2, payments_service_pb2, payments_service_pb2_grpc
from tests.e2e.conftest import RestUser, as_service, login, register
from tests.e2e.shopping import ADDRESS, APPROVED, DECLINED, FRESH, card_json, cents, new_product

EXAMPLES = int(os.environ.get("SHOPMESH_STATE_MACHINE_EXAMPLES", "4"))
STEPS = int(os.environ.get("SHOPMESH_STATE_MACHINE_STEPS", "15"))
RECEIVED = 40  # units each product is stocked with
PICK = st.integers(0, 1_000_000)  # which of the sequence's orders (or lines) a rule acts on, modulo their number
# States in which an order holds its units (a cancelled one gave them back).
HOLDING = {"STATE_CONFIRMED", "STATE_SHIPPED", "STATE_DELIVERED", "STATE_PARTIALLY_REFUNDED", "STATE_REFUNDED"}


# Access tokens live 15 minutes (identity's access_token_ttl_seconds); a long run logs everyone in again.
RELOGIN_AFTER_SECONDS = 10 * 60

TALLY: Counter[str] = Counter()  # what the run did: "<method> <route> <status>" and the invariants checked


def _ok(response: httpx.Response) -> httpx.Response:
    route = "/".join("*" if len(part) > 20 else part for part in response.request.url.path.split("/"))
    reason = ""
    if 400 <= response.status_code < 500:
        details = response.json().get("details", [])
        reason = " " + next((d["reason"] for d in details if "reason" in d), "")
    TALLY[f"{response.request.method} {route} {response.status_code}{reason}"] += 1
    assert response.status_code < 500, (
        f"{response.request.method} {response.request.url}: {response.status_code} {response.text}"
    )
    return response


async def _payment(mesh: Profile, order: str) -> payment_pb2.Payment | None:
    async with grpc.aio.insecure_channel(mesh.target("payments")) as channel:
        try:
            answer = await payments_service_pb2_grpc.PaymentsServiceStub(channel).GetPayment(
                payments_service_pb2.GetPaymentRequest(order=order), metadata=await as_service(mesh, "orders")
            )
        except grpc.aio.AioRpcError as error:
            if error.code() == grpc.StatusCode.NOT_FOUND:
                return None
            raise
    return answer.payment


def _item(product: dict, variant: dict | None = None) -> dict:
    """What a shopper can put in the cart: a product, and the variant when it has several."""
    variant_name = variant["name"] if variant else ""
    return {"product": product["name"], "variant": variant_name, "sku": (variant or product)["sku"]}


def _two_sizes(rest: httpx.Client, admin: RestUser) -> list[dict]:
    """A product in Size S and M, each variant stocked with RECEIVED units."""
    options = [{"name": "Size", "values": ["S", "M"]}]
    tee = new_product(rest, admin, cents=1800, stock=0, display_name="Machine Tee", options=options)
    generated = rest.post(f"/v1/{tee['name']}:generateVariants", headers=admin.headers, json={})
    assert generated.status_code == 200, generated.text
    variants = sorted(generated.json()["product"]["variants"], key=lambda v: v["option_values"][0]["value"])
    for variant in variants:
        stocked = rest.post(
            "/v1/stockLevels:adjust", headers=admin.headers, json={"sku": variant["sku"], "delta": RECEIVED}
        )
        assert stocked.status_code == 200, stocked.text
    return [_item(tee, variant) for variant in variants]


@pytest.fixture(scope="module")
def shop(rest: httpx.Client, admin: RestUser) -> dict:
    products = [
        new_product(rest, admin, cents=1250 + 100 * n, stock=RECEIVED, display_name=f"Machine Thing {n}")
        for n in range(2)
    ]
    # What is for sale all run long: two one-variant products and the two sizes of a tee; each sequence adds a
    # product of its own that the admin may archive (archiving cannot be undone).
    items = [_item(p) for p in products] + _two_sizes(rest, admin)
    code = f"MACHINE{uuid.uuid4().hex[:6].upper()}"
    created = rest.post(
        "/v1/promotions",
        headers=admin.headers,
        json={
            "display_name": "Machine ten off",
            "kind": "KIND_PERCENT_OFF",
            "percent_off": 10,
            "coupon_code": code,
            "start_time": "2026-01-01T00:00:00Z",
            "end_time": "2099-01-01T00:00:00Z",
            "products": [p["name"] for p in products],
        },
    )
    assert created.status_code == 200, created.text
    # Three shoppers: each account may check out 20 times a minute at the gateway.
    return {"products": products, "items": items, "coupon": code, "shoppers": [register(rest) for _ in range(3)]}


def test_the_books_hold_after_any_sequence_of_shopping(rest: httpx.Client, admin: RestUser, mesh: Profile, shop):
    products, shoppers = shop["products"], shop["shoppers"]
    logged_in = [time.monotonic()]

    def stay_logged_in() -> None:
        """Everyone's token renewed (in place) once it is older than RELOGIN_AFTER_SECONDS."""
        if time.monotonic() - logged_in[0] < RELOGIN_AFTER_SECONDS:
            return
        for person in (admin, *shoppers):
            person.token = login(rest, person.email, person.password)["access_token"]
        logged_in[0] = time.monotonic()
        TALLY["logins renewed"] += 1

    class Shop(RuleBasedStateMachine):
        @initialize()
        def empty_carts(self) -> None:
            stay_logged_in()
            self.orders: dict[str, RestUser] = {}  # every order placed in this run, and whose
            self.restocked: Counter[str] = Counter()  # units put back by received returns
            self.received: Counter[str] = Counter()  # units delivered by suppliers during the sequence
            seasonal = new_product(rest, admin, cents=900, stock=RECEIVED, display_name="Machine Seasonal")
            self.seasonal = seasonal["name"]
            self.items = [*shop["items"], _item(seasonal)]
            self.skus = [item["sku"] for item in self.items]
            # Each sequence starts from the shop as the ones before left it (their orders keep their units).
            self.earlier = {order["name"] for shopper in shoppers for order in _orders(rest, shopper)}
            self.baseline = {
                sku: int(a["available"]) for sku, a in zip(self.skus, _availability(rest, self.skus), strict=True)
            }
            TALLY["sequences"] += 1
            for n, shopper in enumerate(shoppers):  # each starts with something to buy
                _ok(rest.post("/v1/carts/me:clear", headers=shopper.headers, json={}))
                _ok(rest.post("/v1/carts/me:addItem", headers=shopper.headers, json=self._line(n, 1)))
            # And the sequence has an order from the start, so the rules about orders (cancel, ship, return, refund)
            # have one to act on however few steps hypothesis draws (a short sequence had none to reach).
            self.checkout(0, APPROVED, saved=False)
            _ok(rest.post("/v1/carts/me:addItem", headers=shoppers[0].headers, json=self._line(0, 1)))

        def _line(self, which: int, quantity: int) -> dict:
            item = self.items[which % len(self.items)]
            return {"product": item["product"], "variant": item["variant"], "quantity": quantity}

        # --- shoppers ---------------------------------------------------------------------------------

        @rule(who=st.sampled_from([0, 1, 2]), which=st.integers(0, 4), quantity=st.integers(1, 3))
        def add(self, who: int, which: int, quantity: int) -> None:
            _ok(rest.post("/v1/carts/me:addItem", headers=shoppers[who].headers, json=self._line(which, quantity)))

        @rule(who=st.sampled_from([0, 1, 2]), which=st.integers(0, 4), quantity=st.integers(0, 3))
        def change(self, who: int, which: int, quantity: int) -> None:
            _ok(rest.post("/v1/carts/me:updateItem", headers=shoppers[who].headers, json=self._line(which, quantity)))

        @rule(who=st.sampled_from([0, 1, 2]), apply=st.booleans())
        def coupon(self, who: int, apply: bool) -> None:
            shopper = shoppers[who]
            if apply:
                body = {"coupon_code": shop["coupon"]}
                _ok(rest.post("/v1/carts/me:applyCoupon", headers=shopper.headers, json=body))
            else:
                _ok(rest.post("/v1/carts/me:removeCoupon", headers=shopper.headers, json={}))

        @rule(who=st.sampled_from([0, 1, 2]), currency=st.sampled_from(["USD", "EUR"]))
        def currency(self, who: int, currency: str) -> None:
            shopper = shoppers[who]
            body = {"currency_code": currency}
            _ok(rest.post("/v1/carts/me:setCurrency", headers=shopper.headers, json=body))

        @rule(who=st.sampled_from([0, 1, 2]), recipient=st.sampled_from(["Ann Lee", "Bo Chen"]))
        def save_address(self, who: int, recipient: str) -> None:
            """The shopper's book takes 20 addresses; past that, a 4xx."""
            body = {"label": recipient.split()[0], "address": {**ADDRESS, "recipient": recipient}}
            _ok(rest.post("/v1/users/me/addresses", headers=shoppers[who].headers, json=body))

        @rule(who=st.sampled_from([0, 1, 2]), card=st.sampled_from([APPROVED, APPROVED, DECLINED]), saved=st.booleans())
        def checkout(self, who: int, card: str, saved: bool) -> None:
            """To a typed address, or the default of the shopper's book (a 4xx while the book is empty)."""
            shopper = shoppers[who]
            body = {"request_id": str(uuid.uuid4()), "card": card_json(card)}
            if saved:
                body["saved_address"] = "users/me/addresses/default"
            else:
                body["shipping_address"] = ADDRESS
            answer = _ok(rest.post("/v1/orders:checkout", headers=shopper.headers, json=body))
            if answer.status_code == 200:
                self.orders[answer.json()["order"]["name"]] = shopper
            else:  # refused (declined, sold out, empty cart): the attempt may be in the history, cancelled
                for order in _orders(rest, shopper):
                    if order["name"] not in self.earlier:
                        self.orders.setdefault(order["name"], shopper)

        def _pick(self, pick: int) -> str | None:
            """One of this sequence's orders, or None before the first. (Drawn as a number, not from the orders:
            which checkouts succeed is the live shop's business, and what hypothesis draws must not depend on it.)"""
            return sorted(self.orders)[pick % len(self.orders)] if self.orders else None

        @rule(pick=PICK)
        def cancel(self, pick: int) -> None:
            if (name := self._pick(pick)) is None:
                return
            _ok(rest.post(f"/v1/{name}:cancel", headers=self.orders[name].headers, json={}))

        # --- the shop ---------------------------------------------------------------------------------

        @rule(pick=PICK)
        def ship_and_deliver(self, pick: int) -> None:
            if (name := self._pick(pick)) is None:
                return
            body = {"carrier": "UPS", "tracking_number": "1Z999"}
            if _ok(rest.post(f"/v1/{name}:ship", headers=admin.headers, json=body)).status_code == 200:
                _ok(rest.post(f"/v1/{name}:deliver", headers=admin.headers, json={}))

        @rule(pick=PICK, line_pick=PICK)
        def return_one_unit(self, pick: int, line_pick: int) -> None:
            if (name := self._pick(pick)) is None:
                return
            shopper = self.orders[name]
            order = _ok(rest.get(f"/v1/{name}", headers={**shopper.headers, **FRESH})).json().get("order")
            if not order or not order["lines"]:
                return
            if order["state"] == "STATE_CONFIRMED":  # it arrives first: only a delivered order can be returned
                shipped = rest.post(
                    f"/v1/{name}:ship", headers=admin.headers, json={"carrier": "UPS", "tracking_number": "1Z9"}
                )
                if _ok(shipped).status_code == 200:
                    _ok(rest.post(f"/v1/{name}:deliver", headers=admin.headers, json={}))
            line = order["lines"][line_pick % len(order["lines"])]
            asked = _ok(
                rest.post(
                    f"/v1/{name}/returns",
                    headers=shopper.headers,
                    json={
                        "request_id": str(uuid.uuid4()),
                        "lines": [{"product": line["product"], "variant": line["variant"], "quantity": 1}],
                    },
                )
            )
            if asked.status_code != 200:
                return
            order_return = asked.json()["order_return"]["name"]
            _ok(rest.post(f"/v1/{order_return}:approve", headers=admin.headers, json={}))
            if _ok(rest.post(f"/v1/{order_return}:receive", headers=admin.headers, json={})).status_code == 200:
                self.restocked[line["sku"]] += 1

        @rule(pick=PICK)
        def refund(self, pick: int) -> None:
            if (name := self._pick(pick)) is None:
                return
            _ok(rest.post(f"/v1/{name}:refund", headers=admin.headers, json={}))

        @rule(which=st.sampled_from([0, 1]), cents_=st.integers(500, 3000))
        def reprice(self, which: int, cents_: int) -> None:
            product = products[which]
            price = {"currency_code": "USD", "units": str(cents_ // 100), "nanos": cents_ % 100 * 10_000_000}
            _ok(
                rest.patch(
                    f"/v1/{product['name']}",
                    params={"update_mask": "price"},
                    headers=admin.headers,
                    json={"price": price},
                )
            )

        @rule(which=st.integers(0, 4), units=st.integers(1, 10))
        def receive_stock(self, which: int, units: int) -> None:
            """A delivery from a supplier (long runs would otherwise sell everything out)."""
            sku = self.items[which % len(self.items)]["sku"]
            body = {"sku": sku, "delta": units}
            if _ok(rest.post("/v1/stockLevels:adjust", headers=admin.headers, json=body)).status_code == 200:
                self.received[sku] += units

        @rule()
        def archive_seasonal(self) -> None:
            """Archived while it may sit in carts: those carts stay readable, and checking it out is refused."""
            _ok(rest.post(f"/v1/{self.seasonal}:archive", headers=admin.headers, json={}))

        # --- the books --------------------------------------------------------------------------------

        @invariant()
        def every_cart_is_readable(self) -> None:
            TALLY["invariant every cart is readable"] += 1
            for shopper in shoppers:
                assert rest.get("/v1/carts/me", headers=shopper.headers).status_code == 200

        @invariant()
        def stock_is_conserved(self) -> None:
            TALLY["invariant stock is conserved"] += 1
            held: Counter[str] = Counter()
            for name, shopper in self.orders.items():
                order = _order(rest, name, shopper)
                if order["state"] in HOLDING:
                    for line in order["lines"]:
                        held[line["sku"]] += int(line["quantity"])
            for sku, availability in zip(self.skus, _availability(rest, self.skus), strict=True):
                expected = self.baseline[sku] + self.received[sku] - held[sku] + self.restocked[sku]
                assert int(availability["available"]) == expected, (sku, availability, held, self.restocked)

        @invariant()
        def money_is_conserved(self) -> None:
            TALLY["invariant money is conserved"] += 1
            for name, shopper in self.orders.items():
                order = _order(rest, name, shopper)
                payment = asyncio.run(_payment(mesh, name))
                if order["state"] in HOLDING:
                    assert payment is not None, name
                    assert payment.amount.currency_code == order["total"]["currency_code"]
                    assert cents(_json_money(payment.amount)) == cents(order["total"]), name
                    assert cents(_json_money(payment.refunded_amount)) == (
                        cents(order["refunded"]) if order.get("refunded") else 0
                    ), name
                elif payment is not None:  # cancelled or still pending: nothing kept
                    assert payment.state in (
                        payment_pb2.Payment.STATE_DECLINED,
                        payment_pb2.Payment.STATE_VOIDED,
                        payment_pb2.Payment.STATE_AUTHORIZED,  # pending: the saga is under way
                    ), (name, payment)

    run = settings(
        max_examples=EXAMPLES,
        stateful_step_count=STEPS,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        # A live shop cannot be replayed (its stock and orders moved on): report the first broken sequence as
        # it happened, unshrunk.
        phases=[Phase.generate],
        print_blob=False,
    )(Shop)
    TALLY.clear()
    run.TestCase().runTest()
    print("\nstate machine:", ", ".join(f"{key}: {n}" for key, n in sorted(TALLY.items())))
    # The search reached what the books are about: orders were placed and some units came back.
    assert TALLY["POST /v1/orders:checkout 200"] > 0, TALLY


def _order(rest: httpx.Client, name: str, shopper: RestUser) -> dict:
    answer = rest.get(f"/v1/{name}", headers={**shopper.headers, **FRESH})
    assert answer.status_code == 200, (name, answer.status_code, answer.text)
    return answer.json()["order"]


def _availability(rest: httpx.Client, skus: list[str]) -> list[dict]:
    answer = rest.get("/v1/availability", params={"skus": skus}, headers=FRESH)
    assert answer.status_code == 200, answer.text
    by_sku = {a["sku"]: a for a in answer.json()["availabilities"]}
    return [by_sku[sku] for sku in skus]


def _orders(rest: httpx.Client, shopper: RestUser) -> list[dict]:
    answer = rest.get("/v1/orders", params={"page_size": 100}, headers={**shopper.headers, **FRESH})
    assert answer.status_code == 200, answer.text
    return answer.json()["orders"]


def _json_money(money) -> dict:
    return {"currency_code": money.currency_code, "units": str(money.units), "nanos": money.nanos}
