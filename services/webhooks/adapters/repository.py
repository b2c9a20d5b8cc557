"""Reads and writes of endpoints and deliveries, within the caller's transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert

from services.webhooks import domain
from services.webhooks.adapters.tables import deliveries, endpoints
from services.webhooks.domain import Delivery, Endpoint


@dataclass(frozen=True)
class DueDelivery:
    """A delivery whose turn it is, with what sending it needs."""

    id: int
    endpoint_id: str
    event_id: str
    event_type: str
    body: bytes
    attempts: int
    url: str
    secret: str
    consecutive_failures: int


# The oldest due deliveries whose endpoint is not resting and that no earlier pending delivery of the same order
# to the same endpoint holds back (an order's events go out one after the other), locked: other senders skip them.
_DUE = text(
    """
    SELECT d.id, d.endpoint_id, d.event_id, d.event_type, d.body, d.attempts, e.url, e.secret,
           e.consecutive_failures
    FROM deliveries d JOIN endpoints e ON e.id = d.endpoint_id
    WHERE d.state = 'pending' AND d.next_attempt_time <= :now
      AND (e.paused_until IS NULL OR e.paused_until <= :now)
      AND NOT EXISTS (SELECT 1 FROM deliveries p
                      WHERE p.endpoint_id = d.endpoint_id AND p.subject = d.subject
                        AND p.state = 'pending' AND p.id < d.id)
    ORDER BY d.id
    LIMIT :limit
    FOR UPDATE OF d SKIP LOCKED
    """
)


def _endpoint(row: Any) -> Endpoint:
    return Endpoint(
        id=str(row.id),
        url=row.url,
        event_types=tuple(row.event_types),
        secret=row.secret,
        consecutive_failures=row.consecutive_failures,
        paused_until=row.paused_until,
        create_time=row.create_time,
    )


def _delivery(row: Any) -> Delivery:
    return Delivery(
        id=row.id,
        endpoint_id=str(row.endpoint_id),
        event_id=str(row.event_id),
        event_type=row.event_type,
        subject=row.subject,
        state=row.state,
        attempts=row.attempts,
        last_status_code=row.last_status_code,
        last_error=row.last_error,
        create_time=row.create_time,
        next_attempt_time=row.next_attempt_time,
        deliver_time=row.deliver_time,
    )


class WebhookStore:
    def __init__(self, session: Any) -> None:
        self._s = session

    # --- endpoints ------------------------------------------------------------------------------------

    async def add_endpoint(self, endpoint: Endpoint) -> None:
        await self._s.execute(
            insert(endpoints).values(
                id=uuid.UUID(endpoint.id),
                url=endpoint.url,
                event_types=list(endpoint.event_types),
                secret=endpoint.secret,
                consecutive_failures=0,
                paused_until=None,
                create_time=endpoint.create_time,
            )
        )

    async def endpoints(self) -> list[Endpoint]:
        rows = await self._s.execute(select(endpoints).order_by(endpoints.c.create_time, endpoints.c.id))
        return [_endpoint(r) for r in rows]

    async def endpoint(self, endpoint_id: str) -> Endpoint | None:
        row = (await self._s.execute(select(endpoints).where(endpoints.c.id == _uuid(endpoint_id)))).first()
        return None if row is None else _endpoint(row)

    async def delete_endpoint(self, endpoint_id: str) -> bool:
        """Removes the endpoint and its deliveries (what it had not received is not sent)."""
        key = _uuid(endpoint_id)
        if key is None:
            return False
        removed = await self._s.execute(delete(endpoints).where(endpoints.c.id == key).returning(endpoints.c.id))
        return removed.first() is not None

    async def subscribed_types(self) -> set[str]:
        """Every event type some endpoint asked for."""
        rows = await self._s.execute(select(func.unnest(endpoints.c.event_types)).distinct())
        return {r[0] for r in rows}

    async def subscribers(self, event_type: str) -> list[uuid.UUID]:
        rows = await self._s.execute(select(endpoints.c.id).where(endpoints.c.event_types.any_() == event_type))
        return [r.id for r in rows]

    async def record_outcomes(self, endpoint_id: str, *, reset: bool, failures: int) -> int:
        """A batch's outcomes: ``failures`` more in a row (after a success when ``reset``); the count now."""
        count = failures if reset else endpoints.c.consecutive_failures + failures
        return int(
            (
                await self._s.execute(
                    update(endpoints)
                    .where(endpoints.c.id == uuid.UUID(endpoint_id))
                    .values(consecutive_failures=count)
                    .returning(endpoints.c.consecutive_failures)
                )
            ).scalar_one()
        )

    async def pause(self, endpoint_id: str, until: datetime | None) -> None:
        """Rests the endpoint until then (None: it is not resting)."""
        await self._s.execute(
            update(endpoints).where(endpoints.c.id == uuid.UUID(endpoint_id)).values(paused_until=until)
        )

    # --- deliveries -----------------------------------------------------------------------------------

    async def add_deliveries(
        self,
        endpoint_ids: Sequence[uuid.UUID],
        *,
        event_id: uuid.UUID,
        event_type: str,
        subject: str,
        body: bytes,
        now: datetime,
    ) -> None:
        """One delivery of the event per endpoint; an endpoint that has it already gets no second one."""
        await self._s.execute(
            insert(deliveries).on_conflict_do_nothing(constraint="deliveries_once_per_endpoint"),
            [
                {
                    "endpoint_id": endpoint_id,
                    "event_id": event_id,
                    "event_type": event_type,
                    "subject": subject,
                    "body": body,
                    "state": domain.PENDING,
                    "attempts": 0,
                    "last_status_code": 0,
                    "last_error": "",
                    "create_time": now,
                    "next_attempt_time": now,
                }
                for endpoint_id in endpoint_ids
            ],
        )

    async def due(self, now: datetime, limit: int) -> list[DueDelivery]:
        rows = await self._s.execute(_DUE, {"now": now, "limit": limit})
        return [
            DueDelivery(
                r.id,
                str(r.endpoint_id),
                str(r.event_id),
                r.event_type,
                r.body,
                r.attempts,
                r.url,
                r.secret,
                r.consecutive_failures,
            )
            for r in rows
        ]

    async def delivered(self, delivery_id: int, status_code: int, now: datetime) -> None:
        await self._s.execute(
            update(deliveries)
            .where(deliveries.c.id == delivery_id)
            .values(
                state=domain.DELIVERED,
                attempts=deliveries.c.attempts + 1,
                last_status_code=status_code,
                last_error="",
                deliver_time=now,
            )
        )

    async def failed(
        self, delivery_id: int, *, attempts: int, status_code: int, error: str, retry_at: datetime, dead: bool
    ) -> None:
        await self._s.execute(
            update(deliveries)
            .where(deliveries.c.id == delivery_id)
            .values(
                state=domain.DEAD if dead else domain.PENDING,
                attempts=attempts,
                last_status_code=status_code,
                last_error=error[:500],
                next_attempt_time=retry_at,
            )
        )

    async def page(self, endpoint_id: str, before_id: int | None, limit: int) -> list[Delivery]:
        query = select(deliveries).where(deliveries.c.endpoint_id == uuid.UUID(endpoint_id))
        if before_id is not None:
            query = query.where(deliveries.c.id < before_id)
        rows = await self._s.execute(query.order_by(deliveries.c.id.desc()).limit(limit))
        return [_delivery(r) for r in rows]


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None
