"""Reads and writes of payments, within the caller's transaction."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from services.payments.adapters.tables import payment_refunds, payments
from services.payments.domain import Payment
from services.runtime.database import Transaction
from services.runtime.money import Money


def _payment(row: Any) -> Payment:
    return Payment(
        order_id=row.order_id,
        amount=Money(row.currency, row.amount_minor),
        state=row.state,
        card_last4=row.card_last4,
        provider_token=row.provider_token,
        decline_reason=row.decline_reason,
        create_time=row.create_time,
        update_time=row.update_time,
        refunded_minor=row.refunded_minor,
    )


_GET = """
    SELECT order_id, currency, amount_minor, state, card_last4, provider_token, decline_reason, create_time,
           update_time, refunded_minor
    FROM payments WHERE order_id = $1
"""
_GET_FOR_UPDATE = _GET + " FOR UPDATE"


class PaymentRepository:
    def __init__(self, session: Transaction) -> None:
        self._session = session

    async def get(self, order_id: str, *, for_update: bool = False) -> Payment | None:
        """The order's payment; ``for_update`` locks its row. Plain SQL: every checkout asks first."""
        row = await (await self._session.driver()).fetchrow(_GET_FOR_UPDATE if for_update else _GET, order_id)
        return None if row is None else _payment(SimpleNamespace(**dict(row)))

    async def add(self, payment: Payment) -> bool:
        """Inserts a payment; False when the order already has one (a concurrent retry)."""
        row = (
            await self._session.execute(
                insert(payments)
                .values(
                    order_id=payment.order_id,
                    state=payment.state,
                    currency=payment.amount.currency,
                    amount_minor=payment.amount.minor_units,
                    card_last4=payment.card_last4,
                    provider_token=payment.provider_token,
                    decline_reason=payment.decline_reason,
                    create_time=payment.create_time,
                    update_time=payment.update_time,
                )
                .on_conflict_do_nothing()
                .returning(payments.c.order_id)
            )
        ).first()
        return row is not None

    async def set_state(self, order_id: str, state: str, now: datetime, **values: Any) -> Payment:
        row = (
            await self._session.execute(
                update(payments)
                .where(payments.c.order_id == order_id)
                .values(state=state, update_time=now, **values)
                .returning(*payments.c)
            )
        ).one()
        return _payment(row)

    async def refunded_already(self, order_id: str, refund_id: str) -> bool:
        found = await self._session.execute(
            select(payment_refunds.c.refund_id).where(
                payment_refunds.c.order_id == order_id, payment_refunds.c.refund_id == refund_id
            )
        )
        return found.first() is not None

    async def add_refund(self, order_id: str, refund_id: str, amount: Money, now: datetime) -> None:
        await self._session.execute(
            insert(payment_refunds).values(
                order_id=order_id, refund_id=refund_id, amount_minor=amount.minor_units, create_time=now
            )
        )
