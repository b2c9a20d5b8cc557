"""The shopper's journey through Envoy: cart → checkout → ship → deliver, and every way it can end early."""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor

import grpc
import httpx
import pytest

from scripts.mesh import Profile
from shop.inventory.v1 import inventory_service_pb2, inventory_service_pb2_grpc
from shop.payments.v1 import payments_service_pb2, payments_service_pb2_grpc
from tests.e2e.conftest import RestUser, as_service, register
from tests.e2e.shopping import (
    APPROVED,
    DECLINED,
    OUTAGE,
    add_to_cart,
    available,
    cents,
    checkout,
    new_product,
)


async def _payment_state(mesh: Profile, order: str) -> str | None:
    async with grpc.aio.insecure_channel(mesh.target("payments")) as channel:
        try:
            response = await payments_service_pb2_grpc.PaymentsServiceStub(channel).GetPayment(
                payments_service_pb2.GetPaymentRequest(order=order), metadata=await as_service(mesh, "orders")
            )
        except grpc.aio.AioRpcError as error:
            if error.code() != grpc.StatusCode.NOT_FOUND:
                raise
            return None
    return response.payment.State.Name(response.payment.state)


async def _reservation_state(mesh: Profile, order: str) -> str | None:
    async with grpc.aio.insecure_channel(mesh.target("inventory")) as channel:
        try:
            response = await inventory_service_pb2_grpc.InventoryServiceStub(channel).GetReservation(
                inventory_service_pb2.GetReservationRequest(order=order), metadata=await as_service(mesh, "orders")
            )
        except grpc.aio.AioRpcError as error:
            if error.code() != grpc.StatusCode.NOT_FOUND:
                raise
            return None
    return response.reservation.State.Name(response.reservation.state)


async def test_the_happy_journey_from_cart_to_delivery(rest, customer, admin, mesh):
    kettle, mugs = new_product(rest, admin, cents=4999), new_product(rest, admin, cents=1250)
    add_to_cart(rest, customer, kettle)
    cart = add_to_cart(rest, customer, mugs, quantity=2)
    assert cents(cart["subtotal"]) == 4999 + 2 * 1250

    response = checkout(rest, customer)
    assert response.status_code == 200, response.text
    order = response.json()["order"]
    assert order["state"] == "STATE_CONFIRMED"
    items, tax, shipping = 7499, (7499 * 825 + 5000) // 10000, 499 + 2 * 100
    assert (cents(order["items_total"]), cents(order["tax"]), cents(order["shipping"])) == (items, tax, shipping)
    assert cents(order["total"]) == items + tax + shipping
    assert order["card_last4"] == "4242"
    assert rest.get("/v1/carts/me", headers=customer.headers).json()["cart"]["items"] == []
    assert available(rest, kettle["sku"]) == 9
    assert await _payment_state(mesh, order["name"]) == "STATE_AUTHORIZED"

    shipped = rest.post(
        f"/v1/{order['name']}:ship", headers=admin.headers, json={"carrier": "UPS", "tracking_number": "1Z999"}
    ).json()["order"]
    assert (shipped["state"], shipped["tracking_number"]) == ("STATE_SHIPPED", "1Z999")
    assert await _payment_state(mesh, order["name"]) == "STATE_CAPTURED"
    delivered = rest.post(f"/v1/{order['name']}:deliver", headers=admin.headers, json={}).json()["order"]
    assert delivered["state"] == "STATE_DELIVERED"
    history = rest.get("/v1/orders", headers=customer.headers).json()["orders"]
    assert [o["name"] for o in history] == [order["name"]]


async def test_a_declined_card_cancels_with_the_stock_back_and_no_money_taken(rest, customer, admin, mesh):
    product = new_product(rest, admin, stock=5)
    add_to_cart(rest, customer, product, quantity=2)
    response = checkout(rest, customer, card=DECLINED)
    assert response.status_code == 400
    assert response.json()["details"][0]["reason"] == "PAYMENT_DECLINED"
    order = rest.get("/v1/orders", headers=customer.headers).json()["orders"][0]
    assert (order["state"], order["cancel_reason"]) == ("STATE_CANCELLED", "PAYMENT_DECLINED")
    assert order["cancellation_reason"] == "CANCEL_REASON_PAYMENT_DECLINED"
    assert available(rest, product["sku"]) == 5
    assert await _reservation_state(mesh, order["name"]) == "STATE_RELEASED"
    assert await _payment_state(mesh, order["name"]) == "STATE_DECLINED"
    assert len(rest.get("/v1/carts/me", headers=customer.headers).json()["cart"]["items"]) == 1  # cart kept


