"""Payments' use cases: one payment per order, every step idempotent, the provider called once per step."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Protocol

from services.payments import domain
from services.payments.adapters.events import record_state
from services.payments.adapters.repository import PaymentRepository
from services.payments.adapters.sandbox_provider import Decision
from services.payments.domain import CardDetails, Payment
from services.runtime.database import Database
from services.runtime.errors import FailedPrecondition, InvalidArgument, NotFound, PreconditionViolation
from services.runtime.money import Money

log = logging.getLogger(__name__)

PAYMENT = "payments.shopmesh.dev/Payment"
# The refund id of a refund of everything not given back yet (RefundPayment without refund_id).
WHOLE_ORDER = "whole-order"


class PaymentProvider(Protocol):
    async def authorize(self, amount: Money, card: CardDetails) -> Decision: ...
    async def capture(self, token: str) -> None: ...
    async def void(self, token: str) -> None: ...
    async def refund(self, token: str, amount: Money) -> None: ...


def _now() -> datetime:
    return datetime.now(UTC)


def _wrong_state(payment: Payment, wanted: str) -> FailedPrecondition:
    return FailedPrecondition(
        [PreconditionViolation("STATE", payment.name, f"the payment is {payment.state}; {wanted}")],
        reason="PAYMENT_STATE",
    )


class PaymentsService:
    def __init__(self, database: Database, provider: PaymentProvider, *, clock: Callable[[], datetime] = _now) -> None:
        self._db = database
        self._provider = provider
        self._clock = clock

    async def authorize(self, order_id: str, amount: Money, card: CardDetails) -> Payment:
        async with self._db.reading() as session:
            existing = await PaymentRepository(session).get(order_id)
        if existing is not None:
            return existing
        domain.check_card(card)
        decision = await self._provider.authorize(amount, card)  # UNAVAILABLE propagates: nothing recorded
        now = self._clock()
        payment = Payment(
            order_id=order_id,
            amount=amount,
            state=domain.AUTHORIZED if decision.approved else domain.DECLINED,
            card_last4=card.last4,
            provider_token=decision.token,
            decline_reason="" if decision.approved else domain.decline_reason(decision.decline_reason),
            create_time=now,
            update_time=now,
        )
        async with self._db.transaction() as session:
            repo = PaymentRepository(session)
            if await repo.add(payment):
                await record_state(session, payment)
                return payment
            winner = await repo.get(order_id)
        # A concurrent retry authorized first: drop our duplicate hold.
        if decision.approved:
            await self._provider.void(decision.token)
        assert winner is not None
        return winner

    async def _transition(
        self, order_id: str, *, allowed_from: str, to: str, done: set[str], call: Callable[[str], object], hint: str
    ) -> Payment | None:
        async with self._db.transaction() as session:
            repo = PaymentRepository(session)
            payment = await repo.get(order_id, for_update=True)
            if payment is None:
                return None
            if payment.state in done:
                return payment
            if payment.state != allowed_from:
                raise _wrong_state(payment, hint)
            await call(payment.provider_token)  # type: ignore[misc]
            updated = await repo.set_state(order_id, to, self._clock())
            await record_state(session, updated)
            return updated

    async def capture(self, order_id: str) -> Payment:
        payment = await self._transition(
            order_id,
            allowed_from=domain.AUTHORIZED,
            to=domain.CAPTURED,
            done={domain.CAPTURED},
            call=self._provider.capture,
            hint="only an authorized payment can be captured",
        )
        if payment is None:
            raise NotFound(PAYMENT, f"payments/{order_id}")
        return payment

    async def void(self, order_id: str) -> Payment | None:
        return await self._transition(
            order_id,
            allowed_from=domain.AUTHORIZED,
            to=domain.VOIDED,
            done={domain.VOIDED, domain.DECLINED},
            call=self._provider.void,
            hint="a captured payment is refunded, not voided",
        )

    async def refund(self, order_id: str, amount: Money | None = None, refund_id: str = "") -> Payment:
        """Gives back ``amount`` (None: everything not given back yet) once per ``refund_id``.

        The provider is called under the payment's row lock, and the refund is recorded with it: a repeat of a
        refund id, or a whole-order refund of a REFUNDED payment, returns the payment unchanged.
        """
        refund_id = refund_id or WHOLE_ORDER
        async with self._db.transaction() as session:
            repo = PaymentRepository(session)
            payment = await repo.get(order_id, for_update=True)
            if payment is None:
                raise NotFound(PAYMENT, f"payments/{order_id}")
            if await repo.refunded_already(order_id, refund_id):
                return payment
            if payment.state == domain.REFUNDED and amount is None:
                return payment
            if payment.state not in (domain.CAPTURED, domain.PARTIALLY_REFUNDED, domain.REFUNDED):
                raise _wrong_state(payment, "only a captured payment can be refunded")
            give = payment.refundable if amount is None else amount
            if give.currency != payment.amount.currency:
                raise InvalidArgument.field(
                    "amount.currency_code", f"the payment is in {payment.amount.currency}", reason="CURRENCY_MISMATCH"
                )
            if give.minor_units <= 0:
                raise InvalidArgument.field("amount", "must be more than zero")
            if give.minor_units > payment.refundable.minor_units:
                raise FailedPrecondition(
                    [
                        PreconditionViolation(
                            "REFUND",
                            payment.name,
                            f"{give.minor_units} minor units asked, {payment.refundable.minor_units} left to give back",
                        )
                    ],
                    reason="REFUND_EXCEEDS_PAYMENT",
                )
            await self._provider.refund(payment.provider_token, give)
            now = self._clock()
            await repo.add_refund(order_id, refund_id, give, now)
            refunded = payment.refunded_minor + give.minor_units
            state = domain.REFUNDED if refunded == payment.amount.minor_units else domain.PARTIALLY_REFUNDED
            updated = await repo.set_state(order_id, state, now, refunded_minor=refunded)
            await record_state(session, updated)
            return updated

    async def get(self, order_id: str) -> Payment:
        async with self._db.reading() as session:
            payment = await PaymentRepository(session).get(order_id)
        if payment is None:
            raise NotFound(PAYMENT, f"payments/{order_id}")
        return payment
