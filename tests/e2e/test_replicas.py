"""Two replicas of every service (the test stack's default, scripts/mesh.py): calls are spread over both, one
outbox relay per database publishes and a killed leader is replaced without losing or reordering an order's
events, a consumer group of two rebalances when one dies and applies every event once, and a product changed
through one catalog replica is never served stale by the other. (A checkout whose orders process dies mid-saga
is finished or compensated by the others: tests/e2e/test_checkout.py.)"""

from __future__ import annotations

import asyncio
import threading
import time
import uuid
from collections.abc import Iterator

import asyncpg
import grpc
import httpx
import pytest
from aiokafka.admin import AIOKafkaAdminClient
from google.protobuf import field_mask_pb2
from prometheus_client.parser import text_string_to_metric_families

from scripts.mailbox import messages_to
from scripts.mesh import Profile, Replica
from scripts.stack import Stack
from tests.e2e.conftest import RestUser, register
from tests.e2e.shopping import FRESH, add_to_cart, buy, checkout, new_product
from tests.eventually import until
from tests.kafka_events import events_for_keys

pytestmark = pytest.mark.usefixtures("two_of_each")


@pytest.fixture(scope="module")
def two_of_each(mesh: Profile) -> None:
    assert all(len(mesh.replicas(name)) == 2 for name in mesh.replica_counts), (
        "these tests need two replicas of every service (SHOPMESH_REPLICAS unset or 2)"
    )


def _handled(replica: Replica, method: str) -> float:
    """RPCs of ``method`` (``/pkg.Service/Method``) the replica answered, as its /metrics says."""
    text = httpx.get(f"http://127.0.0.1:{replica.metrics_port}/metrics", timeout=5).text
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        if family.name == "shopmesh_rpc_server_handled"
        for sample in family.samples
        if sample.name.endswith("_total") and sample.labels.get("method") == method
    )


def test_the_gateway_and_the_services_spread_calls_over_every_replica(
    rest: httpx.Client, admin: RestUser, mesh: Profile
):
    get_product = "/shop.catalog.v1.CatalogService/GetProduct"
    authorize = "/shop.payments.v1.PaymentsService/AuthorizePayment"
    reserve = "/shop.inventory.v1.InventoryService/ReserveStock"
    watched = {
        get_product: mesh.replicas("catalog"),
        authorize: mesh.replicas("payments"),
        reserve: mesh.replicas("inventory"),
    }
    before = {(method, r.program): _handled(r, method) for method, replicas in watched.items() for r in replicas}
    product = new_product(rest, admin, stock=50)
    for _ in range(20):  # through Envoy, past its cache
        assert rest.get(f"/v1/{product['name']}", headers=FRESH).status_code == 200
    shopper = register(rest)
    for _ in range(8):  # orders calls payments and inventory over its own round-robin channels
        buy(rest, shopper, product)
    for method, replicas in watched.items():
        served = {r.program: _handled(r, method) - before[(method, r.program)] for r in replicas}
        assert all(count > 0 for count in served.values()), (method, served)


async def _relay_leaders(mesh: Profile, test_stack: Stack) -> list[str]:
    """The programs whose sessions hold an advisory lock in orders' database (the outbox relay's, once up)."""
    connection = await asyncpg.connect(mesh.database_url("orders").replace("+asyncpg", ""))
    try:
        rows = await connection.fetch(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            " WHERE l.locktype = 'advisory' AND l.granted AND a.datname = current_database()"
        )
    finally:
        await connection.close()
    by_pid = {str(pid): program for program, pid in test_stack.pids().items()}
    return [by_pid.get(row["application_name"].rpartition(":")[2], row["application_name"]) for row in rows]


def _relay_leader(mesh: Profile, test_stack: Stack, *, not_: str | None = None) -> str:
    def single() -> str | None:
        leaders = asyncio.run(_relay_leaders(mesh, test_stack))
        return leaders[0] if len(leaders) == 1 and leaders[0] != not_ else None

    return until(single, 30, "exactly one orders replica holds the outbox relay's lock")


def _buy_in_background(rest: httpx.Client, admin: RestUser, count: int) -> tuple[threading.Thread, list[dict]]:
    """``count`` checkouts, one after another, by a new shopper each (their mail is theirs alone)."""
    product = new_product(rest, admin, stock=count)
    shoppers = [register(rest) for _ in range(count)]
    orders: list[dict] = []

    def shop() -> None:
        for shopper in shoppers:
            add_to_cart(rest, shopper, product)
            request_id = str(uuid.uuid4())
            for _ in range(50):  # a checkout in flight on a killed replica may be 503: retried as a client would
                placed = checkout(rest, shopper, request_id=request_id)
                if placed.status_code != 503:
                    break
                time.sleep(0.2)
            assert placed.status_code == 200, placed.text
            orders.append({**placed.json()["order"], "email": shopper.email})

    return threading.Thread(target=shop), orders


@pytest.fixture
def restart_afterwards(test_stack: Stack) -> Iterator[list[str]]:
    """Programs a test stops; started again, and the mesh serving, when it ends."""
    stopped: list[str] = []
    yield stopped
    if stopped:
        test_stack.start(*stopped)
        test_stack.wait_serving()


