"""Shipping's use cases; every step is idempotent per order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from services.runtime.database import Database
from services.runtime.errors import FailedPrecondition, NotFound, PreconditionViolation
from services.shipping import domain
from services.shipping.adapters.repository import ShipmentRepository
from services.shipping.domain import Quote, Shipment

SHIPMENT = "shipping.shopmesh.dev/Shipment"


def _now() -> datetime:
    return datetime.now(UTC)


class ShippingService:
    def __init__(self, database: Database, *, clock: Callable[[], datetime] = _now) -> None:
        self._db = database
        self._clock = clock

    def quote(self, country_code: str, units: int) -> Quote:
        return domain.quote(country_code, units)

    async def create(self, order_id: str, address: dict[str, Any], units: int) -> Shipment:
        async with self._db.transaction() as session:
            repo = ShipmentRepository(session)
            shipment = Shipment(
                order_id=order_id,
                address=address,
                units=units,
                quote=domain.quote(address["country_code"], units),
                state=domain.PENDING,
                carrier="",
                tracking_number="",
                create_time=self._clock(),
                ship_time=None,
                delivery_time=None,
            )
            if await repo.add(shipment):
                return shipment
            existing = await repo.get(order_id)  # the order has one already: a repeated call
            assert existing is not None
            return existing

    async def _step(self, order_id: str, *, allowed_from: set[str], to: str, **values: Any) -> Shipment | None:
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
            return await repo.update(order_id, state=to, **values)

    async def mark_shipped(self, order_id: str, carrier: str, tracking_number: str) -> Shipment:
        shipment = await self._step(
            order_id,
            allowed_from={domain.PENDING},
            to=domain.SHIPPED,
            carrier=carrier,
            tracking_number=tracking_number,
            ship_time=self._clock(),
        )
        if shipment is None:
            raise NotFound(SHIPMENT, f"shipments/{order_id}")
        return shipment

    async def mark_delivered(self, order_id: str) -> Shipment:
        shipment = await self._step(
            order_id, allowed_from={domain.SHIPPED}, to=domain.DELIVERED, delivery_time=self._clock()
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
