"""Notifications' use cases: turn events into mail (in the event's transaction), deliver it, show history; the
wishlists, which also turn events into mail, are in :mod:`.wishlists`.

Mail is written as PENDING in the same transaction that marks the event processed, and delivered by a loop
afterwards: an SMTP outage delays mail (retried with backoff), never loses it, and a redelivered event never
mails twice. A resend can only happen if the process dies between the server's "accepted" and the row's
"sent" (the mail then carries the same Message-ID).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from prometheus_client import Counter

from services.notifications import domain
from services.notifications.adapters.repository import NotificationStore
from services.notifications.wishlists import Wishlists
from services.runtime import money, pagination
from services.runtime.consumer import Event, Handler
from services.runtime.database import Database, Transaction
from services.runtime.errors import InvalidArgument
from services.runtime.pagination import PageTokens
from services.runtime.telemetry import client_span
from services.runtime.tokens import Principal
from shop.identity.v1 import events_pb2 as identity_events
from shop.inventory.v1 import events_pb2 as inventory_events
from shop.orders.v1 import events_pb2 as order_events
from shop.orders.v1 import order_pb2
from shop.payments.v1 import events_pb2 as payment_events
from shop.payments.v1 import payment_pb2

log = logging.getLogger(__name__)
MAIL_QUEUED = Counter(
    "shopmesh_mail_queued_total",
    "Mails queued for delivery, by type (counted as their event is applied: a batch retried one event at a time"
    " counts its mails again)",
    ["type"],
)
MAIL_SENT = Counter("shopmesh_mail_sent_total", "Mails the SMTP server accepted")
MAIL_REFUSED = Counter(
    "shopmesh_mail_send_failures_total", "Sends the SMTP server refused or that failed (retried later)"
)
for _type in (
    domain.WELCOME,
    domain.ORDER_CONFIRMED,
    domain.PAYMENT_FAILED,
    domain.ORDER_SHIPPED,
    domain.ORDER_DELIVERED,
    domain.ORDER_CANCELLED,
    domain.STOCK_LOW,
    domain.WISHLIST_PRICE_DROP,
    domain.WISHLIST_BACK_IN_STOCK,
    domain.RETURN_UPDATE,
):
    MAIL_QUEUED.labels(_type)  # at 0 from the start


class Mailer(Protocol):
    async def send(self, *, recipient: str, subject: str, body: str, notification_id: str) -> None: ...


class UnknownRecipient(Exception):
    """The event names a user or order this service has not heard of (yet): retried, then dead-lettered."""


def _id(name: str) -> str:
    return name.rsplit("/", 1)[-1]


def _order_facts(order: order_pb2.Order) -> domain.OrderFacts:
    def m(value: Any, field: str) -> money.Money:
        return money.from_proto(value, field=field)

    return domain.OrderFacts(
        order=order.number or order.name,
        lines=[(_line_name(line), line.quantity, m(line.line_total, "line_total")) for line in order.lines],
        items_total=m(order.items_total, "items_total"),
        tax=m(order.tax, "tax"),
        shipping=m(order.shipping, "shipping"),
        total=m(order.total, "total"),
        discount=m(order.discount, "discount") if order.HasField("discount") else None,
        coupon_code=order.coupon_code,
        carrier=order.carrier,
        tracking_number=order.tracking_number,
        cancel_reason=_reason_words(order.cancellation_reason),
    )


# An order cancelled for one of these reasons was refused at checkout: the shopper got the answer there and then,
# nothing was charged, and a decline has its own mail (PAYMENT_FAILED). No "your order was cancelled" mail follows;
# the attempt stays in the order history as CANCELLED with its reason. The other reasons (the customer cancelled,
# recovery ended a checkout that died) are mailed. tests/unit/test_mail_message.py holds every reason to one side.
REFUSED_AT_CHECKOUT = frozenset(
    {
        order_pb2.CANCEL_REASON_OUT_OF_STOCK,
        order_pb2.CANCEL_REASON_PAYMENT_DECLINED,
        order_pb2.CANCEL_REASON_PAYMENT_UNAVAILABLE,
        order_pb2.CANCEL_REASON_INVENTORY_UNAVAILABLE,
        order_pb2.CANCEL_REASON_CATALOG_UNAVAILABLE,
        order_pb2.CANCEL_REASON_COUPON_UNAVAILABLE,
    }
)
MAILED_CANCELLATIONS = frozenset(
    {
        order_pb2.CANCEL_REASON_UNSPECIFIED,  # an order from before the contract said why: tell the customer
        order_pb2.CANCEL_REASON_CHECKOUT_INTERRUPTED,
        order_pb2.CANCEL_REASON_CUSTOMER_CANCELLED,
    }
)


def _line_name(line: order_pb2.OrderLine) -> str:
    """'Tee (Size M, Colour Black)': the product's name and the variant bought."""
    chosen = ", ".join(f"{v.option} {v.value}" for v in line.option_values)
    return f"{line.display_name} ({chosen})" if chosen else line.display_name


