"""Shipping's use cases; every step is idempotent per order, every carrier report per event id."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from services.runtime import webhook_signatures
from services.runtime.database import Database
from services.runtime.errors import FailedPrecondition, NotFound, PreconditionViolation, Unauthenticated
from services.runtime.tokens import Principal
from services.shipping import carrier_webhook, domain
from services.shipping.adapters.events import record_state_change
from services.shipping.adapters.repository import ShipmentRepository
from services.shipping.domain import ParcelItem, Quote, Shipment, TrackingEvent

SHIPMENT = "shipping.shopmesh.dev/Shipment"


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class CarrierReceipt:
    """What the carrier's webhook answers: its event id, the shipment's state after it, a repeat or not."""

    event_id: str
    state: str
    duplicate: bool


class ShippingService:
    def __init__(
        self,
        database: Database,
        *,
        carrier_secrets: Mapping[str, str] | None = None,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._db = database
        self._carrier_secrets = dict(carrier_secrets or {})
        self._clock = clock

    def quote(self, country_code: str, units: int, currency: str = "", items: Sequence[ParcelItem] = ()) -> Quote:
        return domain.quote(country_code, units, currency, items)

    async def create(
        self,
        order_id: str,
        address: dict[str, Any],
        units: int,
        customer_id: str = "",
        currency: str = "",
        items: Sequence[ParcelItem] = (),
    ) -> Shipment:
        async with self._db.transaction() as session:
            repo = ShipmentRepository(session)
            now = self._clock()
            shipment = Shipment(
                order_id=order_id,
                address=address,
                units=units,
                quote=domain.quote(address["country_code"], units, currency, items),
                state=domain.PENDING,
                carrier="",
                tracking_number="",
                create_time=now,
                ship_time=None,
                delivery_time=None,
                customer_id=customer_id,
                tracking_events=(domain.opened(now),),
            )
            if await repo.add(shipment):
                return shipment
            existing = await repo.get(order_id)  # the order has one already: a repeated call
            assert existing is not None
            return existing

    async def _step(
        self, order_id: str, *, allowed_from: set[str], to: str, description: str = "", **values: Any
    ) -> Shipment | None:
        async with self._db.transaction() as session:
            repo = ShipmentRepository(session)
            shipment = await repo.get(order_id, for_update=True)
            if shipment is None or shipment.state == to:
                return shipment
            if shipment.state not in allowed_from:
                raise FailedPrecondition(
                    [
                        PreconditionViolation(
                            "STATE", shipment.name, f"the shipment is {shipment.state}; cannot become {to}"
                        )
                    ],
                    reason="SHIPMENT_STATE",
                )
            now = self._clock()
            step = TrackingEvent(to, now, "", description or domain.DESCRIPTIONS[to], domain.SHOP)
            await repo.record(order_id, step, now)
            updated = await repo.update(order_id, state=to, **values)
            await record_state_change(session, updated, step)
            return updated

    async def mark_shipped(self, order_id: str, carrier: str, tracking_number: str) -> Shipment:
        shipment = await self._step(
            order_id,
            allowed_from={domain.PENDING},
            to=domain.SHIPPED,
            description=f"Handed to {carrier}, tracking number {tracking_number}",
            carrier=carrier,
            tracking_number=tracking_number,
            ship_time=self._clock(),
        )
        if shipment is None:
            raise NotFound(SHIPMENT, f"shipments/{order_id}")
        return shipment

    async def mark_delivered(self, order_id: str) -> Shipment:
        shipment = await self._step(
            order_id,
            allowed_from={domain.SHIPPED, domain.IN_TRANSIT, domain.OUT_FOR_DELIVERY},
            to=domain.DELIVERED,
            delivery_time=self._clock(),
        )
        if shipment is None:
            raise NotFound(SHIPMENT, f"shipments/{order_id}")
        return shipment

    async def cancel(self, order_id: str) -> Shipment | None:
        return await self._step(order_id, allowed_from={domain.PENDING}, to=domain.CANCELLED)

    async def get(self, order_id: str) -> Shipment:
        async with self._db.reading() as session:
            shipment = await ShipmentRepository(session).get(order_id)
        if shipment is None:
            raise NotFound(SHIPMENT, f"shipments/{order_id}")
        return shipment

    async def of_order(self, caller: Principal, order_id: str) -> Shipment:
        """The shipment of one of the caller's orders (any order for an admin); NOT_FOUND for someone else's."""
        shipment = await self.get(order_id)
        if shipment.customer_id != caller.user_id and not caller.is_admin:
            raise NotFound(SHIPMENT, f"shipments/{order_id}")
        return shipment

    async def receive_carrier_event(self, carrier: str, body: bytes, signature: str, now: float) -> CarrierReceipt:
        """A carrier's signed report: recorded once per event id; it moves the shipment only forward."""
        secret = self._carrier_secrets.get(carrier)
        if secret is None or not webhook_signatures.verify(secret, body, signature, now):
            raise Unauthenticated(
                f"not signed with the {carrier!r} carrier's secret: send a fresh Shopmesh-Signature header",
                reason="BAD_SIGNATURE",
            )
        report = carrier_webhook.parse(body)
        async with self._db.transaction() as session:
            repo = ShipmentRepository(session)
            shipment = await repo.by_tracking_number(carrier, report.tracking_number)
            if shipment is None:
                raise NotFound(SHIPMENT, f"tracking number {report.tracking_number} of carrier {carrier}")
            step = TrackingEvent(
                report.state,
                report.time,
                report.location,
                report.description or domain.DESCRIPTIONS[report.state],
                domain.carrier_source(carrier),
            )
            if not await repo.record(shipment.order_id, step, self._clock(), source_event_id=report.id):
                return CarrierReceipt(report.id, shipment.state, duplicate=True)
            if not domain.advanced(shipment.state, report.state):
                return CarrierReceipt(report.id, shipment.state, duplicate=False)  # history, not news
            values: dict[str, Any] = {"state": report.state}
            if report.state == domain.DELIVERED:
                values["delivery_time"] = report.time
            updated = await repo.update(shipment.order_id, **values)
            await record_state_change(session, updated, step)
            return CarrierReceipt(report.id, updated.state, duplicate=False)
