"""``make reconcile``: checks that the books of a running ShopMesh balance across its services' databases.

    python -m scripts.reconcile [--profile dev] [--database orders=postgresql://... ...] [--since 2026-11-30T10:00Z]
                                [--settle 30] [--json]

It reads (never writes) orders, payments, inventory, shipping, notifications and analytics, and reports every
inconsistency with the rows involved:

- every settled order has what its state promises elsewhere: a CONFIRMED order an authorized payment, committed
  stock of exactly its lines and an open shipment; SHIPPED/DELIVERED a captured payment; REFUNDED a refunded one
  (or, when returns paid back every unit, one refunded but for the shipping); PARTIALLY_REFUNDED a partly refunded one;
  a CANCELLED order no payment held, no stock taken and no shipment open;
- nothing outlives its order: a payment held, stock reserved or committed, for an order that is cancelled or
  does not exist; an order PENDING long after its checkout (recovery should have ended it);
- the stock ledger: for every stock row, on hand = Σ adjustments - units of committed reservations, and
  reserved = units of held reservations;
- events applied once, neither never nor twice: one confirmation mail per confirmed order and none for an
  order never confirmed, no order mail queued twice, mail not left unsent; one analytics fact per order, with
  the order's total, confirmed and cancelled exactly when the order was;
- coupons: an order placed with a coupon holds one redemption of it unless it was cancelled (then none), no
  redemption is held for an order that does not exist, and each promotion's count is the redemptions it holds;
- outbox rows not published long after they were written (in every database that has an outbox);
- product images against the object store (a local stack's, or ``--media``): every image's upload and
  renditions are there, and no upload or rendition is there that no image names (an upload gets half an hour
  to be finished first).

"Settled" means untouched for ``--settle`` seconds: a checkout or an event in flight is not a finding yet.
``--since`` limits the order-level checks to orders placed since then (the ledger and the outboxes are always
checked whole). Exit status 1 when there is any finding, 0 when the books balance; ``--json`` prints them as
JSON instead of a table. Against another deployment, pass each database's URL with ``--database`` (see the
README's "Reconcile" section).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg

DATABASES = ("orders", "payments", "inventory", "shipping", "notifications", "analytics", "catalog")
# Databases whose services publish through an outbox (checked if the table is there).
OUTBOX_DATABASES = ("identity", "catalog", "inventory", "payments", "shipping", "orders", "reviews")

# What an order's state promises in the other services (None: no row at all).
EVER_CONFIRMED = {"confirmed", "shipped", "delivered", "refunded", "partially_refunded"}
PAYMENT_FOR = {
    "confirmed": {"authorized"},
    "shipped": {"captured"},
    "delivered": {"captured"},
    "refunded": {"refunded", "partially_refunded"},
    "partially_refunded": {"partially_refunded"},
    "cancelled": {None, "declined", "voided", "refunded"},
}
RESERVATION_FOR = {state: {"committed"} for state in EVER_CONFIRMED} | {"cancelled": {None, "released", "expired"}}
# A shipped order's parcel may be anywhere the carrier reported (a delivery reaches the order over Kafka).
SHIPMENT_FOR = {
    "confirmed": {"pending"},
    "shipped": {"shipped", "in_transit", "out_for_delivery"},
    "delivered": {"delivered"},
    "refunded": {"shipped", "in_transit", "out_for_delivery", "delivered"},
    "partially_refunded": {"delivered"},
    "cancelled": {None, "cancelled"},
}
HELD_PAYMENT = {"authorized", "captured"}
TAKEN_STOCK = {"reserved", "committed"}
# A confirmed order the customer cancelled was confirmed once (and mailed so).
CUSTOMER_CANCELLED = "CUSTOMER_CANCELLED"
ORDER_MAIL_TYPES = ("ORDER_CONFIRMED", "ORDER_SHIPPED", "ORDER_DELIVERED", "ORDER_CANCELLED")


@dataclass(frozen=True)
class Finding:
    check: str
    subject: str
    detail: str
    rows: dict[str, Any] = field(default_factory=dict)


@dataclass
class Order:
    id: str
    state: str
    cancel_reason: str
    currency: str
    total_minor: int
    update_time: datetime
    units: dict[str, int]  # sku → units
    returned_minor: int = 0  # paid back by returns (analytics' sale shrinks by them)
    coupon_code: str = ""

    @property
    def name(self) -> str:
        return f"orders/{self.id}"

    @property
    def was_confirmed(self) -> bool:
        return self.state in EVER_CONFIRMED or (self.state == "cancelled" and self.cancel_reason == CUSTOMER_CANCELLED)


@dataclass
class Books:
    """What reconcile read, one snapshot per database."""

    orders: dict[str, Order] = field(default_factory=dict)
    # Orders placed in the window (the order-level checks' subjects); the others in ``orders`` were read only
    # because a row in the window names them (a mail queued late for an older order is no orphan).
    placed: set[str] = field(default_factory=set)
    payments: dict[str, dict[str, Any]] = field(default_factory=dict)
    reservations: dict[str, dict[str, Any]] = field(default_factory=dict)  # + "units": sku → units
    stock: list[dict[str, Any]] = field(default_factory=list)
    shipments: dict[str, dict[str, Any]] = field(default_factory=dict)
    mails: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)  # (order id, type) → rows
    unsent_mail: list[dict[str, Any]] = field(default_factory=list)
    facts: dict[str, dict[str, Any]] = field(default_factory=dict)
    redemptions: dict[str, dict[str, Any]] = field(default_factory=dict)  # order id → coupon redemption
    coupon_counts: list[dict[str, Any]] = field(default_factory=list)  # promotions whose count is off
    stale_outbox: dict[str, dict[str, Any]] = field(default_factory=dict)  # database → count, oldest
    # Product images (when the object store was read): rows, and the objects in its two buckets.
    media: MediaBooks | None = None


@dataclass
class MediaBooks:
    images: list[dict[str, Any]] = field(default_factory=list)  # id, state, object_key, renditions (keys)
    uploads: dict[str, datetime] = field(default_factory=dict)  # key → last modified
    renditions: dict[str, datetime] = field(default_factory=dict)  # key → last modified


# --- the checks (pure: Books in, findings out) -----------------------------------------------------------


def findings(books: Books, *, now: datetime, settle: float, pending_age: float) -> list[Finding]:
    settled_before = now - timedelta(seconds=settle)
    found: list[Finding] = []
    found += _order_promises(books, settled_before, now - timedelta(seconds=pending_age))
    found += _orphans(books, settled_before)
    found += _stock_ledger(books.stock)
    found += _mails(books, settled_before)
    found += _analytics(books, settled_before)
    found += _coupons(books, settled_before)
    if books.media is not None:
        found += _media(books.media, settled_before)
    for database, stale in sorted(books.stale_outbox.items()):
        found.append(
            Finding(
                "outbox-unpublished",
                f"{database} outbox",
                f"{stale['count']} events unpublished, the oldest written at {stale['oldest'].isoformat()}",
                _plain(stale),
            )
        )
    return found


def _placed(books: Books) -> list[Order]:
    return [books.orders[order_id] for order_id in sorted(books.placed)]


def _order_promises(books: Books, settled_before: datetime, pending_before: datetime) -> Iterable[Finding]:
    for order in _placed(books):
        if order.state == "pending":
            if order.update_time < pending_before:
                yield Finding(
                    "order-stuck-pending",
                    order.name,
                    f"PENDING since {order.update_time.isoformat()}: recovery has not ended its checkout",
                    {"order": _plain(asdict(order))},
                )
            continue
        if order.update_time >= settled_before:
            continue
        payment = books.payments.get(order.id)
        reservation = books.reservations.get(order.id)
        shipment = books.shipments.get(order.id)
        rows = {"order": _plain(asdict(order)), "payment": _plain(payment), "reservation": _plain(reservation)}
        if (payment and payment["state"]) not in PAYMENT_FOR.get(order.state, {None}):
            expected = " or ".join(sorted(str(s) for s in PAYMENT_FOR[order.state]))
            check = "payment-held-for-cancelled-order" if order.state == "cancelled" else "order-payment"
            yield Finding(
                check, order.name, f"{order.state}, but its payment is {_state(payment)} (expected {expected})", rows
            )
        if (reservation and reservation["state"]) not in RESERVATION_FOR.get(order.state, {None}):
            expected = " or ".join(sorted(str(s) for s in RESERVATION_FOR[order.state]))
            check = "stock-held-for-cancelled-order" if order.state == "cancelled" else "order-stock"
            yield Finding(
                check,
                order.name,
                f"{order.state}, but its stock reservation is {_state(reservation)} (expected {expected})",
                rows,
            )
        elif reservation and reservation["state"] == "committed" and reservation["units"] != order.units:
            yield Finding(
                "order-stock",
                order.name,
                f"committed stock {reservation['units']} is not the order's lines {order.units}",
                rows,
            )
        if (shipment and shipment["state"]) not in SHIPMENT_FOR.get(order.state, {None}):
            expected = " or ".join(sorted(str(s) for s in SHIPMENT_FOR[order.state]))
            yield Finding(
                "order-shipment",
                order.name,
                f"{order.state}, but its shipment is {_state(shipment)} (expected {expected})",
                {**rows, "shipment": _plain(shipment)},
            )


def _orphans(books: Books, settled_before: datetime) -> Iterable[Finding]:
    """Money or stock held for an order that does not exist."""
    for order_id, payment in books.payments.items():
        held = payment["state"] in HELD_PAYMENT
        if order_id not in books.orders and held and payment["update_time"] < settled_before:
            yield Finding(
                "payment-without-order",
                f"orders/{order_id}",
                f"a {payment['state']} payment of {payment['amount_minor']} {payment['currency']} for no order",
                {"payment": _plain(payment)},
            )
    for order_id, reservation in books.reservations.items():
        taken = reservation["state"] in TAKEN_STOCK
        if order_id not in books.orders and taken and reservation["update_time"] < settled_before:
            yield Finding(
                "reservation-outlived-order",
                f"reservations/{order_id}",
                f"{reservation['state']} stock {reservation['units']} for no order",
                {"reservation": _plain(reservation)},
            )


def _stock_ledger(stock: Sequence[Mapping[str, Any]]) -> Iterable[Finding]:
    for row in stock:
        subject = f"skus/{row['sku']}/warehouses/{row['warehouse']}"
        expected_on_hand = row["adjusted"] - row["committed"]
        if row["on_hand"] != expected_on_hand:
            yield Finding(
                "stock-ledger",
                subject,
                f"{row['on_hand']} on hand, but adjustments ({row['adjusted']}) - committed ({row['committed']}) "
                f"= {expected_on_hand}",
                _plain(dict(row)),
            )
        if row["reserved"] != row["held"]:
            yield Finding(
                "stock-ledger",
                subject,
                f"{row['reserved']} reserved, but held reservations hold {row['held']}",
                _plain(dict(row)),
            )


def _mails(books: Books, settled_before: datetime) -> Iterable[Finding]:
    for (order_id, type_), rows in sorted(books.mails.items()):
        if len(rows) > 1:
            yield Finding(
                "event-applied-twice",
                f"orders/{order_id}",
                f"{len(rows)} {type_} mails queued for one order",
                {"notifications": _plain(rows)},
            )
    for order in _placed(books):
        if order.state == "pending" or order.update_time >= settled_before:
            continue
        confirmed_mail = books.mails.get((order.id, "ORDER_CONFIRMED"))
        if order.was_confirmed and not confirmed_mail:
            yield Finding(
                "event-never-applied",
                order.name,
                f"{order.state} order without an ORDER_CONFIRMED notification (sent or suppressed)",
                {"order": _plain(asdict(order))},
            )
        if not order.was_confirmed and confirmed_mail:
            yield Finding(
                "mail-for-unconfirmed-order",
                order.name,
                f"an ORDER_CONFIRMED mail for a {order.state} order ({order.cancel_reason or 'no reason'})",
                {"order": _plain(asdict(order)), "notifications": _plain(confirmed_mail)},
            )
    for mail in books.unsent_mail:
        yield Finding(
            "mail-unsent",
            f"notifications/{mail['id']}",
            f"{mail['type']} to {mail['recipient']} still PENDING after {mail['attempts']} attempts "
            f"(queued {mail['create_time'].isoformat()})",
            {"notification": _plain(mail)},
        )


def _analytics(books: Books, settled_before: datetime) -> Iterable[Finding]:
    for order in _placed(books):
        if order.state == "pending" or order.update_time >= settled_before:
            continue
        fact = books.facts.get(order.name)
        rows = {"order": _plain(asdict(order)), "fact": _plain(fact)}
        if fact is None:
            yield Finding("event-never-applied", order.name, f"{order.state} order missing from analytics", rows)
            continue
        kept = order.total_minor - order.returned_minor
        if (fact["currency"], fact["total_minor"]) != (order.currency, kept):
            yield Finding(
                "analytics-total",
                order.name,
                f"analytics counts {fact['total_minor']} {fact['currency']}, "
                f"the order is {kept} {order.currency} (after returns)",
                rows,
            )
        if fact["confirmed"] != order.was_confirmed:
            said = "confirmed" if fact["confirmed"] else "not confirmed"
            yield Finding("analytics-state", order.name, f"{order.state} order counted as {said} in analytics", rows)
        cancelled = order.state in ("cancelled", "refunded")
        if fact["cancelled"] != cancelled:
            said = "cancelled" if fact["cancelled"] else "not cancelled"
            yield Finding("analytics-state", order.name, f"{order.state} order counted as {said} in analytics", rows)
    for name, fact in books.facts.items():
        if name.removeprefix("orders/") not in books.orders and fact["placed_time"] < settled_before:
            yield Finding("analytics-unknown-order", name, "analytics counts an order orders does not have", fact)


def _coupons(books: Books, settled_before: datetime) -> Iterable[Finding]:
    for order in _placed(books):
        if order.state == "pending" or order.update_time >= settled_before:
            continue
        held = books.redemptions.get(order.id)
        holds = held is not None and held["state"] == "redeemed"
        rows = {"order": _plain(asdict(order)), "redemption": _plain(held)}
        if order.coupon_code and order.state != "cancelled" and not holds:
            yield Finding("coupon-not-redeemed", order.name, f"{order.state} order used {order.coupon_code}", rows)
        if holds and (order.state == "cancelled" or not order.coupon_code):
            yield Finding("coupon-held", order.name, f"{order.state} order holds a coupon redemption", rows)
    for order_id, held in books.redemptions.items():
        if order_id not in books.orders and held["state"] == "redeemed" and held["update_time"] < settled_before:
            yield Finding("coupon-unknown-order", f"orders/{order_id}", "a redemption for no order", _plain(held))
    for promotion in books.coupon_counts:
        yield Finding(
            "coupon-count",
            f"promotions/{promotion['id']}",
            f"counts {promotion['redemptions']} redemptions, holds {promotion['held']}",
            _plain(promotion),
        )


# An upload no image names is not abandoned while its address may still be used (15 minutes) and finished.
UPLOAD_WINDOW = timedelta(minutes=30)


def _media(media: MediaBooks, settled_before: datetime) -> Iterable[Finding]:
    """Objects against catalog rows: every row's objects exist, and every object is some row's."""
    named_uploads = {image["object_key"] for image in media.images}
    named_renditions = {key for image in media.images for key in image["renditions"]}
    for image in media.images:
        if image["object_key"] not in media.uploads:
            yield Finding(
                "media-upload-missing", image["name"], "the image's uploaded bytes are not in the store", image
            )
        missing = [key for key in image["renditions"] if key not in media.renditions]
        if missing:
            yield Finding(
                "media-rendition-missing",
                image["name"],
                f"{len(missing)} of its renditions are not in the store",
                image,
            )
    for key, modified in sorted(media.uploads.items()):
        if key not in named_uploads and modified < settled_before - UPLOAD_WINDOW:
            yield Finding("media-upload-orphan", key, "an upload no image names (never finished, or its image deleted)")
    for key, modified in sorted(media.renditions.items()):
        if key not in named_renditions and modified < settled_before:
            yield Finding("media-rendition-orphan", key, "a rendition no image names")


def _state(row: Mapping[str, Any] | None) -> str:
    return "missing" if row is None else str(row["state"])


def _plain(value: Any) -> Any:
    """JSON-ready: datetimes as ISO 8601."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