def _reason_words(reason: order_pb2.CancelReason.ValueType) -> str:
    """'customer cancelled' for CANCEL_REASON_CUSTOMER_CANCELLED; '' when the order does not say."""
    if reason == order_pb2.CANCEL_REASON_UNSPECIFIED:
        return ""
    return order_pb2.CancelReason.Name(reason).removeprefix("CANCEL_REASON_").replace("_", " ").lower()


def _decline_words(reason: payment_pb2.DeclineReason.ValueType) -> str:
    """'insufficient funds' for DECLINE_REASON_INSUFFICIENT_FUNDS; '' when the payment does not say."""
    if reason == payment_pb2.DECLINE_REASON_UNSPECIFIED:
        return ""
    return payment_pb2.DeclineReason.Name(reason).removeprefix("DECLINE_REASON_").replace("_", " ").lower()


_ORDER_MAIL: dict[str, tuple[str, Callable[[str, domain.OrderFacts], domain.Mail], type[Any]]] = {
    "shop.orders.v1.OrderConfirmed": (domain.ORDER_CONFIRMED, domain.order_confirmed, order_events.OrderConfirmed),
    "shop.orders.v1.OrderShipped": (domain.ORDER_SHIPPED, domain.order_shipped, order_events.OrderShipped),
    "shop.orders.v1.OrderDelivered": (domain.ORDER_DELIVERED, domain.order_delivered, order_events.OrderDelivered),
    "shop.orders.v1.OrderCancelled": (domain.ORDER_CANCELLED, domain.order_cancelled, order_events.OrderCancelled),
}


_RETURN_MAIL: dict[str, tuple[Callable[[str, domain.ReturnFacts], domain.Mail], type[Any]]] = {
    "shop.orders.v1.ReturnRequested": (domain.return_requested, order_events.ReturnRequested),
    "shop.orders.v1.ReturnApproved": (domain.return_approved, order_events.ReturnApproved),
    "shop.orders.v1.ReturnRejected": (domain.return_rejected, order_events.ReturnRejected),
    "shop.orders.v1.ReturnRefunded": (domain.return_refunded, order_events.ReturnRefunded),
}


# Events whose handler may queue mail; OrderPlaced, say, only teaches the service who owns an order.
_MAILING_EVENTS = frozenset(
    {
        "shop.identity.v1.UserRegistered",
        "shop.identity.v1.EmailVerificationRequested",
        "shop.identity.v1.PasswordResetRequested",
        "shop.payments.v1.PaymentFailed",
        "shop.inventory.v1.StockLow",
        *_ORDER_MAIL,
        *_RETURN_MAIL,
    }
)
# Events that queue mail only now and then (a wishlist's price drop or return to stock, among many that do not):
# they wake a sender only when their handler queued some (see NotificationsService.mail_queued).
_SOMETIMES_MAILING_EVENTS = frozenset({"shop.inventory.v1.StockAvailabilityChanged", "shop.catalog.v1.ProductUpdated"})