async def test_out_of_stock_is_refused_before_any_charge(rest, customer, admin, mesh):
    product = new_product(rest, admin, stock=1)
    add_to_cart(rest, customer, product, quantity=2)
    response = checkout(rest, customer)
    assert response.status_code == 400
    body = response.json()
    assert body["details"][0]["reason"] == "OUT_OF_STOCK"
    assert any(v["subject"] == f"skus/{product['sku']}" for d in body["details"] for v in d.get("violations", []))
    order = rest.get("/v1/orders", headers=customer.headers).json()["orders"][0]
    assert (order["cancel_reason"], order["cancellation_reason"]) == ("OUT_OF_STOCK", "CANCEL_REASON_OUT_OF_STOCK")
    assert await _payment_state(mesh, order["name"]) is None
    assert available(rest, product["sku"]) == 1


async def test_a_customer_cancels_before_shipping_and_gets_stock_and_money_back(rest, customer, admin, mesh):
    product = new_product(rest, admin, stock=4)
    add_to_cart(rest, customer, product, quantity=3)
    order = checkout(rest, customer).json()["order"]
    assert available(rest, product["sku"]) == 1
    cancelled = rest.post(f"/v1/{order['name']}:cancel", headers=customer.headers, json={})
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["order"]["cancellation_reason"] == "CANCEL_REASON_CUSTOMER_CANCELLED"
    assert available(rest, product["sku"]) == 4
    assert await _payment_state(mesh, order["name"]) == "STATE_VOIDED"
    assert (
        rest.post(
            f"/v1/{order['name']}:ship", headers=admin.headers, json={"carrier": "UPS", "tracking_number": "1Z"}
        ).status_code
        == 400
    )


async def test_repeating_a_checkout_request_gives_the_same_order_and_one_charge(rest, customer, admin, mesh):
    product = new_product(rest, admin)
    add_to_cart(rest, customer, product)
    request_id = str(uuid.uuid4())
    first = checkout(rest, customer, request_id=request_id).json()["order"]
    second = checkout(rest, customer, request_id=request_id).json()["order"]
    assert first["name"] == second["name"]
    assert len(rest.get("/v1/orders", headers=customer.headers).json()["orders"]) == 1
    assert available(rest, product["sku"]) == 9


async def test_another_customers_order_is_not_found(rest, customer, admin):
    product = new_product(rest, admin)
    add_to_cart(rest, customer, product)
    order = checkout(rest, customer).json()["order"]
    stranger = rest.post(
        "/v1/users",
        json={"email": f"s-{uuid.uuid4().hex[:8]}@example.com", "password": "long enough pw", "display_name": "S"},
    )
    assert stranger.status_code == 200
    token = rest.post(
        "/v1/sessions", json={"email": stranger.json()["user"]["email"], "password": "long enough pw"}
    ).json()["access_token"]
    assert rest.get(f"/v1/{order['name']}", headers={"authorization": f"Bearer {token}"}).status_code == 404
    assert rest.get(f"/v1/{order['name']}", headers=admin.headers).status_code == 200


async def test_a_price_change_since_adding_to_the_cart_is_charged_and_shown(rest, customer, admin):
    product = new_product(rest, admin, cents=1000)
    add_to_cart(rest, customer, product)
    rest.patch(
        f"/v1/{product['name']}",
        params={"update_mask": "price"},
        headers=admin.headers,
        json={"price": {"currency_code": "USD", "units": "12"}},
    )
    order = checkout(rest, customer).json()["order"]
    assert order["prices_changed"] is True
    line = order["lines"][0]
    assert (cents(line["unit_price"]), cents(line["cart_unit_price"])) == (1200, 1000)


async def test_a_payment_outage_is_503_and_the_same_request_can_be_retried(rest, customer, admin):
    product = new_product(rest, admin, stock=2)
    add_to_cart(rest, customer, product)
    request_id = str(uuid.uuid4())
    outage = checkout(rest, customer, card=OUTAGE, request_id=request_id)
    assert outage.status_code == 503
    assert available(rest, product["sku"]) == 2
    retried = checkout(rest, customer, card=APPROVED, request_id=request_id)
    assert retried.status_code == 200
    assert retried.json()["order"]["state"] == "STATE_CONFIRMED"


