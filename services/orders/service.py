"""The checkout saga and the order lifecycle (the cart priced as an order: pricing.py).

Checkout runs as an orchestrated saga over a PENDING order:

    placed ─► take stock ─► taken ─► authorize card ─► authorized ─► open shipment ─► CONFIRMED
       │          │ out of stock              │ declined / provider down
       └──────────┴──────────── compensate in reverse (void payment, release stock) ─► CANCELLED(reason)

Stock is taken in one step (a committed reservation): no expiry can hand it to someone else mid-checkout, and
a checkout that dies is cancelled by recovery, which releases it.

Only the order's start and end are written (its steps are remembered by the services that did them: the
reservation, the payment, the shipment), so a checkout writes two order transactions, not one per step.
Every remote step is idempotent per order, so a step can always be repeated. If the process dies anywhere,
recovery (a loop in every orders process) finds PENDING orders untouched for a grace period and drives each
to CONFIRMED (payment authorized and stock still held) or CANCELLED (anything else), compensating first. A
client retrying the same request_id meanwhile (its call died with the replica) drives the PENDING order on itself,
and after recovery cancelled an interrupted checkout its retry starts over: nothing was decided about the shopper.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from prometheus_client import Counter

from services.orders import domain
from services.orders.adapters.clients import Dependencies
from services.orders.adapters.events import record_state
from services.orders.adapters.repository import OrderRepository, pending_cutoff
from services.orders.domain import Order
from services.orders.pricing import OrderPricing
from services.runtime import pagination
from services.runtime.consumer import Event, Handler
from services.runtime.database import Database, Transaction
from services.runtime.errors import (
    DomainError,
    FailedPrecondition,
    NotFound,
    PreconditionViolation,
    Unavailable,
)
from services.runtime.pagination import PageTokens
from services.runtime.tokens import Principal
from shop.payments.v1 import payment_pb2
from shop.shipping.v1 import events_pb2 as shipping_events
from shop.shipping.v1 import shipment_pb2

log = logging.getLogger(__name__)

# What operators watch the saga by (Prometheus, see monitoring/alerts.yml).
CHECKOUTS_STARTED = Counter("shopmesh_checkouts_started_total", "Checkouts that placed a PENDING order")
CHECKOUTS_FINISHED = Counter(
    "shopmesh_checkouts_finished_total",
    "Checkouts that reached an end: confirmed, or cancelled with the reason (by the request or by recovery)",
    ["result", "reason"],
)
COMPENSATIONS = Counter(
    "shopmesh_saga_compensations_total",
    "Orders compensated (payment voided, stock released, shipment cancelled)",
    ["reason"],
)
RECOVERIES = Counter("shopmesh_order_recoveries_total", "PENDING orders recovery drove to an end", ["outcome"])
# Every series exists from the start (at 0), so rates and alerts work before the first of each happens.
CHECKOUTS_FINISHED.labels("confirmed", "")
for _reason in domain.CANCEL_REASONS:
    if _reason != domain.CUSTOMER_CANCELLED:
        CHECKOUTS_FINISHED.labels("cancelled", _reason)
    COMPENSATIONS.labels(_reason)
for _outcome in ("confirmed", "cancelled"):
    RECOVERIES.labels(_outcome)

ORDER = "orders.shopmesh.dev/Order"
_OUT_OF_STOCK_SAID = "Some items are out of stock; nothing was charged"


def visible(caller: Principal, order: Order | None, order_id: str) -> Order:
    """The order if the caller may see it (their own; admins any); another's is NOT_FOUND, as a missing one."""
    if order is None or (order.customer_id != caller.user_id and not caller.is_admin):
        raise NotFound(ORDER, f"orders/{order_id}")
    return order


def _declined(code: str) -> str:
    """A decline as a sentence, with the provider's code (CARD_DECLINED, INSUFFICIENT_FUNDS...) in brackets."""
    return f"The card was declined{f' ({code})' if code else ''}; nothing was charged, try another card"


# Reasons after which retrying the same request_id starts over: nothing was decided about the shopper.
RETRYABLE_REASONS = {
    domain.PAYMENT_UNAVAILABLE,
    domain.INVENTORY_UNAVAILABLE,
    domain.CATALOG_UNAVAILABLE,
    domain.CHECKOUT_INTERRUPTED,  # recovery ended a checkout that died before anything was decided
}


def _now() -> datetime:
    return datetime.now(UTC)