# --- reading the databases ----------------------------------------------------------------------------------


async def read_books(
    urls: Mapping[str, str],
    *,
    since: datetime,
    now: datetime,
    outbox_age: float,
    mail_age: float,
    media: MediaStoreAccess | None = None,
) -> Books:
    books = Books()
    async with _connected(urls) as db:
        if media is not None:
            books.media = await read_media(db["catalog"], media)
        await asyncio.gather(
            _read_orders(db["orders"], books, since),
            _read_payments(db["payments"], books, since),
            _read_inventory(db["inventory"], books, since),
            _read_shipments(db["shipping"], books, since),
            _read_notifications(db["notifications"], books, since, now - timedelta(seconds=mail_age)),
            _read_analytics(db["analytics"], books, since),
            _read_coupons(db["catalog"], books, since),
        )
        # Rows in the window whose order was placed before it: fetch those orders too (no false orphans).
        referenced = (
            set(books.payments)
            | set(books.reservations)
            | set(books.shipments)
            | {order_id for order_id, _ in books.mails}
            | {name.removeprefix("orders/") for name in books.facts}
            | set(books.redemptions)
        )
        missing = sorted(referenced - set(books.orders))
        if missing:
            await _read_orders(db["orders"], books, None, ids=missing)
        stale_before = now - timedelta(seconds=outbox_age)
        for database in OUTBOX_DATABASES:
            if database in db:
                await _read_outbox(db[database], database, books, stale_before)
    return books


