"""Returns: a customer sends back some units of a delivered order; an admin approves, rejects or receives them,
and receiving restocks the units and pays back exactly those lines and their share of tax (a partial refund).

A unit is in one open return at a time (a rejection frees it); the same request_id is one return. What a return
pays is priced from the order's lines and the returns refunded before it, so every unit back pays back its
discounted price and tax to the minor unit whatever order the returns come in (see domain.price_return).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from services.orders import domain
from services.orders.adapters.clients import Dependencies
from services.orders.adapters.events import record_return, record_state
from services.orders.adapters.repository import OrderRepository
from services.orders.adapters.returns import ReturnRepository
from services.orders.domain import Order, Return
from services.orders.service import OrdersService, visible
from services.runtime.database import Database
from services.runtime.errors import FailedPrecondition, NotFound, PreconditionViolation
from services.runtime.money import Money
from services.runtime.tokens import Principal

RETURN = "orders.shopmesh.dev/Return"


def _return_state(order_return: Return, to: str) -> FailedPrecondition:
    return FailedPrecondition(
        [
            PreconditionViolation(
                "STATE", order_return.name, f"the return is {order_return.state}; it cannot become {to}"
            )
        ],
        reason="RETURN_STATE",
    )


def _now() -> datetime:
    return datetime.now(UTC)


class ReturnsService:
    def __init__(
        self,
        database: Database,
        dependencies: Dependencies,
        orders: OrdersService,
        *,
        return_window_days: int = 30,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._db = database
        self._deps = dependencies
        self._orders = orders
        self._return_window = timedelta(days=return_window_days)
        self._clock = clock

    async def request_return(
        self, caller: Principal, order_id: str, request_id: str, lines: list[tuple[str, str, int]], reason: str
    ) -> Return:
        rid = uuid.UUID(request_id)
        async with self._db.transaction() as session:
            # Locked: one return of an order at a time. Another's order is NOT_FOUND before anything else.
            order = visible(caller, await OrderRepository(session).get(order_id, for_update=True), order_id)
            returns = ReturnRepository(session)
            earlier = await returns.by_request(order.id, rid)
            if earlier is not None:
                return earlier
            now = self._clock()
            domain.check_returnable(order, now, self._return_window)
            known = await returns.of_order(order.id)
            wanted = domain.check_return_lines(order, lines, domain.returnable(order, known))
            priced, tax = domain.price_return(order, wanted, [r for r in known if r.state == domain.REFUNDED])
            items = Money(tax.currency, sum(line.amount.minor_units for line in priced))
            requested = Return(
                id=str(uuid.uuid4()),
                order_id=order.id,
                customer_id=order.customer_id,
                state=domain.REQUESTED,
                reason=reason,
                reject_reason="",
                lines=tuple(sorted(priced, key=lambda line: (line.product_id, line.variant_id))),
                items_refund=items,
                tax_refund=tax,
                create_time=now,
                update_time=now,
                version=1,
            )
            await returns.add(requested, rid)
            await record_return(session, requested)
            return requested

    async def get_return(self, caller: Principal, order_id: str, return_id: str) -> Return:
        return await self._return_of(await self._orders.get(caller, order_id), return_id)

    async def _return_of(self, order: Order, return_id: str) -> Return:
        async with self._db.reading() as session:
            found = await ReturnRepository(session).get(order.id, return_id)
        if found is None:
            raise NotFound(RETURN, f"{order.name}/returns/{return_id}")
        return found

    async def list_returns(self, caller: Principal, order_id: str) -> list[Return]:
        order = await self._orders.get(caller, order_id)
        async with self._db.reading() as session:
            return await ReturnRepository(session).of_order(order.id)

    async def _move_return(self, caller: Principal, order_id: str, return_id: str, to: str, **values: Any) -> Return:
        """REQUESTED → APPROVED, or REQUESTED/APPROVED → REJECTED; repeating a move changes nothing."""
        allowed = {domain.APPROVED: {domain.REQUESTED}, domain.REJECTED: {domain.REQUESTED, domain.APPROVED}}[to]
        await self.get_return(caller, order_id, return_id)
        async with self._db.transaction() as session:
            returns = ReturnRepository(session)
            current = await returns.get(order_id, return_id, for_update=True)
            assert current is not None
            if current.state == to:
                return current
            if current.state not in allowed:
                raise _return_state(current, to)
            moved = await returns.update(current, self._clock(), state=to, **values)
            await record_return(session, moved)
            return moved

    async def approve_return(self, caller: Principal, order_id: str, return_id: str) -> Return:
        return await self._move_return(caller, order_id, return_id, domain.APPROVED)

    async def reject_return(self, caller: Principal, order_id: str, return_id: str, reason: str) -> Return:
        return await self._move_return(caller, order_id, return_id, domain.REJECTED, reject_reason=reason)

    async def receive_return(self, caller: Principal, order_id: str, return_id: str) -> Return:
        """Restock, pay back, then REFUNDED with the order's new state, in one transaction under the order's lock.

        Restocking and the refund are idempotent by the return (stock adjustments by a request id derived from
        it, the payment's refund by its name), so a repeat after any failure finishes without doing either twice.
        The amounts are priced again under the lock from the returns refunded before: what is paid is exact.
        """
        order = await self._orders.get(caller, order_id)
        found = await self._return_of(order, return_id)
        if found.state == domain.REFUNDED:
            return found
        if found.state != domain.APPROVED:
            raise _return_state(found, domain.REFUNDED)
        skus = {line.key: line.sku for line in order.lines}
        for line in found.lines:
            await self._deps.restock(
                skus[line.key],
                line.quantity,
                str(uuid.uuid5(uuid.NAMESPACE_URL, f"{found.name}/{line.key}")),
            )
        async with self._db.transaction() as session:
            repo, returns = OrderRepository(session), ReturnRepository(session)
            order = await repo.get(order.id, for_update=True)
            current = await returns.get(order_id, return_id, for_update=True)
            assert order is not None
            assert current is not None
            if current.state == domain.REFUNDED:
                return current
            if current.state != domain.APPROVED:
                raise _return_state(current, domain.REFUNDED)
            known = await returns.of_order(order.id)
            wanted = {line.key: line.quantity for line in current.lines}
            lines, tax = domain.price_return(order, wanted, [r for r in known if r.state == domain.REFUNDED])
            items = Money(tax.currency, sum(line.amount.minor_units for line in lines))
            total = items + tax
            await self._deps.refund(order.name, total, refund_id=current.name)
            now = self._clock()
            await returns.set_line_amounts(current, lines)
            refunded = await returns.update(
                current,
                now,
                state=domain.REFUNDED,
                items_refund_minor=items.minor_units,
                tax_refund_minor=tax.minor_units,
            )
            done = [r for r in known if r.id != current.id and r.state == domain.REFUNDED] + [refunded]
            state = domain.REFUNDED if domain.every_unit_back(order, done) else domain.PARTIALLY_REFUNDED
            domain.check_transition(order, state)
            updated = await repo.update(
                order.id, now, state=state, refunded_minor=order.refunded_minor + total.minor_units
            )
            await record_return(session, refunded)
            await record_state(session, updated)
            return refunded
