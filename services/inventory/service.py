"""Inventory's use cases. Each opens one transaction; stock rows are locked in one order, so N concurrent
checkouts for the last K units end with exactly K reservations and nothing oversold."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from prometheus_client import Counter as PrometheusCounter

from services.inventory import domain
from services.inventory.adapters.events import InventoryEvents
from services.inventory.adapters.repository import InventoryRepository
from services.inventory.domain import Reservation, StockLevel
from services.runtime.database import Database, Transaction
from services.runtime.errors import FailedPrecondition, NotFound, PreconditionViolation

log = logging.getLogger(__name__)
EXPIRED = PrometheusCounter("shopmesh_reservations_expired_total", "Held reservations released because they expired")

RESERVATION = "inventory.shopmesh.dev/Reservation"


def _now() -> datetime:
    return datetime.now(UTC)


def _available(levels: Sequence[StockLevel]) -> dict[str, int]:
    totals: Counter[str] = Counter()
    for level in levels:
        totals[level.sku] += level.available
    return dict(totals)


class InventoryService:
    def __init__(self, database: Database, *, default_ttl: timedelta, clock: Callable[[], datetime] = _now) -> None:
        self._db = database
        self._default_ttl = default_ttl
        self._clock = clock

    async def _alert(self, events: InventoryEvents, levels: Sequence[StockLevel], taken: Mapping[str, int]) -> None:
        """StockAvailabilityChanged for every SKU taken from, and StockLow / StockDepleted for SKUs whose
        available units just crossed their threshold / zero."""
        before = _available(levels)
        thresholds: dict[str, int] = {}
        for level in levels:
            thresholds[level.sku] = max(thresholds.get(level.sku, 0), level.low_stock_threshold)
        for sku, quantity in taken.items():
            after = before.get(sku, 0) - quantity
            await events.availability_changed(sku, after)
            if domain.crossed_low_stock(before.get(sku, 0), after, thresholds.get(sku, 0)):
                await events.low(sku, after, thresholds[sku])
            if before.get(sku, 0) > 0 >= after:
                await events.depleted(sku)

    async def reserve(
        self, order_id: str, wanted: Mapping[str, int], ttl: timedelta | None, *, commit: bool = False
    ) -> Reservation:
        """Holds ``wanted`` for the order, all or nothing; with ``commit`` the units leave stock at once (the
        reservation starts COMMITTED, never expires, and a release puts them back on hand)."""
        async with self._db.transaction() as session:
            repo = InventoryRepository(session)
            existing = await repo.reservation(order_id)
            if existing is not None:
                return existing
            levels = await repo.lock_levels(sorted(wanted))
            lines = domain.allocate(wanted, levels)  # OUT_OF_STOCK rolls the transaction back: nothing held
            now = self._clock()
            reservation = Reservation(
                order_id=order_id,
                lines=tuple(lines),
                state=domain.COMMITTED if commit else domain.RESERVED,
                expire_time=now + (ttl or self._default_ttl),
                create_time=now,
            )
            if not await repo.add_reservation(reservation):
                return await repo.reservation(order_id) or reservation
            if commit:
                await repo.change_levels(lines, reserved=0, on_hand=-1, now=now)
            else:
                await repo.change_levels(lines, reserved=+1, on_hand=0, now=now)
            events = InventoryEvents(session)
            await events.reserved(replace(reservation, state=domain.RESERVED))
            if commit:
                await events.committed(reservation)
            await self._alert(events, levels, wanted)
            return reservation

    async def _locked(self, repo: InventoryRepository, order_id: str) -> Reservation | None:
        reservation = await repo.reservation(order_id, for_update=True)
        if reservation is not None:
            await repo.lock_levels(sorted({line.sku for line in reservation.lines}))
        return reservation

    async def commit(self, order_id: str) -> Reservation:
        async with self._db.transaction() as session:
            repo = InventoryRepository(session)
            reservation = await self._locked(repo, order_id)
            if reservation is None:
                raise NotFound(RESERVATION, f"reservations/{order_id}")
            if reservation.state == domain.COMMITTED:
                return reservation
            if reservation.state != domain.RESERVED:
                raise FailedPrecondition(
                    [
                        PreconditionViolation(
                            "STATE", reservation.name, f"the reservation is {reservation.state}, not held"
                        )
                    ],
                    reason="RESERVATION_NOT_HELD",
                )
            now = self._clock()
            await repo.change_levels(reservation.lines, reserved=-1, on_hand=-1, now=now)
            await repo.set_state(order_id, domain.COMMITTED, now)
            committed = replace(reservation, state=domain.COMMITTED)
            await InventoryEvents(session).committed(committed)
            return committed

    async def release(self, order_id: str, *, final_state: str = domain.RELEASED) -> Reservation | None:
        async with self._db.transaction() as session:
            repo = InventoryRepository(session)
            reservation = await self._locked(repo, order_id)
            if reservation is None or reservation.state in (domain.RELEASED, domain.EXPIRED):
                return reservation
            return await self._give_back(session, repo, reservation, final_state)

    async def _give_back(
        self, session: Transaction, repo: InventoryRepository, reservation: Reservation, final_state: str
    ) -> Reservation:
        now = self._clock()
        if reservation.state == domain.RESERVED:
            await repo.change_levels(reservation.lines, reserved=-1, on_hand=0, now=now)
        else:  # committed: the units come back on hand
            await repo.change_levels(reservation.lines, reserved=0, on_hand=+1, now=now)
        await repo.set_state(reservation.order_id, final_state, now)
        released = replace(reservation, state=final_state)
        events = InventoryEvents(session)
        await events.released(released)
        skus = sorted({line.sku for line in reservation.lines})
        for sku, available in (await repo.available(skus)).items():  # the rows are locked: this is the total now
            await events.availability_changed(sku, available)
        return released

    async def expire_due(self, limit: int = 100) -> int:
        """Releases held reservations past their expiry; returns how many."""
        async with self._db.transaction() as session:
            repo = InventoryRepository(session)
            due = await repo.due(self._clock(), limit)
            for order_id in due:
                reservation = await self._locked(repo, order_id)
                if reservation is not None and reservation.state == domain.RESERVED:
                    await self._give_back(session, repo, reservation, domain.EXPIRED)
        if due:
            EXPIRED.inc(len(due))
            log.info("expired reservations", extra={"count": len(due)})
        return len(due)

    async def sweep_forever(self, interval: float) -> None:
        while True:
            try:
                while await self.expire_due() > 0:
                    pass
            except Exception:
                log.exception("reservation expiry sweep failed; retrying")
            await asyncio.sleep(interval)

    async def get_reservation(self, order_id: str) -> Reservation:
        async with self._db.reading() as session:
            reservation = await InventoryRepository(session).reservation(order_id)
        if reservation is None:
            raise NotFound(RESERVATION, f"reservations/{order_id}")
        return reservation

    async def availability(self, skus: Sequence[str]) -> list[tuple[str, int]]:
        async with self._db.reading() as session:
            available = await InventoryRepository(session).available(skus)
        return [(sku, available.get(sku, 0)) for sku in skus]

    async def stock_levels(self, sku: str) -> list[StockLevel]:
        async with self._db.reading() as session:
            return await InventoryRepository(session).levels([sku])

    async def adjust(self, sku: str, warehouse: str, delta: int, threshold: int | None, request_id: str) -> StockLevel:
        # Every adjustment is a row of the stock ledger; one without a request id gets an id of its own.
        given = bool(request_id)
        rid = uuid.UUID(request_id) if given else uuid.uuid4()
        warehouse = warehouse or domain.DEFAULT_WAREHOUSE
        async with self._db.transaction() as session:
            repo = InventoryRepository(session)
            levels = await repo.lock_levels([sku])
            current = next((level for level in levels if level.warehouse == warehouse), None)
            if given and await repo.adjustment_applied(rid):
                if current is None:
                    raise NotFound("inventory.shopmesh.dev/StockLevel", f"skus/{sku}/warehouses/{warehouse}")
                return current
            on_hand = current.on_hand if current else 0
            reserved = current.reserved if current else 0
            if on_hand + delta < reserved:
                raise FailedPrecondition(
                    [
                        PreconditionViolation(
                            "STOCK", f"skus/{sku}", f"{on_hand} on hand, {reserved} reserved: cannot write off {-delta}"
                        )
                    ],
                    reason="STOCK_RESERVED",
                )
            level = await repo.adjust(sku, warehouse, delta, threshold, self._clock(), rid)
            events = InventoryEvents(session)
            await events.adjusted(level, delta)
            if delta < 0:
                await self._alert(events, levels, {sku: -delta})
            else:
                await events.availability_changed(sku, _available(levels).get(sku, 0) + delta)
            return level
