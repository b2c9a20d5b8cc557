"""``make reconcile`` against real databases: the six services' schemas (their own migrations) in databases of
its own, a shop whose books balance, then each kind of inconsistency planted in it, found with its rows."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest

from scripts import reconcile
from scripts.mesh import Profile
from services.analytics.bootstrap import DEFINITION as ANALYTICS
from services.catalog.bootstrap import DEFINITION as CATALOG
from services.inventory.bootstrap import DEFINITION as INVENTORY
from services.notifications.bootstrap import DEFINITION as NOTIFICATIONS
from services.orders.bootstrap import DEFINITION as ORDERS
from services.payments.bootstrap import DEFINITION as PAYMENTS
from services.runtime.database import migrate
from services.shipping.bootstrap import DEFINITION as SHIPPING

SCHEMAS = {
    "orders": ORDERS,
    "payments": PAYMENTS,
    "inventory": INVENTORY,
    "shipping": SHIPPING,
    "notifications": NOTIFICATIONS,
    "analytics": ANALYTICS,
    "catalog": CATALOG,
}
LONG_AGO = datetime.now(UTC) - timedelta(hours=1)


class Shop:
    """Connections to the six databases, and what a healthy checkout leaves in each."""

    def __init__(self, urls: dict[str, str], connections: dict[str, asyncpg.Connection]) -> None:
        self.urls = urls
        self.db = connections

    async def order(
        self, state: str, *, units: int = 2, sku: str = "RC-MUG", cancel_reason: str = "", coupon_code: str = ""
    ) -> str:
        order_id = str(uuid.uuid4())
        await self.db["orders"].execute(
            """
            INSERT INTO orders (id, customer_id, request_id, state, saga_step, cancel_reason, currency, items_minor,
                                tax_minor, shipping_minor, address, card_last4, carrier, tracking_number,
                                create_time, update_time, version, coupon_code)
            VALUES ($1, 'u1', $2, $3, $3, $4, 'USD', $5, 100, 500, '{}', '4242', '', '', $6, $6, 1, $7)
            """,
            uuid.UUID(order_id),
            uuid.uuid4(),
            state,
            cancel_reason,
            1000 * units,
            LONG_AGO,
            coupon_code,
        )
        await self.db["orders"].execute(
            """INSERT INTO order_lines (order_id, line_no, product_id, sku, display_name, quantity, unit_minor)
               VALUES ($1, 1, 'p1', $2, 'Mug', $3, 1000)""",
            uuid.UUID(order_id),
            sku,
            units,
        )
        return order_id

    async def payment(self, order_id: str, state: str, amount: int = 2600) -> None:
        await self.db["payments"].execute(
            """INSERT INTO payments (order_id, state, currency, amount_minor, card_last4, provider_token,
                                     decline_reason, create_time, update_time)
               VALUES ($1, $2, 'USD', $3, '4242', 'tok', '', $4, $4)""",
            order_id,
            state,
            amount,
            LONG_AGO,
        )

    async def receive(self, sku: str, units: int) -> None:
        """Stock received: the ledger row and the level."""
        await self.db["inventory"].execute(
            """INSERT INTO stock_adjustments (request_id, sku, warehouse, delta, create_time)
               VALUES ($1, $2, 'main', $3, $4)""",
            uuid.uuid4(),
            sku,
            units,
            LONG_AGO,
        )
        await self.db["inventory"].execute(
            """INSERT INTO stock_levels (sku, warehouse, on_hand, reserved, low_stock_threshold, update_time)
               VALUES ($1, 'main', $2, 0, 5, $3)
               ON CONFLICT (sku, warehouse) DO UPDATE SET on_hand = stock_levels.on_hand + $2""",
            sku,
            units,
            LONG_AGO,
        )

    async def reservation(self, order_id: str, state: str, *, sku: str = "RC-MUG", units: int = 2) -> None:
        """A reservation in ``state``, with the stock level moved as inventory moves it."""
        inventory = self.db["inventory"]
        await inventory.execute(
            """INSERT INTO reservations (order_id, state, expire_time, create_time, update_time)
               VALUES ($1, $2, $3, $3, $3)""",
            order_id,
            state,
            LONG_AGO,
        )
        await inventory.execute(
            "INSERT INTO reservation_lines (order_id, sku, warehouse, quantity) VALUES ($1, $2, 'main', $3)",
            order_id,
            sku,
            units,
        )
        if state == "committed":
            await inventory.execute("UPDATE stock_levels SET on_hand = on_hand - $2 WHERE sku = $1", sku, units)
        elif state == "reserved":
            await inventory.execute("UPDATE stock_levels SET reserved = reserved + $2 WHERE sku = $1", sku, units)

    async def shipment(self, order_id: str, state: str) -> None:
        await self.db["shipping"].execute(
            """INSERT INTO shipments (order_id, address, units, currency, amount_minor, zone, estimated_days, state,
                                      carrier, tracking_number, create_time)
               VALUES ($1, '{}', 2, 'USD', 500, 'domestic', 3, $2, '', '', $3)""",
            order_id,
            state,
            LONG_AGO,
        )

    async def mail(
        self, order_id: str, type_: str = "ORDER_CONFIRMED", state: str = "SENT", at: datetime = LONG_AGO
    ) -> None:
        await self.db["notifications"].execute(
            """INSERT INTO notifications (id, user_id, type, recipient, subject, body, subject_resource, state,
                                          attempts, next_attempt_time, create_time, event_id)
               VALUES ($1, 'u1', $2, 'a@example.com', 's', 'b', $3, $4, 1, $5, $5, $6)""",
            uuid.uuid4(),
            type_,
            f"orders/{order_id}",
            state,
            at,
            uuid.uuid4(),
        )

    async def fact(self, order_id: str, *, total: int = 2600, confirmed: bool = True, cancelled: bool = False) -> None:
        await self.db["analytics"].execute(
            """INSERT INTO orders (order_name, currency, total_minor, placed_time, confirmed_time, cancelled_time)
               VALUES ($1, 'USD', $2, $3, $4, $5)""",
            f"orders/{order_id}",
            total,
            LONG_AGO,
            LONG_AGO if confirmed else None,
            LONG_AGO if cancelled else None,
        )

    async def coupon(self, code: str, *, redemptions: int) -> str:
        """An active coupon whose count says ``redemptions``."""
        promotion_id = uuid.uuid4()
        await self.db["catalog"].execute(
            """INSERT INTO promotions (id, display_name, kind, percent_off, product_ids, category_ids, coupon_code,
                                       max_redemptions, max_redemptions_per_customer, start_time, redemptions, state,
                                       create_time, update_time, version)
               VALUES ($1, 'Ten off', 'percent_off', 10, '{}', '{}', $2, 0, 0, $3, $4, 'active', $3, $3, 1)""",
            promotion_id,
            code,
            LONG_AGO,
            redemptions,
        )
        return str(promotion_id)

    async def redemption(self, order_id: str, promotion_id: str, state: str = "redeemed") -> None:
        await self.db["catalog"].execute(
            """INSERT INTO coupon_redemptions (order_name, promotion_id, customer, state, create_time, update_time)
               VALUES ($1, $2, 'users/u1', $3, $4, $4)""",
            f"orders/{order_id}",
            uuid.UUID(promotion_id),
            state,
            LONG_AGO,
        )

    async def confirmed_order(self) -> str:
        """A checkout that went right: every service's row agrees."""
        order_id = await self.order("confirmed")
        await self.payment(order_id, "authorized")
        await self.reservation(order_id, "committed")
        await self.shipment(order_id, "pending")
        await self.mail(order_id)
        await self.fact(order_id)
        return order_id

    async def declined_order(self) -> str:
        order_id = await self.order("cancelled", cancel_reason="PAYMENT_DECLINED")
        await self.payment(order_id, "declined")
        await self.reservation(order_id, "released")
        await self.fact(order_id, confirmed=False, cancelled=True)
        return order_id

    async def report(self, since: datetime = datetime(1970, 1, 1, tzinfo=UTC)) -> reconcile.Report:
        now = datetime.now(UTC)
        books = await reconcile.read_books(self.urls, since=since, now=now, outbox_age=60, mail_age=600)
        return reconcile.Report(reconcile.findings(books, now=now, settle=30, pending_age=120), {})