def test_one_relay_publishes_and_a_killed_leader_is_replaced_without_losing_or_reordering_events(
    rest: httpx.Client, admin: RestUser, mesh: Profile, test_stack: Stack, restart_afterwards: list[str]
):
    leader = _relay_leader(mesh, test_stack)
    shopping, orders = _buy_in_background(rest, admin, 10)
    shopping.start()
    until(lambda: len(orders) >= 3, 60, "the first checkouts")
    test_stack.kill(leader)
    test_stack.stop(leader)  # supervisord would start it again: the other replica must take over
    restart_afterwards.append(leader)
    successor = _relay_leader(mesh, test_stack, not_=leader)
    shopping.join(120)
    assert len(orders) == 10
    assert successor != leader
    assert successor.startswith("orders-")

    names = [order["name"] for order in orders]
    kafka = mesh.kafka()
    events = asyncio.run(events_for_keys(kafka, "shop.orders.events", names, at_least=2, within=60))
    for name in names:
        first_seen: dict[str, str] = {}  # a batch the dead leader published but had not marked comes again
        for event in events.get(name, []):
            first_seen.setdefault(event.headers["ce_id"], event.type)
        assert list(first_seen.values()) == ["shop.orders.v1.OrderPlaced", "shop.orders.v1.OrderConfirmed"], name


async def _members(mesh: Profile, group: str) -> int:
    admin = AIOKafkaAdminClient(**mesh.kafka().client_kwargs())
    await admin.start()
    try:
        [described] = await admin.describe_consumer_groups([group])
    finally:
        await admin.close()
    [(_error, _group, state, _kind, _protocol, members)] = described.groups
    return len(members) if state == "Stable" else -1


def test_a_consumer_group_of_two_rebalances_when_one_dies_and_applies_every_event_once(
    rest: httpx.Client, admin: RestUser, mesh: Profile, test_stack: Stack, restart_afterwards: list[str]
):
    until(lambda: asyncio.run(_members(mesh, "notifications")) == 2, 60, "both notifications replicas in the group")
    shopping, orders = _buy_in_background(rest, admin, 8)
    shopping.start()
    until(lambda: len(orders) >= 2, 60, "the first checkouts")
    dying = mesh.replicas("notifications")[0].program
    test_stack.kill(dying)
    test_stack.stop(dying)
    restart_afterwards.append(dying)
    shopping.join(120)
    assert len(orders) == 8
    until(lambda: asyncio.run(_members(mesh, "notifications")) == 1, 60, "the group rebalanced to the survivor")

    def confirmations(order: dict) -> list[str]:
        # One mail per Message-ID: a sender killed between the SMTP server's "accepted" and marking the mail sent
        # hands it to the survivor, which sends it again under the same Message-ID (README, "Notifications") —
        # one mail to the reader's client. Two Message-IDs would be the event applied twice.
        mails = {m["Message-ID"]: m for m in messages_to(mesh.maildir, order["email"])}
        return [m["Subject"] for m in mails.values() if "is confirmed" in m["Subject"]]

    until(lambda: all(confirmations(o) for o in orders), 60, "every order's confirmation mailed")
    time.sleep(2.0)  # anything applied twice would be mailed twice by now
    for order in orders:
        assert len(confirmations(order)) == 1, order["name"]
        assert order["number"] in confirmations(order)[0]


async def _product_through(replica: Replica, name: str) -> dict:
    from shop.catalog.v1 import catalog_service_pb2 as pb
    from shop.catalog.v1 import catalog_service_pb2_grpc

    async with grpc.aio.insecure_channel(replica.target) as channel:
        product = (
            await catalog_service_pb2_grpc.CatalogServiceStub(channel).GetProduct(pb.GetProductRequest(name=name))
        ).product
    return {"display_name": product.display_name, "units": product.price.units}


def test_a_product_changed_through_one_catalog_replica_is_never_served_stale_by_the_other(
    rest: httpx.Client, admin: RestUser, mesh: Profile
):
    from shop.catalog.v1 import catalog_service_pb2 as pb
    from shop.catalog.v1 import catalog_service_pb2_grpc, product_pb2

    product = new_product(rest, admin, stock=0)
    writer, reader = mesh.replicas("catalog")

    async def change_and_read(rounds: int) -> None:
        async with grpc.aio.insecure_channel(writer.target) as channel:
            catalog = catalog_service_pb2_grpc.CatalogServiceStub(channel)
            for round_ in range(rounds):
                await _product_through(reader, product["name"])  # the reader has it cached
                title = f"Replicated {uuid.uuid4().hex[:8]}"
                await catalog.UpdateProduct(
                    pb.UpdateProductRequest(
                        product=product_pb2.Product(name=product["name"], display_name=title),
                        update_mask=field_mask_pb2.FieldMask(paths=["display_name"]),
                    ),
                    metadata=(("authorization", f"Bearer {admin.token}"),),
                )
                assert (await _product_through(reader, product["name"]))["display_name"] == title, round_

    asyncio.run(change_and_read(30))