@dataclass(frozen=True)
class MediaStoreAccess:
    """How reconcile reads the object store: its S3 endpoint, credentials that may list both buckets."""

    endpoint: str
    access_key: str
    secret_key: str
    uploads_bucket: str = "shopmesh-uploads"
    media_bucket: str = "shopmesh-media"


async def read_media(catalog: asyncpg.Connection, access: MediaStoreAccess) -> MediaBooks:
    from services.catalog.adapters.object_store import Credentials, ObjectStore

    media = MediaBooks()
    rows = await catalog.fetch(
        "SELECT id, product_id, state, object_key, renditions FROM product_images ORDER BY create_time"
    )
    for row in rows:
        renditions = json.loads(row["renditions"]) if isinstance(row["renditions"], str) else row["renditions"]
        media.images.append(
            {
                "name": f"products/{row['product_id']}/images/{row['id']}",
                "state": row["state"],
                "object_key": row["object_key"],
                "renditions": sorted(r["k"] for r in renditions),
            }
        )
    store = ObjectStore(access.endpoint, Credentials(access.access_key, access.secret_key))
    try:
        async for stored in store.keys(access.uploads_bucket):
            media.uploads[stored.key] = stored.last_modified or datetime.now(UTC)
        async for stored in store.keys(access.media_bucket):
            media.renditions[stored.key] = stored.last_modified or datetime.now(UTC)
    finally:
        await store.close()
    return media