@pytest.fixture
async def shop(infrastructure: Profile) -> AsyncIterator[Shop]:
    urls = {name: infrastructure.database_url(f"{name}_reconcile") for name in SCHEMAS}
    for name, definition in SCHEMAS.items():
        assert definition.migrations is not None
        await migrate(urls[name], definition.migrations)
    connections = {name: await asyncpg.connect(reconcile._asyncpg_url(url)) for name, url in urls.items()}
    for connection in connections.values():  # every table but Alembic's, emptied
        tables = await connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
        )
        await connection.execute("TRUNCATE " + ", ".join(f'"{t["tablename"]}"' for t in tables) + " CASCADE")
    shop = Shop(urls, connections)
    await shop.receive("RC-MUG", 100)
    yield shop
    await asyncio.gather(*(c.close() for c in connections.values()))


def _checks(report: reconcile.Report) -> dict[str, list[reconcile.Finding]]:
    found: dict[str, list[reconcile.Finding]] = {}
    for finding in report.findings:
        found.setdefault(finding.check, []).append(finding)
    return found


async def test_books_that_balance_have_no_finding(shop: Shop) -> None:
    await shop.confirmed_order()
    await shop.declined_order()
    held = await shop.order("pending")  # a checkout in flight, just started
    await shop.db["orders"].execute("UPDATE orders SET update_time = now() WHERE id = $1", uuid.UUID(held))
    await shop.reservation(held, "committed")

    report = await shop.report()

    assert report.findings == []