async def test_bad_checkout_input_is_400_naming_the_fields_and_places_nothing(rest, customer, admin):
    add_to_cart(rest, customer, new_product(rest, admin))
    response = checkout(
        rest, customer, address={"recipient": "", "line1": "x", "city": "y", "postal_code": "1", "country_code": "usa"}
    )
    assert response.status_code == 400
    fields = {v["field"] for d in response.json()["details"] for v in d.get("field_violations", [])}
    assert {"shipping_address.recipient", "shipping_address.postal_code", "shipping_address.country_code"} <= fields
    assert rest.get("/v1/orders", headers=customer.headers).json()["orders"] == []


async def test_checkout_of_an_empty_cart_is_a_failed_precondition(rest, customer):
    response = checkout(rest, customer)
    assert response.status_code == 400
    assert response.json()["details"][0]["reason"] == "CART_EMPTY"


def test_concurrent_checkouts_for_the_last_units_sell_exactly_that_many(rest, admin, mesh):
    units, shoppers = 3, 8
    product = new_product(rest, admin, stock=units)
    people = []
    for _ in range(shoppers):
        user = register(rest)
        add_to_cart(rest, user, product)
        people.append(user)

    def attempt(user: RestUser) -> int:
        with httpx.Client(base_url=mesh.gateway_url, timeout=30) as client:
            return checkout(client, user).status_code

    with ThreadPoolExecutor(max_workers=shoppers) as pool:
        codes = list(pool.map(attempt, people))
    assert sorted(codes) == [200] * units + [400] * (shoppers - units)
    assert available(rest, product["sku"]) == 0


@pytest.mark.parametrize(
    ("step", "final", "payment", "reservation"),
    [
        ("placed", "STATE_CANCELLED", None, None),
        ("reserved", "STATE_CANCELLED", None, "STATE_RELEASED"),
        ("authorized", "STATE_CONFIRMED", "STATE_AUTHORIZED", "STATE_COMMITTED"),
        ("stock_committed", "STATE_CONFIRMED", "STATE_AUTHORIZED", "STATE_COMMITTED"),
    ],
)
async def test_an_orders_process_killed_mid_checkout_leaves_every_order_consistent(
    rest, customer, admin, mesh, step, final, payment, reservation
):
    """A second orders process dies right after ``step``; recovery in the surviving one finishes the order."""
    import os
    import subprocess
    import sys

    from scripts.mesh import ROOT, services
    from shop.orders.v1 import orders_service_pb2_grpc
    from tests.e2e.service_processes import free_port
    from tests.e2e.shopping import checkout_request

    product = new_product(rest, admin, stock=5)
    add_to_cart(rest, customer, product, quantity=2)
    later = new_product(rest, admin, stock=5)  # added to the cart while the dead checkout waits for recovery
    port = free_port()
    orders = next(s for s in services() if s.name == "orders")
    env = {**os.environ, **mesh.service_env(orders), "SHOPMESH_GRPC_PORT": str(port)}
    env["SHOPMESH_METRICS_PORT"] = "0"  # the stack's orders has the profile's metrics port
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fault_injection", "--crash-after", step, "orders"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        async with grpc.aio.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = orders_service_pb2_grpc.OrdersServiceStub(channel)
            with pytest.raises(grpc.aio.AioRpcError) as error:
                await stub.Checkout(
                    checkout_request(),
                    metadata=(("authorization", f"Bearer {customer.token}"),),
                    timeout=30,
                    wait_for_ready=True,
                )
            assert error.value.code() == grpc.StatusCode.UNAVAILABLE  # the process died under the call
        assert await asyncio.to_thread(process.wait, 10) == 1
    finally:
        if process.poll() is None:
            process.kill()
    add_to_cart(rest, customer, later)
    for _ in range(100):
        order = rest.get("/v1/orders", headers=customer.headers).json()["orders"][0]
        if order["state"] != "STATE_PENDING":
            break
        await asyncio.sleep(0.2)
    assert order["state"] == final
    assert await _payment_state(mesh, order["name"]) == (payment if step != "placed" else None)
    assert await _reservation_state(mesh, order["name"]) == reservation
    assert available(rest, product["sku"]) == (3 if final == "STATE_CONFIRMED" else 5)
    # Recovery, as the orders service, takes what the confirmed order bought out of the cart, and only that.
    in_cart = {i["product"] for i in rest.get("/v1/carts/me", headers=customer.headers).json()["cart"]["items"]}
    assert in_cart == ({later["name"]} if final == "STATE_CONFIRMED" else {product["name"], later["name"]})