class _connected:
    """One connection per database that has a URL; each read runs in a REPEATABLE READ snapshot."""

    def __init__(self, urls: Mapping[str, str]) -> None:
        self._urls = urls
        self._connections: dict[str, asyncpg.Connection] = {}

    async def __aenter__(self) -> dict[str, asyncpg.Connection]:
        names = [name for name in self._urls if name in (*DATABASES, *OUTBOX_DATABASES)]  # others: nothing to check
        connections = await asyncio.gather(*(asyncpg.connect(_asyncpg_url(self._urls[n]), timeout=10) for n in names))
        self._connections = dict(zip(names, connections, strict=True))
        missing = [name for name in DATABASES if name not in self._connections]
        if missing:
            raise SystemExit(f"reconcile: no URL for the {', '.join(missing)} database(s)")
        return self._connections

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.gather(*(c.close() for c in self._connections.values()))


def _asyncpg_url(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://", 1)


_ORDERS = """
    SELECT o.id::text AS id, o.state, o.cancel_reason, o.currency,
           o.items_minor - o.discount_minor + o.tax_minor + o.shipping_minor AS total_minor, o.update_time,
           coalesce((SELECT json_object_agg(sku, units) FROM (
                SELECT l.sku, sum(l.quantity) AS units FROM order_lines l WHERE l.order_id = o.id GROUP BY l.sku
           ) lines), '{}') AS units,
           (SELECT coalesce(sum(r.items_refund_minor + r.tax_refund_minor), 0) FROM order_returns r
            WHERE r.order_id = o.id AND r.state = 'refunded') AS returned_minor, o.coupon_code
    FROM orders o
"""


async def _read_orders(
    connection: asyncpg.Connection, books: Books, since: datetime | None, ids: Sequence[str] = ()
) -> None:
    if ids:
        rows = await connection.fetch(_ORDERS + " WHERE o.id::text = ANY($1::text[])", list(ids))
    else:
        rows = await connection.fetch(_ORDERS + " WHERE o.create_time >= $1", since)
    for row in rows:
        units = {sku: int(n) for sku, n in json.loads(row["units"]).items()}
        books.orders[row["id"]] = Order(
            row["id"],
            row["state"],
            row["cancel_reason"],
            row["currency"],
            int(row["total_minor"]),
            row["update_time"],
            units,
            int(row["returned_minor"]),
            row["coupon_code"],
        )
        if not ids:
            books.placed.add(row["id"])


async def _read_coupons(connection: asyncpg.Connection, books: Books, since: datetime) -> None:
    rows = await connection.fetch(
        "SELECT order_name, state, customer, update_time FROM coupon_redemptions WHERE create_time >= $1", since
    )
    for row in rows:
        books.redemptions[row["order_name"].removeprefix("orders/")] = dict(row)
    books.coupon_counts = [
        dict(row)
        for row in await connection.fetch(
            """
            SELECT p.id::text AS id, p.redemptions,
                   (SELECT count(*) FROM coupon_redemptions r WHERE r.promotion_id = p.id AND r.state = 'redeemed')
                   AS held
            FROM promotions p WHERE p.coupon_code IS NOT NULL
            """
        )
        if row["redemptions"] != row["held"]
    ]


async def _read_payments(connection: asyncpg.Connection, books: Books, since: datetime) -> None:
    rows = await connection.fetch(
        "SELECT order_id, state, currency, amount_minor, update_time FROM payments WHERE create_time >= $1", since
    )
    books.payments = {row["order_id"]: dict(row) for row in rows}


async def _read_inventory(connection: asyncpg.Connection, books: Books, since: datetime) -> None:
    async with connection.transaction(isolation="repeatable_read", readonly=True):
        rows = await connection.fetch(
            """
            SELECT r.order_id, r.state, r.update_time,
                   coalesce((SELECT json_object_agg(sku, units) FROM (
                        SELECT l.sku, sum(l.quantity) AS units FROM reservation_lines l
                        WHERE l.order_id = r.order_id GROUP BY l.sku
                   ) lines), '{}') AS units
            FROM reservations r WHERE r.create_time >= $1
            """,
            since,
        )
        books.reservations = {
            row["order_id"]: {
                "order_id": row["order_id"],
                "state": row["state"],
                "update_time": row["update_time"],
                "units": {sku: int(n) for sku, n in json.loads(row["units"]).items()},
            }
            for row in rows
        }
        stock = await connection.fetch(
            """
            WITH adjusted AS (
                SELECT sku, warehouse, sum(delta) AS units FROM stock_adjustments GROUP BY sku, warehouse
            ), taken AS (
                SELECT l.sku, l.warehouse,
                       sum(l.quantity) FILTER (WHERE r.state = 'committed') AS committed,
                       sum(l.quantity) FILTER (WHERE r.state = 'reserved') AS held
                FROM reservation_lines l JOIN reservations r USING (order_id)
                WHERE r.state IN ('committed', 'reserved') GROUP BY l.sku, l.warehouse
            )
            SELECT s.sku, s.warehouse, s.on_hand, s.reserved, coalesce(a.units, 0) AS adjusted,
                   coalesce(t.committed, 0) AS committed, coalesce(t.held, 0) AS held
            FROM stock_levels s LEFT JOIN adjusted a USING (sku, warehouse) LEFT JOIN taken t USING (sku, warehouse)
            ORDER BY s.sku, s.warehouse
            """
        )
        books.stock = [{k: (int(v) if isinstance(v, int) else v) for k, v in row.items()} for row in stock]


async def _read_shipments(connection: asyncpg.Connection, books: Books, since: datetime) -> None:
    rows = await connection.fetch("SELECT order_id, state FROM shipments WHERE create_time >= $1", since)
    books.shipments = {row["order_id"]: dict(row) for row in rows}


async def _read_notifications(
    connection: asyncpg.Connection, books: Books, since: datetime, unsent_before: datetime
) -> None:
    rows = await connection.fetch(
        """
        SELECT id::text AS id, type, subject_resource, state, event_id::text AS event_id, create_time
        FROM notifications WHERE create_time >= $1 AND type = ANY($2::text[]) AND subject_resource LIKE 'orders/%'
        ORDER BY seq
        """,
        since,
        list(ORDER_MAIL_TYPES),
    )
    mails: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        mails[(row["subject_resource"].removeprefix("orders/"), row["type"])].append(dict(row))
    books.mails = dict(mails)
    unsent = await connection.fetch(
        """
        SELECT id::text AS id, type, recipient, attempts, create_time FROM notifications
        WHERE state = 'PENDING' AND create_time < $1 ORDER BY create_time LIMIT 100
        """,
        unsent_before,
    )
    books.unsent_mail = [dict(row) for row in unsent]


async def _read_analytics(connection: asyncpg.Connection, books: Books, since: datetime) -> None:
    rows = await connection.fetch(
        """
        SELECT order_name, currency, total_minor, placed_time, confirmed_time IS NOT NULL AS confirmed,
               cancelled_time IS NOT NULL AS cancelled
        FROM orders WHERE placed_time >= $1
        """,
        since,
    )
    books.facts = {row["order_name"]: dict(row) for row in rows}


async def _read_outbox(connection: asyncpg.Connection, database: str, books: Books, stale_before: datetime) -> None:
    if await connection.fetchval("SELECT to_regclass('outbox')") is None:
        return
    count, oldest = await connection.fetchrow(
        "SELECT count(*), min(create_time) FROM outbox WHERE published_time IS NULL AND create_time < $1",
        stale_before,
    )
    if count:
        books.stale_outbox[database] = {"count": int(count), "oldest": oldest}


# --- running it ---------------------------------------------------------------------------------------------


@dataclass
class Report:
    findings: list[Finding]
    checked: dict[str, int]
    # Orders still PENDING (checkouts in flight; stuck ones are findings once older than --pending-age).
    pending: int = 0

    @property
    def clean(self) -> bool:
        return not self.findings

    def as_json(self) -> dict[str, Any]:
        return {
            "clean": self.clean,
            "checked": self.checked,
            "pending": self.pending,
            "findings": [asdict(f) for f in self.findings],
        }

    def table(self) -> str:
        checked = ", ".join(f"{n} {what}" for what, n in self.checked.items())
        if self.clean:
            return f"reconcile: the books balance ({checked})"
        width = max(len(f.check) for f in self.findings)
        subject_width = max(len(f.subject) for f in self.findings)
        lines = [f"{'check'.ljust(width)}  {'subject'.ljust(subject_width)}  finding"]
        lines += [f"{f.check.ljust(width)}  {f.subject.ljust(subject_width)}  {f.detail}" for f in self.findings]
        by_check = Counter(f.check for f in self.findings)
        lines.append(
            f"reconcile: {len(self.findings)} findings ("
            + ", ".join(f"{check} {n}" for check, n in sorted(by_check.items()))
            + f"); checked {checked}"
        )
        return "\n".join(lines)


def reconcile(
    urls: Mapping[str, str],
    *,
    since: datetime | None = None,
    settle: float = 30.0,
    pending_age: float = 120.0,
    outbox_age: float = 60.0,
    mail_age: float = 600.0,
    media: MediaStoreAccess | None = None,
) -> Report:
    now = datetime.now(UTC)
    books = asyncio.run(
        read_books(
            urls,
            since=since or datetime(1970, 1, 1, tzinfo=UTC),
            now=now,
            outbox_age=outbox_age,
            mail_age=mail_age,
            media=media,
        )
    )
    found = findings(books, now=now, settle=settle, pending_age=pending_age)
    checked = {
        "orders": len(books.placed),
        "payments": len(books.payments),
        "reservations": len(books.reservations),
        "stock rows": len(books.stock),
        "shipments": len(books.shipments),
        "order mails": sum(len(rows) for rows in books.mails.values()),
        "analytics facts": len(books.facts),
        **(
            {
                "product images": len(books.media.images),
                "stored objects": len(books.media.uploads) + len(books.media.renditions),
            }
            if books.media is not None
            else {}
        ),
    }
    pending = sum(1 for order_id in books.placed if books.orders[order_id].state == "pending")
    return Report(found, checked, pending=pending)


def until_balanced(profile_name: str, since: datetime, within: float = 120.0) -> tuple[Report, float | None]:
    """For drills (make chaos, make soak): reconciles the orders placed since ``since`` on a local stack until
    the books balance and no checkout is still PENDING, or ``within`` seconds pass; returns the last report and
    how long it took (None: it never balanced; then any order still PENDING is reported as stuck)."""
    urls = profile_urls(profile_name)
    started = time.monotonic()
    while True:
        elapsed = time.monotonic() - started
        last_try = elapsed > within
        report = reconcile(
            urls, since=since, settle=0.0, pending_age=0.0 if last_try else 1e9, outbox_age=60.0, mail_age=60.0
        )
        if report.clean and report.pending == 0:
            return report, elapsed
        if last_try:
            return report, None
        time.sleep(3)


def profile_media(profile_name: str) -> MediaStoreAccess:
    """A local stack's object store, read as its admin."""
    from scripts.mesh import Profile

    profile = Profile.named(profile_name)
    admin = profile.s3_admin_user
    return MediaStoreAccess(
        profile.s3_url, admin, profile.s3_secret(admin), profile.uploads_bucket, profile.media_bucket
    )


def profile_urls(profile_name: str) -> dict[str, str]:
    """Every database of a local stack (``make up``'s dev, or the test stack)."""
    from scripts.mesh import Profile

    profile = Profile.named(profile_name)
    return {name: profile.database_url(name) for name in (*DATABASES, *OUTBOX_DATABASES)}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--profile", help="a local stack whose databases to read (dev, test); dev unless every --database is given"
    )
    parser.add_argument(
        "--database",
        action="append",
        default=[],
        metavar="NAME=URL",
        help="a database's URL (postgresql://user:password@host:port/db), in place of the profile's",
    )
    parser.add_argument("--since", type=datetime.fromisoformat, help="only orders placed since (ISO 8601)")
    parser.add_argument("--settle", type=float, default=30.0, help="seconds an order must be untouched")
    parser.add_argument("--pending-age", type=float, default=120.0, help="a PENDING order older is stuck")
    parser.add_argument("--outbox-age", type=float, default=60.0, help="an unpublished outbox row older is stuck")
    parser.add_argument("--mail-age", type=float, default=600.0, help="an unsent mail older is stuck")
    parser.add_argument(
        "--media",
        metavar="S3_URL",
        help="the object store of product images (credentials in SHOPMESH_MEDIA_S3_ACCESS_KEY and _SECRET_KEY); "
        "a --profile's own by default",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    urls = profile_urls(args.profile or "dev") if args.profile or not args.database else {}
    for item in args.database:
        name, _, url = item.partition("=")
        if not url:
            parser.error(f"--database wants NAME=URL, not {item!r}")
        urls[name] = url
    since = args.since.replace(tzinfo=args.since.tzinfo or UTC) if args.since else None
    media = None
    if args.media:
        key, secret = os.environ.get("SHOPMESH_MEDIA_S3_ACCESS_KEY"), os.environ.get("SHOPMESH_MEDIA_S3_SECRET_KEY")
        if not key or not secret:
            parser.error("--media needs SHOPMESH_MEDIA_S3_ACCESS_KEY and SHOPMESH_MEDIA_S3_SECRET_KEY")
        media = MediaStoreAccess(args.media, key, secret)
    elif args.profile or not args.database:
        media = profile_media(args.profile or "dev")
    report = reconcile(
        urls,
        since=since,
        settle=args.settle,
        pending_age=args.pending_age,
        outbox_age=args.outbox_age,
        mail_age=args.mail_age,
        media=media,
    )
    print(json.dumps(report.as_json(), indent=2) if args.json else report.table())
    return 0 if report.clean else 1


if __name__ == "__main__":
    sys.exit(main())