async def test_since_checks_the_orders_placed_since_not_older_ones_a_late_row_names(shop: Shop) -> None:
    older = await shop.order("shipped")  # placed an hour ago; its shipped mail was queued just now
    await shop.payment(older, "captured")
    await shop.reservation(older, "committed")
    await shop.shipment(older, "shipped")
    await shop.mail(older)
    await shop.fact(older)
    await shop.mail(older, "ORDER_SHIPPED", at=datetime.now(UTC))
    unpaid = await shop.order("confirmed")
    await shop.db["orders"].execute(
        "UPDATE orders SET create_time = now() - interval '10 minutes' WHERE id = $1", uuid.UUID(unpaid)
    )

    report = await shop.report(since=datetime.now(UTC) - timedelta(minutes=30))

    assert {(f.check, f.subject) for f in report.findings} >= {("order-payment", f"orders/{unpaid}")}
    assert all(f.subject != f"orders/{older}" for f in report.findings)


async def test_an_order_without_its_payment_or_stock_is_found(shop: Shop) -> None:
    unpaid = await shop.order("confirmed")  # no payment at all
    await shop.reservation(unpaid, "committed")
    await shop.shipment(unpaid, "pending")
    await shop.mail(unpaid)
    await shop.fact(unpaid)
    unstocked = await shop.order("shipped")  # captured, but the stock was only held, never committed
    await shop.payment(unstocked, "captured")
    await shop.reservation(unstocked, "reserved")
    await shop.shipment(unstocked, "shipped")
    await shop.mail(unstocked)
    await shop.fact(unstocked)

    found = _checks(await shop.report())

    assert {f.subject for f in found["order-payment"]} == {f"orders/{unpaid}"}
    assert "payment is missing (expected authorized)" in found["order-payment"][0].detail
    assert {f.subject for f in found["order-stock"]} == {f"orders/{unstocked}"}
    assert found["order-stock"][0].rows["reservation"]["state"] == "reserved"


async def test_money_and_stock_held_for_a_cancelled_order_are_found(shop: Shop) -> None:
    cancelled = await shop.order("cancelled", cancel_reason="CHECKOUT_INTERRUPTED")
    await shop.payment(cancelled, "authorized")
    await shop.reservation(cancelled, "committed")
    await shop.fact(cancelled, confirmed=False, cancelled=True)

    found = _checks(await shop.report())

    assert [f.subject for f in found["payment-held-for-cancelled-order"]] == [f"orders/{cancelled}"]
    assert found["payment-held-for-cancelled-order"][0].rows["payment"]["amount_minor"] == 2600
    assert [f.subject for f in found["stock-held-for-cancelled-order"]] == [f"orders/{cancelled}"]


async def test_coupon_uses_that_do_not_match_their_orders_are_found(shop: Shop) -> None:
    coupon = await shop.coupon("RC-TEN", redemptions=3)  # holds two below: its count is off by one
    kept = await shop.confirmed_order()  # used the coupon and holds its use: as it should
    await shop.db["orders"].execute("UPDATE orders SET coupon_code = 'RC-TEN' WHERE id = $1", uuid.UUID(kept))
    await shop.redemption(kept, coupon)
    gave_back = await shop.order("cancelled", cancel_reason="CUSTOMER_CANCELLED", coupon_code="RC-TEN")
    await shop.redemption(gave_back, coupon, state="released")  # cancelled, its use released: as it should
    held = await shop.order("cancelled", cancel_reason="CUSTOMER_CANCELLED", coupon_code="RC-TEN")
    await shop.redemption(held, coupon)  # cancelled but still holding its use
    used = await shop.order("shipped", coupon_code="RC-TEN")  # used the coupon, holds no use of it

    found = _checks(await shop.report())

    assert [f.subject for f in found["coupon-held"]] == [f"orders/{held}"]
    assert [f.subject for f in found["coupon-not-redeemed"]] == [f"orders/{used}"]
    assert [f.subject for f in found["coupon-count"]] == [f"promotions/{coupon}"]
    assert found["coupon-count"][0].detail == "counts 3 redemptions, holds 2"
    subjects = {f.subject for check, findings in found.items() if check.startswith("coupon-") for f in findings}
    assert f"orders/{kept}" not in subjects
    assert f"orders/{gave_back}" not in subjects


