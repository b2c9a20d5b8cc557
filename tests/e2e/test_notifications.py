"""Mail from events, end to end: REST → orders → Kafka → notifications → the SMTP sink, exactly once."""

from __future__ import annotations

import json
import time
import uuid

import httpx

from scripts.mailbox import messages_to, verification_code, wait_for_mail
from scripts.mesh import Profile
from tests.applied_events import events_applied
from tests.e2e.conftest import RestUser, register
from tests.e2e.shopping import ADDRESS, DECLINED, add_to_cart, card_json, cents, checkout, new_product
from tests.eventually import until


def _notifications(rest: httpx.Client, user: RestUser) -> list[dict]:
    response = rest.get("/v1/notifications", headers=user.headers)
    assert response.status_code == 200, response.text
    return response.json()["notifications"]


def test_registration_sends_a_welcome_mail(mesh: Profile, customer: RestUser):
    (welcome,) = wait_for_mail(mesh.maildir, customer.email, "Welcome")
    assert "E2E Shopper" in welcome.get_payload()


def test_a_code_is_in_the_mail_alone_never_in_the_history_a_session_reads(rest: httpx.Client, mesh: Profile):
    """Whoever registers with someone else's address holds a session, not the mailbox: the history must not
    hand them the code that proves the address."""
    user = register(rest, verified=False)
    code = verification_code(mesh.maildir, user.email)
    listed = until(
        lambda: [n for n in _notifications(rest, user) if n["type"] == "NOTIFICATION_TYPE_EMAIL_VERIFICATION"]
    )
    assert code not in listed[0]["body"]
    assert listed[0]["body"] == "This mail carries a one-time code, so it is only in your mailbox."
    assert rest.post("/v1/users:requestPasswordReset", json={"email": user.email}).status_code == 200
    reset = until(lambda: [n for n in _notifications(rest, user) if n["type"] == "NOTIFICATION_TYPE_PASSWORD_RESET"])
    assert "only in your mailbox" in reset[0]["body"]


def test_a_checkout_sends_exactly_one_confirmation_with_the_totals_and_the_history_shows_it(
    mesh: Profile, rest: httpx.Client, customer: RestUser, admin: RestUser
):
    product = new_product(rest, admin, cents=1999)
    add_to_cart(rest, customer, product, quantity=2)
    order = checkout(rest, customer)
    assert order.status_code == 200, order.text
    placed = order.json()["order"]

    mails = wait_for_mail(mesh.maildir, customer.email, "is confirmed")
    time.sleep(1.0)  # a second mail would have come by now
    mails = [m for m in messages_to(mesh.maildir, customer.email) if "is confirmed" in m["Subject"]]
    assert len(mails) == 1
    body = mails[0].get_payload()
    assert placed["number"].isdigit()
    assert placed["number"] in mails[0]["Subject"]  # the short number, not the internal id
    total = cents(placed["total"])
    assert f"Total: {total // 100}.{total % 100:02d} USD" in body
    assert f"2 x {product['display_name']}" in body

    history = until(lambda: [n for n in _notifications(rest, customer) if n["state"] == "STATE_SENT"] or None)
    types = {n["type"] for n in _notifications(rest, customer)}
    assert {"NOTIFICATION_TYPE_WELCOME", "NOTIFICATION_TYPE_ORDER_CONFIRMED"} <= types
    assert all(n["recipient"] == customer.email for n in history)


