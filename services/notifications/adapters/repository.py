"""Notifications' queries on the caller's transaction: what every order event runs (remember the order's owner,
look the recipient up, queue the mail) as plain SQL, the rest in SQLAlchemy Core."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert

from services.notifications import domain
from services.notifications.adapters.tables import notifications, opt_outs, order_owners, users


@dataclass(frozen=True)
class Recipient:
    user_id: str
    email: str
    display_name: str


@dataclass(frozen=True)
class OrderSeen:
    customer_id: str
    number: str


_USER = "SELECT user_id, email, display_name FROM users WHERE user_id = $1"
_REMEMBER_ORDER = """
    INSERT INTO order_owners (order_id, customer_id, number) VALUES ($1, $2, $3)
    ON CONFLICT (order_id) DO UPDATE SET number = EXCLUDED.number
    WHERE order_owners.number = '' AND EXCLUDED.number <> ''
"""
_OPTED_OUT = "SELECT type FROM opt_outs WHERE user_id = $1"
_ADD = """
    INSERT INTO notifications (id, user_id, type, recipient, subject, body, subject_resource, state, attempts,
                               next_attempt_time, create_time, event_id, traceparent)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $9, $10, $11)
"""


class NotificationStore:
    def __init__(self, session: Any) -> None:
        self._s = session

    async def remember_user(self, user_id: str, email: str, display_name: str) -> None:
        statement = insert(users).values(user_id=user_id, email=email, display_name=display_name)
        await self._s.execute(
            statement.on_conflict_do_update(
                index_elements=[users.c.user_id], set_={"email": email, "display_name": display_name}
            )
        )

    async def user(self, user_id: str) -> Recipient | None:
        row = await (await self._s.driver()).fetchrow(_USER, user_id)
        return None if row is None else Recipient(*row)

    async def remember_order(self, order_id: str, customer_id: str, number: str) -> None:
        await (await self._s.driver()).execute(_REMEMBER_ORDER, order_id, customer_id, number)

    async def order_owner(self, order_id: str) -> OrderSeen | None:
        """Whose order it is and its number ('' for one seen before numbers), once an order event was seen."""
        row = (
            await self._s.execute(
                select(order_owners.c.customer_id, order_owners.c.number).where(order_owners.c.order_id == order_id)
            )
        ).first()
        return None if row is None else OrderSeen(*row)

    async def opted_out(self, user_id: str) -> set[str]:
        return {row[0] for row in await (await self._s.driver()).fetch(_OPTED_OUT, user_id)}

    async def replace_opt_outs(self, user_id: str, types: Sequence[str]) -> None:
        await self._s.execute(delete(opt_outs).where(opt_outs.c.user_id == user_id))
        if types:
            await self._s.execute(insert(opt_outs), [{"user_id": user_id, "type": t} for t in types])

    async def add(
        self,
        *,
        user_id: str | None,
        type: str,
        recipient: str,
        mail: domain.Mail,
        subject_resource: str,
        state: str,
        event_id: uuid.UUID,
        now: datetime,
        traceparent: str | None = None,
    ) -> None:
        await (await self._s.driver()).execute(
            _ADD,
            uuid.uuid4(),
            user_id,
            type,
            recipient,
            mail.subject,
            mail.body,
            subject_resource,
            state,
            now,
            event_id,
            traceparent,
        )

    async def due(self, now: datetime, limit: int) -> list[Any]:
        """Up to ``limit`` of the oldest mails due for (re)sending, locked; other senders skip them."""
        rows = await self._s.execute(
            select(notifications)
            .where(notifications.c.state == domain.PENDING, notifications.c.next_attempt_time <= now)
            .order_by(notifications.c.next_attempt_time)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(rows.all())

    async def mark_sent(self, notification_ids: Sequence[uuid.UUID], now: datetime) -> None:
        await self._s.execute(
            update(notifications)
            .where(notifications.c.id.in_(list(notification_ids)))
            .values(state=domain.SENT, send_time=now, attempts=notifications.c.attempts + 1)
        )

    async def retry_later(self, notification_id: uuid.UUID, at: datetime) -> None:
        await self._s.execute(
            update(notifications)
            .where(notifications.c.id == notification_id)
            .values(next_attempt_time=at, attempts=notifications.c.attempts + 1)
        )

    async def page(self, user_id: str, before_seq: int | None, limit: int) -> list[Any]:
        query = select(notifications).where(notifications.c.user_id == user_id)
        if before_seq is not None:
            query = query.where(notifications.c.seq < before_seq)
        return list((await self._s.execute(query.order_by(notifications.c.seq.desc()).limit(limit))).all())