async def test_a_reservation_or_payment_without_an_order_is_found(shop: Shop) -> None:
    nobody = str(uuid.uuid4())
    await shop.reservation(nobody, "reserved")
    await shop.payment(nobody, "authorized")

    found = _checks(await shop.report())

    assert [f.subject for f in found["reservation-outlived-order"]] == [f"reservations/{nobody}"]
    assert [f.subject for f in found["payment-without-order"]] == [f"orders/{nobody}"]


async def test_stock_that_the_ledger_does_not_explain_is_found(shop: Shop) -> None:
    await shop.confirmed_order()  # 100 received - 2 committed = 98 on hand
    await shop.db["inventory"].execute("UPDATE stock_levels SET on_hand = 95, reserved = 1 WHERE sku = 'RC-MUG'")

    found = _checks(await shop.report())

    details = sorted(f.detail for f in found["stock-ledger"])
    assert details == [
        "1 reserved, but held reservations hold 0",
        "95 on hand, but adjustments (100) - committed (2) = 98",
    ]


async def test_events_applied_twice_or_never_are_found(shop: Shop) -> None:
    twice = await shop.confirmed_order()
    await shop.mail(twice)  # a second confirmation mail for the same order
    never = await shop.order("confirmed")
    await shop.payment(never, "authorized")
    await shop.reservation(never, "committed")
    await shop.shipment(never, "pending")  # no mail, no analytics fact
    miscounted = await shop.confirmed_order()
    await shop.db["analytics"].execute(
        "UPDATE orders SET total_minor = 1 WHERE order_name = $1", f"orders/{miscounted}"
    )
    declined = await shop.declined_order()
    await shop.mail(declined)  # confirmation mail for an order refused at checkout

    found = _checks(await shop.report())

    assert [f.subject for f in found["event-applied-twice"]] == [f"orders/{twice}"]
    assert sorted(f.detail for f in found["event-never-applied"]) == [
        "confirmed order missing from analytics",
        "confirmed order without an ORDER_CONFIRMED notification (sent or suppressed)",
    ]
    assert {f.subject for f in found["event-never-applied"]} == {f"orders/{never}"}
    assert [f.subject for f in found["analytics-total"]] == [f"orders/{miscounted}"]
    assert [f.subject for f in found["mail-for-unconfirmed-order"]] == [f"orders/{declined}"]


async def test_stuck_work_is_found(shop: Shop) -> None:
    stuck = await shop.order("pending")  # untouched for an hour: recovery never ended it
    await shop.db["orders"].execute(
        """INSERT INTO outbox (id, topic, key, type, source, payload, headers, create_time)
           VALUES ($1, 'shop.orders.v1', 'k', 't', 's', ''::bytea, '{}', $2)""",
        uuid.uuid4(),
        LONG_AGO,
    )
    order_id = await shop.confirmed_order()
    await shop.db["notifications"].execute(
        "UPDATE notifications SET state = 'PENDING' WHERE subject_resource = $1", f"orders/{order_id}"
    )

    found = _checks(await shop.report())

    assert [f.subject for f in found["order-stuck-pending"]] == [f"orders/{stuck}"]
    assert [f.subject for f in found["outbox-unpublished"]] == ["orders outbox"]
    assert found["outbox-unpublished"][0].rows["count"] == 1
    assert len(found["mail-unsent"]) == 1


async def test_the_command_exits_non_zero_and_prints_every_finding_as_json(
    shop: Shop, capsys: pytest.CaptureFixture[str]
) -> None:
    cancelled = await shop.order("cancelled", cancel_reason="CHECKOUT_INTERRUPTED")
    await shop.payment(cancelled, "captured")
    await shop.fact(cancelled, confirmed=False, cancelled=True)
    argv = [f"--database={name}={url}" for name, url in shop.urls.items()]

    status = await asyncio.to_thread(reconcile.main, [*argv, "--json"])

    printed: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert status == 1
    assert printed["clean"] is False
    assert [(f["check"], f["subject"]) for f in printed["findings"]] == [
        ("payment-held-for-cancelled-order", f"orders/{cancelled}")
    ]
    assert printed["findings"][0]["rows"]["payment"]["state"] == "captured"

    await shop.db["payments"].execute("UPDATE payments SET state = 'voided' WHERE order_id = $1", cancelled)
    assert await asyncio.to_thread(reconcile.main, argv) == 0
    assert capsys.readouterr().out.startswith("reconcile: the books balance")