class OrdersService:
    def __init__(
        self,
        database: Database,
        dependencies: Dependencies,
        *,
        reservation_ttl_seconds: int,
        recovery_grace_seconds: float,
        page_tokens: PageTokens,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._db = database
        self._deps = dependencies
        self._pricing = OrderPricing(dependencies, clock=clock)
        self._pages = page_tokens
        self._ttl = reservation_ttl_seconds
        self._grace = recovery_grace_seconds
        self._clock = clock
        self._in_flight: set[str] = set()

    # --- checkout ----------------------------------------------------------------------------------------------

    async def checkout(
        self,
        caller: Principal,
        request_id: str,
        address: dict[str, Any] | None,
        card: payment_pb2.Card,
        *,
        saved_address: str = "",
    ) -> Order:
        """``address``, or (None) the caller's ``saved_address`` as it is now: the order keeps a copy."""
        rid = uuid.UUID(request_id)
        async with self._db.reading() as session:
            earlier = await OrderRepository(session).by_request(caller.user_id, rid)
        if earlier is not None:
            return await self._outcome_or_resume(earlier, card, request_id)
        address = await self._pricing.address(caller, address, saved_address)
        order = await self._pricing.price(caller.user_id, address)
        async with self._db.transaction() as session:
            repo = OrderRepository(session)
            number = await repo.add(order, rid)
            if number is None:
                earlier = await repo.by_request(caller.user_id, rid)
                assert earlier is not None
                return await self._outcome_or_resume(earlier, card, request_id)
            order = replace(order, number=number)
            await record_state(session, order)
        CHECKOUTS_STARTED.inc()
        self._in_flight.add(order.id)
        try:
            return await self._run_saga(order, card, request_id)
        finally:
            self._in_flight.discard(order.id)

    async def preview(self, caller: Principal, address: dict[str, Any] | None, saved_address: str) -> Order:
        """The order checkout would place now (priced as checkout prices it), saved nowhere."""
        address = await self._pricing.address(caller, address, saved_address)
        return await self._pricing.price(caller.user_id, address)

    async def _run_saga(self, order: Order, card: payment_pb2.Card, request_id: str) -> Order:
        if order.coupon_code:  # first: a coupon's last use may have gone to a concurrent checkout
            try:
                await self._deps.redeem_coupon(order.name, f"users/{order.customer_id}", order.coupon_code)
            except FailedPrecondition as error:
                await self._cancel(order, domain.COUPON_UNAVAILABLE)
                error.metadata["order"] = order.name
                raise
            except Unavailable:
                await self._cancel(order, domain.CATALOG_UNAVAILABLE)
                raise
        wanted: dict[str, int] = {}
        for line in order.lines:
            wanted[line.sku] = wanted.get(line.sku, 0) + line.quantity
        try:
            await self._deps.take_stock(order.name, wanted, self._ttl)
        except FailedPrecondition as error:
            await self._cancel(order, domain.OUT_OF_STOCK)
            error.metadata["order"] = order.name
            raise
        except Unavailable:
            await self._cancel(order, domain.INVENTORY_UNAVAILABLE)
            raise

        try:
            payment = await self._deps.authorize(order.name, order.totals.total, card, request_id)
        except Unavailable as error:
            await self._cancel(order, domain.PAYMENT_UNAVAILABLE)
            raise Unavailable(
                "the payment provider is unavailable; nothing was charged, retry",
                retry_after_seconds=error.retry_after_seconds,
                reason="PAYMENT_UNAVAILABLE",
            ) from None
        if payment.state == "declined":
            await self._cancel(order, domain.PAYMENT_DECLINED)
            raise FailedPrecondition(
                [PreconditionViolation("PAYMENT", order.name, _declined(payment.decline_reason))],
                reason=domain.PAYMENT_DECLINED,
            )
        return await self._confirm(order, payment.card_last4)

    async def _confirm(self, order: Order, card_last4: str, *, commit_stock: bool = False) -> Order:
        if commit_stock:  # recovery: a checkout from before stock was taken in one step may still only hold it
            await self._deps.commit_stock(order.name)
        await self._deps.create_shipment(
            order.name, order.address, order.lines, f"users/{order.customer_id}", order.totals.items.currency
        )
        async with self._db.transaction() as session:
            repo = OrderRepository(session)
            confirmed = await repo.confirm_pending(order, self._clock(), card_last4)
            if confirmed is None:  # recovery (or a cancel) got there first
                current = await repo.get(order.id)
                assert current is not None
                return current
            await record_state(session, confirmed)
        CHECKOUTS_FINISHED.labels("confirmed", "").inc()
        try:  # the order's products leave the cart, also when recovery confirms it (as orders, not the shopper)
            await self._deps.clear_cart(order.customer_id, [(line.product_id, line.variant_id) for line in order.lines])
        except DomainError:
            log.warning("order confirmed but the cart could not be cleared", extra={"order": order.name})
        return confirmed

    async def _cancel(self, order: Order, reason: str) -> Order:
        """Compensates in reverse (void the payment, release the stock, cancel the shipment), then CANCELLED.

        If a compensation fails the order stays PENDING and recovery finishes the job later.
        """
        await self._deps.void(order.name)
        await self._deps.release_stock(order.name)
        await self._deps.cancel_shipment(order.name)
        if order.coupon_code:
            await self._deps.release_coupon(order.name)
        async with self._db.transaction() as session:
            repo = OrderRepository(session)
            current = await repo.get(order.id, for_update=True)
            assert current is not None
            if current.state == domain.CANCELLED:
                return current
            values: dict[str, Any] = {"state": domain.CANCELLED, "cancel_reason": reason, "saga_step": "cancelled"}
            if reason in RETRYABLE_REASONS:
                values["request_id"] = uuid.uuid4()  # free the shopper's request id: their retry starts over
            cancelled = await repo.update(order.id, self._clock(), **values)
            await record_state(session, cancelled)
        COMPENSATIONS.labels(reason).inc()
        if current.state == domain.PENDING:  # a checkout's end (a confirmed order cancelled later is not one)
            CHECKOUTS_FINISHED.labels("cancelled", reason).inc()
        return cancelled

    async def _outcome_or_resume(self, order: Order, card: payment_pb2.Card, request_id: str) -> Order:
        """A repeated request: a checkout still PENDING (its first attempt died with a replica, or is still running)
        is driven on from where it is, every step being idempotent per order; an ended one answers its outcome."""
        if order.state != domain.PENDING:
            return self._outcome(order)
        self._in_flight.add(order.id)
        try:
            return await self._run_saga(order, card, request_id)
        finally:
            self._in_flight.discard(order.id)

    def _outcome(self, order: Order) -> Order:
        """What a repeated checkout request answers: the first attempt's outcome."""
        refused = (domain.OUT_OF_STOCK, domain.PAYMENT_DECLINED, domain.COUPON_UNAVAILABLE)
        if order.state == domain.CANCELLED and order.cancel_reason in refused:
            said = {
                domain.PAYMENT_DECLINED: _declined(""),
                domain.OUT_OF_STOCK: _OUT_OF_STOCK_SAID,
                domain.COUPON_UNAVAILABLE: "The coupon's last use went to another order; nothing was charged",
            }[order.cancel_reason]
            raise FailedPrecondition(
                [PreconditionViolation("ORDER", order.name, f"{said} (this request_id was answered already)")],
                reason=order.cancel_reason,
            )
        return order

    # --- recovery ----------------------------------------------------------------------------------------------

    async def recover_once(self, limit: int = 20) -> int:
        """Drives PENDING orders untouched for the grace period to an end; returns how many were handled."""
        now = self._clock()
        async with self._db.transaction() as session:
            repo = OrderRepository(session)
            ids = [
                i for i in await repo.stale_pending(pending_cutoff(now, self._grace), limit) if i not in self._in_flight
            ]
            for order_id in ids:  # claim them: other replicas skip them for a grace period
                await repo.update(order_id, now)
        for order_id in ids:
            async with self._db.reading() as session:
                order = await OrderRepository(session).get(order_id)
            if order is None or order.state != domain.PENDING:
                continue
            try:
                await self._recover(order)
            except DomainError as error:
                log.warning("recovery of %s postponed: %s", order.name, error.message)
        return len(ids)

    async def _recover(self, order: Order) -> Order:
        payment = await self._deps.payment(order.name)
        authorized = payment is not None and payment.state == "authorized"
        if authorized and await self._deps.reservation_state(order.name) in ("reserved", "committed"):
            log.info("recovery confirms %s", order.name)
            RECOVERIES.labels("confirmed").inc()
            return await self._confirm(order, payment.card_last4, commit_stock=True)
        reason = (
            domain.PAYMENT_DECLINED
            if payment is not None and payment.state == "declined"
            else domain.CHECKOUT_INTERRUPTED
        )
        log.info("recovery cancels %s (%s)", order.name, reason)
        RECOVERIES.labels("cancelled").inc()
        return await self._cancel(order, reason)

    async def recover_forever(self, interval: float) -> None:
        while True:
            try:
                await self.recover_once()
            except Exception:
                log.exception("order recovery failed; retrying")
            await asyncio.sleep(interval)

    # --- lifecycle ---------------------------------------------------------------------------------------------

    async def get(self, caller: Principal, order_id: str) -> Order:
        async with self._db.reading() as session:
            return visible(caller, await OrderRepository(session).get(order_id), order_id)

    async def list(self, caller: Principal, page_size: int, page_token: str) -> tuple[list[Order], str]:
        customer = None if caller.is_admin else caller.user_id
        query = pagination.fingerprint("orders", customer)
        after = self._pages.decode(page_token, query)
        limit = pagination.page_size(page_size, default=20, maximum=100)
        async with self._db.reading() as session:
            page = await OrderRepository(session).page(customer, after, limit + 1)
        return self._pages.cut(page, limit, query, lambda last: [last.create_time.isoformat(), last.id])

    async def _transition(self, order: Order, to: str, **values: Any) -> Order:
        async with self._db.transaction() as session:
            repo = OrderRepository(session)
            current = await repo.get(order.id, for_update=True)
            assert current is not None
            if current.state == to:
                return current
            domain.check_transition(current, to)
            updated = await repo.update(order.id, self._clock(), state=to, **values)
            await record_state(session, updated)
            return updated

    async def cancel(self, caller: Principal, order_id: str) -> Order:
        order = await self.get(caller, order_id)
        if order.state == domain.CANCELLED:
            return order
        if order.state != domain.CONFIRMED:
            raise FailedPrecondition(
                [
                    PreconditionViolation(
                        "STATE", order.name, f"the order is {order.state}; only a confirmed order can be cancelled"
                    )
                ],
                reason="ORDER_STATE",
            )
        return await self._cancel(order, domain.CUSTOMER_CANCELLED)

    async def ship(self, caller: Principal, order_id: str, carrier: str, tracking_number: str) -> Order:
        order = await self.get(caller, order_id)
        if order.state == domain.SHIPPED:
            return order
        domain.check_transition(order, domain.SHIPPED)
        await self._deps.capture(order.name)
        await self._deps.ship(order.name, carrier, tracking_number)
        return await self._transition(order, domain.SHIPPED, carrier=carrier, tracking_number=tracking_number)

    async def deliver(self, caller: Principal, order_id: str) -> Order:
        order = await self.get(caller, order_id)
        if order.state == domain.DELIVERED:
            return order
        domain.check_transition(order, domain.DELIVERED)
        await self._deps.deliver(order.name)
        return await self._transition(order, domain.DELIVERED, deliver_time=self._clock())

    # --- events -------------------------------------------------------------------------------------

    def handlers(self) -> dict[str, Handler]:
        return {"shop.shipping.v1.ShipmentStateChanged": self._shipment_state_changed}

    async def _shipment_state_changed(self, session: Transaction, event: Event) -> None:
        """The carrier delivered the parcel: the order is DELIVERED (its event mails the customer). An admin's
        DeliverOrder gets here too, after it delivered the order itself, and finds nothing to do."""
        shipment = event.parse(shipping_events.ShipmentStateChanged).shipment
        if shipment.state != shipment_pb2.Shipment.STATE_DELIVERED:
            return
        repo = OrderRepository(session)
        order = await repo.get(shipment.order.removeprefix("orders/"), for_update=True)
        if order is None or order.state in (domain.DELIVERED, domain.REFUNDED, domain.PARTIALLY_REFUNDED):
            return  # delivered already (a refund under way stays)
        # Still CONFIRMED: the admin's ShipOrder has not finished; failing retries the event a little later.
        domain.check_transition(order, domain.DELIVERED)
        now = self._clock()
        await record_state(session, await repo.update(order.id, now, state=domain.DELIVERED, deliver_time=now))

    async def refund(self, caller: Principal, order_id: str) -> Order:
        """Everything not paid back yet, shipping included (after returns: the rest)."""
        order = await self.get(caller, order_id)
        if order.state == domain.REFUNDED:
            return order
        domain.check_transition(order, domain.REFUNDED)
        await self._deps.refund(order.name)
        return await self._transition(order, domain.REFUNDED, refunded_minor=order.totals.total.minor_units)
