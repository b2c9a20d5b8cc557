"""Shopping through the gateway as a test customer does it: products with stock, carts, checkouts."""

from __future__ import annotations

import uuid

import httpx
from google.protobuf.message import Message

from tests.e2e.conftest import RestUser

APPROVED, DECLINED, OUTAGE = "4242424242424242", "4000000000000002", "4000000000000119"
ADDRESS = {
    "recipient": "Ann Lee",
    "line1": "1 Market St",
    "city": "San Francisco",
    "postal_code": "94105",
    "region": "CA",
    "country_code": "US",
}


# What a client sends to read past every cache (the gateway's, a CDN's) when it must see the latest: tests that
# wait for a read model to catch up poll with it, since a public read may otherwise be the gateway's copy for its
# max-age (README, "The edge").
FRESH = {"cache-control": "no-cache"}


def checkout_request(card: str = APPROVED) -> Message:
    """What a gRPC client sends to check out its cart (a CheckoutRequest): a fresh request id, ADDRESS, a test
    card."""
    from shop.orders.v1 import orders_service_pb2
    from shop.payments.v1 import payment_pb2
    from shop.shipping.v1 import shipment_pb2

    return orders_service_pb2.CheckoutRequest(
        request_id=str(uuid.uuid4()),
        shipping_address=shipment_pb2.Address(**ADDRESS),
        card=payment_pb2.Card(number=card, exp_month=12, exp_year=2031, cvc="123"),
    )


def card_json(number: str = APPROVED) -> dict:
    return {"number": number, "exp_month": 12, "exp_year": 2031, "cvc": "123"}


def cents(money: dict) -> int:
    return int(money["units"]) * 100 + money["nanos"] // 10_000_000


def new_product(
    rest: httpx.Client,
    admin: RestUser,
    *,
    cents: int = 2500,
    stock: int = 10,
    display_name: str = "Checkout Thing",
    category: str = "categories/kitchen",
    description: str = "",
    options: list[dict] | None = None,
) -> dict:
    """A new product (its first variant stocked with ``stock`` units)."""
    sku = f"CHK-{uuid.uuid4().hex[:10].upper()}"
    created = rest.post(
        "/v1/products",
        headers=admin.headers,
        json={
            "sku": sku,
            "display_name": display_name,
            "description": description,
            "category": category,
            "price": {"currency_code": "USD", "units": str(cents // 100), "nanos": cents % 100 * 10_000_000},
            "options": options or [],
        },
    )
    assert created.status_code == 200, created.text
    product = created.json()["product"]
    if stock:
        adjusted = rest.post("/v1/stockLevels:adjust", headers=admin.headers, json={"sku": sku, "delta": stock})
        assert adjusted.status_code == 200, adjusted.text
    return product


def add_to_cart(rest: httpx.Client, user: RestUser, product: dict, quantity: int = 1) -> dict:
    response = rest.post(
        "/v1/carts/me:addItem", headers=user.headers, json={"product": product["name"], "quantity": quantity}
    )
    assert response.status_code == 200, response.text
    return response.json()["cart"]


def checkout(
    rest: httpx.Client, user: RestUser, card: str = APPROVED, request_id: str | None = None, address: dict | None = None
) -> httpx.Response:
    return rest.post(
        "/v1/orders:checkout",
        headers=user.headers,
        json={
            "request_id": request_id or str(uuid.uuid4()),
            "shipping_address": address or ADDRESS,
            "card": card_json(card),
        },
    )


def available(rest: httpx.Client, sku: str) -> int:
    return int(rest.get("/v1/availability", params={"skus": sku}).json()["availabilities"][0]["available"])


def buy(rest: httpx.Client, user: RestUser, *products: dict) -> dict:
    """Checks out one of each product; the CONFIRMED order."""
    for product in products:
        add_to_cart(rest, user, product)
    placed = checkout(rest, user)
    assert placed.status_code == 200, placed.text
    order = placed.json()["order"]
    assert order["state"] == "STATE_CONFIRMED", order
    return order


def ship_and_deliver(rest: httpx.Client, admin: RestUser, order: dict) -> None:
    shipped = rest.post(
        f"/v1/{order['name']}:ship", headers=admin.headers, json={"carrier": "UPS", "tracking_number": "1Z999"}
    )
    assert shipped.status_code == 200, shipped.text
    delivered = rest.post(f"/v1/{order['name']}:deliver", headers=admin.headers, json={})
    assert delivered.status_code == 200, delivered.text


def new_tee(rest: httpx.Client, admin: RestUser, display_name: str = "Variant Tee") -> dict:
    """A tee in Size S and M, Colour Black and Sand: M Black has 3 in stock and the others none; M Sand costs
    $26 (its own price), the rest $24. ``{"name": ..., "variants": {("M", "Black"): variant, ...}}``."""
    options = [{"name": "Size", "values": ["S", "M"]}, {"name": "Colour", "values": ["Black", "Sand"]}]
    product = new_product(
        rest, admin, cents=2400, stock=0, display_name=display_name, category="categories/apparel", options=options
    )
    name = product["name"]
    generated = rest.post(f"/v1/{name}:generateVariants", headers=admin.headers, json={})
    assert generated.status_code == 200, generated.text
    variants = {
        tuple(v["value"] for v in variant["option_values"]): variant
        for variant in generated.json()["product"]["variants"]
    }
    assert set(variants) == {("S", "Black"), ("S", "Sand"), ("M", "Black"), ("M", "Sand")}
    stocked = rest.post(
        "/v1/stockLevels:adjust", headers=admin.headers, json={"sku": variants["M", "Black"]["sku"], "delta": 3}
    )
    assert stocked.status_code == 200, stocked.text
    priced = rest.patch(
        f"/v1/{variants['M', 'Sand']['name']}",
        params={"update_mask": "price"},
        headers=admin.headers,
        json={"price": {"currency_code": "USD", "units": "26"}},
    )
    assert priced.status_code == 200, priced.text
    variants["M", "Sand"] = priced.json()["variant"]
    return {"name": name, "variants": variants}
