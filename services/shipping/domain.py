"""Shipping's domain: zones, rates and shipments, in plain Python."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.runtime.money import Money

PENDING = "pending"
SHIPPED = "shipped"
IN_TRANSIT = "in_transit"
OUT_FOR_DELIVERY = "out_for_delivery"
DELIVERED = "delivered"
CANCELLED = "cancelled"

# How far along a parcel is: a report never moves a shipment backwards (carriers' webhooks arrive out of
# order: "in transit" after "delivered" is history, not news).
PROGRESS = (PENDING, SHIPPED, IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED)
# What a carrier may report.
CARRIER_STATES = (IN_TRANSIT, OUT_FOR_DELIVERY, DELIVERED)
SHOP = "shop"  # the source of the shop's own tracking steps

HOME_COUNTRY = "US"
NEAR = frozenset(
    {
        "CA",
        "MX",
        "GB",
        "IE",
        "FR",
        "DE",
        "NL",
        "BE",
        "LU",
        "ES",
        "PT",
        "IT",
        "AT",
        "CH",
        "DK",
        "SE",
        "NO",
        "FI",
        "PL",
        "CZ",
    }
)

# zone -> (base in cents, cents per extra unit, estimated business days)
RATES = {"DOMESTIC": (499, 100, 3), "NEAR": (1299, 250, 6), "WORLD": (2499, 400, 10)}


def zone_of(country_code: str) -> str:
    if country_code == HOME_COUNTRY:
        return "DOMESTIC"
    return "NEAR" if country_code in NEAR else "WORLD"


@dataclass(frozen=True)
class Quote:
    amount: Money
    zone: str
    estimated_days: int


def quote(country_code: str, units: int) -> Quote:
    """Base rate of the zone plus a per-unit rate for every unit after the first."""
    zone = zone_of(country_code)
    base, per_unit, days = RATES[zone]
    return Quote(Money("USD", base + per_unit * max(units - 1, 0)), zone, days)


def advanced(current: str, reported: str) -> bool:
    """Whether a report of ``reported`` moves a shipment in ``current`` forward."""
    return current in PROGRESS and PROGRESS.index(reported) > PROGRESS.index(current)


# What a customer reads for a step that carries no words of its own.
DESCRIPTIONS = {
    PENDING: "Order confirmed; the parcel is being prepared",
    SHIPPED: "Handed to the carrier",
    IN_TRANSIT: "In transit",
    OUT_FOR_DELIVERY: "Out for delivery",
    DELIVERED: "Delivered",
    CANCELLED: "Cancelled with the order; it will not be sent",
}


def carrier_source(carrier: str) -> str:
    return f"carriers/{carrier}"


@dataclass(frozen=True)
class TrackingEvent:
    state: str
    event_time: datetime
    location: str
    description: str
    source: str


def opened(create_time: datetime) -> TrackingEvent:
    """A shipment's first step, its opening (read from its create time, not stored)."""
    return TrackingEvent(PENDING, create_time, "", DESCRIPTIONS[PENDING], SHOP)


@dataclass(frozen=True)
class Shipment:
    order_id: str
    address: dict[str, Any]
    units: int
    quote: Quote
    state: str
    carrier: str
    tracking_number: str
    create_time: datetime
    ship_time: datetime | None
    delivery_time: datetime | None
    customer_id: str = ""
    tracking_events: tuple[TrackingEvent, ...] = ()

    @property
    def name(self) -> str:
        return f"shipments/{self.order_id}"

    @property
    def order(self) -> str:
        return f"orders/{self.order_id}"

    @property
    def customer(self) -> str:
        return f"users/{self.customer_id}" if self.customer_id else ""
