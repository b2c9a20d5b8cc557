"""Events under failures, end to end: an SMTP outage delays mail and loses none; checkouts while the broker
restarts and consumers crash are each mailed once and counted once."""

from __future__ import annotations

import threading
import time

import httpx

from scripts.mailbox import messages_to
from scripts.mesh import Profile
from scripts.stack import Stack
from tests.e2e.conftest import RestUser, register
from tests.e2e.shopping import add_to_cart, buy, cents, checkout, new_product
from tests.eventually import until


def _confirmations(mesh: Profile, user: RestUser) -> list[str]:
    return [m["Subject"] for m in messages_to(mesh.maildir, user.email) if "is confirmed" in m["Subject"]]


def _history(rest: httpx.Client, user: RestUser, type_: str) -> list[dict]:
    response = rest.get("/v1/notifications", headers=user.headers, params={"page_size": 100})
    assert response.status_code == 200, response.text
    return [n for n in response.json()["notifications"] if n["type"] == type_]


def test_an_smtp_outage_delays_mail_and_loses_none(
    rest: httpx.Client, admin: RestUser, customer: RestUser, mesh: Profile, test_stack: Stack
):
    product = new_product(rest, admin)
    test_stack.stop("smtp")
    try:
        order = buy(rest, customer, product)
        pending = until(
            lambda: _history(rest, customer, "NOTIFICATION_TYPE_ORDER_CONFIRMED"), 15, "the notification is recorded"
        )
        assert pending[0]["state"] == "STATE_PENDING"
        time.sleep(1.0)  # delivery is being retried meanwhile
        assert _confirmations(mesh, customer) == []
    finally:
        test_stack.start("smtp")
    subjects = until(lambda: _confirmations(mesh, customer), 45, "the mail arrives once SMTP is back")
    time.sleep(1.0)
    assert _confirmations(mesh, customer) == subjects
    assert len(subjects) == 1
    assert f"Your order {order['number']} is confirmed" in subjects[0]
    sent = until(
        lambda: [
            n for n in _history(rest, customer, "NOTIFICATION_TYPE_ORDER_CONFIRMED") if n["state"] == "STATE_SENT"
        ],
        15,
        "the history shows it sent",
    )
    assert len(sent) == 1


def test_checkouts_across_a_broker_restart_and_consumer_crashes_are_applied_exactly_once(
    rest: httpx.Client, admin: RestUser, mesh: Profile, test_stack: Stack
):
    product = new_product(rest, admin, cents=1000, stock=100)
    customers = [register(rest) for _ in range(3)]
    placed: dict[str, list[str]] = {c.email: [] for c in customers}
    failures: list[str] = []

    def shop(user: RestUser, orders: int) -> None:
        with httpx.Client(base_url=mesh.gateway_url, timeout=30) as client:
            for _ in range(orders):
                add_to_cart(client, user, product)
                response = checkout(client, user)
                if response.status_code != 200 or response.json()["order"]["state"] != "STATE_CONFIRMED":
                    failures.append(response.text)
                    return
                placed[user.email].append(response.json()["order"]["number"])

    shoppers = [threading.Thread(target=shop, args=(c, 4)) for c in customers]
    for thread in shoppers:
        thread.start()

    def placed_so_far() -> int:
        if failures:  # a shopper stopped: no more orders are coming; the assertion below says why
            return 12
        return sum(len(names) for names in placed.values())

    until(lambda: placed_so_far() >= 3, 60, "the first orders")
    test_stack.stop("kafka")
    try:
        until(lambda: placed_so_far() >= 7, 60, "orders while the broker is down")
        test_stack.kill("notifications", "analytics")  # crash while they wait for the broker
    finally:
        test_stack.start("kafka")
    test_stack.up(seed=False)  # waits until Kafka and every service answer again
    test_stack.kill("notifications", "analytics")  # crash again while they drain the backlog
    for thread in shoppers:
        thread.join(timeout=120)
    assert not failures, failures
    orders = [name for names in placed.values() for name in names]
    assert len(orders) == 12

    for user in customers:
        until(lambda u=user: len(_confirmations(mesh, u)) >= len(placed[u.email]), 90, f"mail for {user.email}")
    # The mail may have gone out before the crash: wait for the restarted replicas before reading the history
    # through the gateway, as a client told "503, retry in a moment" would.
    test_stack.wait_serving()
    time.sleep(2.0)  # a duplicate would arrive by now
    for user in customers:
        subjects = _confirmations(mesh, user)
        # One mail per order, each naming its order by its number.
        assert sorted(subjects) == sorted(f"Your order {number} is confirmed" for number in placed[user.email])
        assert len(_history(rest, user, "NOTIFICATION_TYPE_ORDER_CONFIRMED")) == len(placed[user.email])

    def counted() -> tuple[int, int] | None:
        response = rest.get("/v1/analytics/topProducts", headers=admin.headers, params={"page_size": 100})
        for row in response.json()["products"]:
            if row["product"] == product["name"]:
                return int(row["units_sold"]), cents(row["revenue"])
        return None

    until(lambda: counted() == (12, 12 * 1000), 60, "analytics counts 12 units")