class NotificationsService:
    def __init__(
        self,
        database: Database,
        mailer: Mailer,
        *,
        admin_alert_email: str | None,
        page_tokens: PageTokens,
        public_url: str = "http://localhost:8080",
        max_backoff: float = 60.0,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._db = database
        self._mailer = mailer
        self._pages = page_tokens
        self._admin = admin_alert_email
        self._public_url = public_url.rstrip("/")
        self._max_backoff = max_backoff
        self._clock = clock
        # One token per applied event that may have queued mail: it wakes one sender, which sends at once.
        self._mail_queued: asyncio.Queue[None] = asyncio.Queue()
        # Events of _SOMETIMES_MAILING_EVENTS whose handler queued mail (their transaction may still roll back).
        self._queued_by: set[uuid.UUID] = set()
        # Saved products and variants, watched on the catalog's and inventory's events.
        self.wishlists = Wishlists(database, self._notify, public_url=self._public_url, clock=clock)

    # --- events -------------------------------------------------------------------------------------

    def handlers(self) -> dict[str, Handler]:
        handlers: dict[str, Handler] = {
            "shop.identity.v1.UserRegistered": self._user_registered,
            "shop.identity.v1.EmailVerificationRequested": self._account_code,
            "shop.identity.v1.PasswordResetRequested": self._account_code,
            "shop.orders.v1.OrderPlaced": self._order_placed,
            "shop.payments.v1.PaymentFailed": self._payment_failed,
            "shop.inventory.v1.StockLow": self._stock_low,
            **self.wishlists.handlers(),
        }
        handlers.update(dict.fromkeys(_ORDER_MAIL, self._order_changed))
        handlers.update(dict.fromkeys(_RETURN_MAIL, self._return_changed))
        return handlers

    async def _recipient(self, store: NotificationStore, user_id: str) -> Any:
        user = await store.user(user_id)
        if user is None:
            raise UnknownRecipient(f"no UserRegistered seen for users/{user_id}")
        return user

    async def _notify(
        self,
        store: NotificationStore,
        event: Event,
        user_id: str,
        email: str,
        type_: str,
        mail: domain.Mail,
        about: str,
    ) -> None:
        opted_out = type_ not in domain.ALWAYS_SENT and type_ in await store.opted_out(user_id)
        state = domain.SUPPRESSED if opted_out else domain.PENDING
        if state == domain.PENDING:
            MAIL_QUEUED.labels(type_).inc()
            if event.type in _SOMETIMES_MAILING_EVENTS and len(self._queued_by) < 10_000:
                self._queued_by.add(event.id)
        await store.add(
            user_id=user_id,
            type=type_,
            recipient=email,
            mail=mail,
            subject_resource=about,
            state=state,
            event_id=event.id,
            now=self._clock(),
            traceparent=event.headers.get("traceparent"),
        )

    async def _user_registered(self, session: Transaction, event: Event) -> None:
        registered = event.parse(identity_events.UserRegistered)
        store = NotificationStore(session)
        user_id = _id(registered.user)
        await store.remember_user(user_id, registered.email, registered.display_name)
        mail = domain.welcome(registered.display_name)
        await self._notify(store, event, user_id, registered.email, domain.WELCOME, mail, registered.user)

    async def _account_code(self, session: Transaction, event: Event) -> None:
        """The code identity mailed for: confirming the address, or resetting the password."""
        if event.type == "shop.identity.v1.EmailVerificationRequested":
            request: Any = event.parse(identity_events.EmailVerificationRequested)
            type_, template = domain.EMAIL_VERIFICATION, domain.email_verification
        else:
            request = event.parse(identity_events.PasswordResetRequested)
            type_, template = domain.PASSWORD_RESET, domain.password_reset
        expire_time = request.expire_time.ToDatetime(tzinfo=UTC)
        mail = template(request.display_name, request.token, expire_time, self._public_url)
        store = NotificationStore(session)
        await self._notify(store, event, _id(request.user), request.email, type_, mail, request.user)

    async def _order_placed(self, session: Transaction, event: Event) -> None:
        order = event.parse(order_events.OrderPlaced).order
        await NotificationStore(session).remember_order(_id(order.name), _id(order.customer), order.number)

    async def _order_changed(self, session: Transaction, event: Event) -> None:
        type_, template, message_type = _ORDER_MAIL[event.type]
        order = event.parse(message_type).order
        store = NotificationStore(session)
        customer = _id(order.customer)
        await store.remember_order(_id(order.name), customer, order.number)
        if type_ == domain.ORDER_CANCELLED and order.cancellation_reason in REFUSED_AT_CHECKOUT:
            return  # the checkout itself said no; see REFUSED_AT_CHECKOUT
        user = await self._recipient(store, customer)
        mail = template(user.display_name, _order_facts(order))
        await self._notify(store, event, customer, user.email, type_, mail, order.name)

    async def _return_changed(self, session: Transaction, event: Event) -> None:
        template, message_type = _RETURN_MAIL[event.type]
        order_return = event.parse(message_type).order_return
        store = NotificationStore(session)
        customer = _id(order_return.customer)
        user = await self._recipient(store, customer)
        order = order_return.name.rsplit("/returns/", 1)[0]
        seen = await store.order_owner(_id(order))
        facts = domain.ReturnFacts(
            order=seen.number if seen and seen.number else order,
            lines=[(line.display_name, line.quantity) for line in order_return.lines],
            refund_total=money.from_proto(order_return.refund_total, field="refund_total"),
            reject_reason=order_return.reject_reason,
        )
        mail = template(user.display_name, facts)
        await self._notify(store, event, customer, user.email, domain.RETURN_UPDATE, mail, order_return.name)

    async def _payment_failed(self, session: Transaction, event: Event) -> None:
        payment = event.parse(payment_events.PaymentFailed).payment
        store = NotificationStore(session)
        seen = await store.order_owner(_id(payment.order))
        if seen is None:
            raise UnknownRecipient(f"no OrderPlaced seen for {payment.order}")
        customer = seen.customer_id
        user = await self._recipient(store, customer)
        amount = money.from_proto(payment.amount, field="amount")
        reason = _decline_words(payment.card_decline_reason)
        mail = domain.payment_failed(user.display_name, seen.number or payment.order, amount, reason)
        await self._notify(store, event, customer, user.email, domain.PAYMENT_FAILED, mail, payment.order)

    async def _stock_low(self, session: Transaction, event: Event) -> None:
        if not self._admin:
            return
        low = event.parse(inventory_events.StockLow)
        mail = domain.stock_low(low.availability.sku, low.availability.available, low.low_stock_threshold)
        await NotificationStore(session).add(
            user_id=None,
            type=domain.STOCK_LOW,
            recipient=self._admin,
            mail=mail,
            subject_resource=f"skus/{low.availability.sku}",
            state=domain.PENDING,
            event_id=event.id,
            now=self._clock(),
            traceparent=event.headers.get("traceparent"),
        )
        MAIL_QUEUED.labels(domain.STOCK_LOW).inc()

    # --- delivery -----------------------------------------------------------------------------------

    async def deliver_due(self, limit: int = 10) -> bool:
        """Sends up to ``limit`` due mails in one transaction (their rows locked: other senders skip them) and
        marks the sent ones in one statement. A refused send is retried later with backoff and ends the batch.
        True when the batch was full and all went out: more may be waiting."""
        async with self._db.transaction() as session:
            store = NotificationStore(session)
            now = self._clock()
            rows = await store.due(now, limit)
            sent = []
            for row in rows:
                try:
                    carrier = {"traceparent": row.traceparent} if row.traceparent else {}
                    with client_span("smtp send", carrier=carrier, **{"notification.type": row.type}):
                        await self._mailer.send(
                            recipient=row.recipient, subject=row.subject, body=row.body, notification_id=str(row.id)
                        )
                except Exception as error:
                    MAIL_REFUSED.inc()
                    wait = min(self._max_backoff, 0.5 * 2 ** min(row.attempts, 10))
                    log.warning("mail %s not accepted (%r); retrying in %.1fs", row.id, error, wait)
                    await store.retry_later(row.id, now + timedelta(seconds=wait))
                    break
                sent.append(row.id)
            if sent:
                await store.mark_sent(sent, self._clock())
        MAIL_SENT.inc(len(sent))
        return len(sent) == limit

    def mail_queued(self, event: Event) -> None:
        """The consumer's after-commit hook: wakes one sender when the event queued mail (others do not)."""
        if event.type in _MAILING_EVENTS or event.id in self._queued_by:
            self._queued_by.discard(event.id)
            self._mail_queued.put_nowait(None)

    async def deliver_forever(self, interval: float) -> None:
        """Sends due mail; then waits until the consumer queues more, or ``interval`` at most (retries that
        come due, mail queued by another process)."""
        while True:
            try:
                while await self.deliver_due():
                    pass
            except Exception:
                log.exception("mail delivery failed")
            with contextlib.suppress(TimeoutError):  # asyncio.timeout: 3.11's wait_for can drop a cancellation
                async with asyncio.timeout(interval):
                    await self._mail_queued.get()

    # --- API ----------------------------------------------------------------------------------------

    async def list(self, caller: Principal, page_size: int, page_token: str) -> tuple[list[Any], str]:
        query = pagination.fingerprint("notifications", caller.user_id)
        after = self._pages.decode(page_token, query)
        limit = pagination.page_size(page_size, default=20, maximum=100)
        async with self._db.reading() as connection:
            rows = await NotificationStore(connection).page(caller.user_id, after[0] if after else None, limit + 1)
        return self._pages.cut(rows, limit, query, lambda last: [last.seq])

    async def preferences(self, caller: Principal) -> set[str]:
        async with self._db.reading() as connection:
            return await NotificationStore(connection).opted_out(caller.user_id)

    async def set_preferences(self, caller: Principal, opted_out: list[str]) -> set[str]:
        refused = sorted(set(opted_out) & domain.ALWAYS_SENT)
        if refused:
            raise InvalidArgument.field(
                "preferences.opted_out",
                f"account security mail cannot be turned off: {', '.join(refused)}",
                reason="ALWAYS_SENT",
            )
        async with self._db.transaction() as session:
            await NotificationStore(session).replace_opt_outs(caller.user_id, sorted(set(opted_out)))
        return set(opted_out)