def test_an_opted_out_type_is_listed_but_not_mailed(
    mesh: Profile, rest: httpx.Client, customer: RestUser, admin: RestUser
):
    updated = rest.patch(
        "/v1/notificationPreferences",
        headers=customer.headers,
        json={"opted_out": ["NOTIFICATION_TYPE_ORDER_CONFIRMED"]},
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["preferences"]["opted_out"] == ["NOTIFICATION_TYPE_ORDER_CONFIRMED"]
    assert rest.get("/v1/notificationPreferences", headers=customer.headers).json()["preferences"] == {
        "opted_out": ["NOTIFICATION_TYPE_ORDER_CONFIRMED"]
    }
    add_to_cart(rest, customer, new_product(rest, admin))
    assert checkout(rest, customer).status_code == 200

    suppressed = until(
        lambda: [n for n in _notifications(rest, customer) if n["type"] == "NOTIFICATION_TYPE_ORDER_CONFIRMED"]
    )
    assert suppressed[0]["state"] == "STATE_SUPPRESSED"
    time.sleep(1.0)
    assert not [m for m in messages_to(mesh.maildir, customer.email) if "is confirmed" in m["Subject"]]


def test_bad_preferences_are_refused_with_field_violations(rest: httpx.Client, customer: RestUser):
    response = rest.patch(
        "/v1/notificationPreferences", headers=customer.headers, json={"opted_out": ["NOTIFICATION_TYPE_UNSPECIFIED"]}
    )
    assert response.status_code == 400
    violations = [d for d in response.json()["details"] if d["@type"].endswith("BadRequest")]
    assert violations[0]["field_violations"][0]["field"] == "preferences.opted_out[0]"
    assert rest.get("/v1/notifications").status_code == 401


def test_one_trace_spans_the_rest_call_orders_kafka_and_notifications(
    mesh: Profile, rest: httpx.Client, customer: RestUser, admin: RestUser
):
    trace_id = uuid.uuid4().hex
    add_to_cart(rest, customer, new_product(rest, admin))
    response = rest.post(
        "/v1/orders:checkout",
        headers={**customer.headers, "traceparent": f"00-{trace_id}-{'a1' * 8}-01"},
        json={"request_id": str(uuid.uuid4()), "shipping_address": ADDRESS, "card": card_json()},
    )
    assert response.status_code == 200, response.text
    logs = [mesh.state_dir / "logs" / f"{r.program}.log" for r in mesh.replicas("notifications")]

    def applied_in_trace() -> list[dict]:
        # Whichever replica's consumer owns the order's partition applies it; a log's last line may be half-written.
        complete_lines = [line for log in logs for line in log.read_text().rpartition("\n")[0].splitlines()]
        entries = [json.loads(line) for line in complete_lines if line.startswith("{")]
        return [
            e
            for e in entries
            if e.get("message") == "event applied"
            and e.get("event_type") == "shop.orders.v1.OrderConfirmed"
            and e.get("trace_id") == trace_id
        ]

    (entry,) = until(applied_in_trace)
    assert entry["key"] == response.json()["order"]["name"]


def test_a_checkout_refused_with_a_declined_card_mails_the_decline_and_never_says_cancelled(
    mesh: Profile, rest: httpx.Client, customer: RestUser, admin: RestUser
):
    add_to_cart(rest, customer, new_product(rest, admin))
    cancelled_before = events_applied(mesh, "notifications", "shop.orders.v1.OrderCancelled")
    refused = checkout(rest, customer, card=DECLINED)
    assert refused.status_code == 400
    (declined,) = wait_for_mail(mesh.maildir, customer.email, "was declined")
    said = declined.get_payload(decode=True).decode()
    assert "Nothing was charged" in said
    assert "(card declined)" in said
    until(
        lambda: events_applied(mesh, "notifications", "shop.orders.v1.OrderCancelled") > cancelled_before,
        what="notifications applied the OrderCancelled of the refused checkout",
    )
    assert not [m for m in messages_to(mesh.maildir, customer.email) if "was cancelled" in m["Subject"]]
    # The attempt is in the history, told apart by its reason.
    (attempt,) = rest.get("/v1/orders", headers=customer.headers).json()["orders"]
    assert (attempt["state"], attempt["cancel_reason"]) == ("STATE_CANCELLED", "PAYMENT_DECLINED")
    assert declined["Subject"] == f"Your payment for order {attempt['number']} was declined"
