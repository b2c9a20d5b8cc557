"""Shipping's domain: zones, rates and shipments, in plain Python."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.runtime.money import Money

PENDING = "pending"
SHIPPED = "shipped"
DELIVERED = "delivered"
CANCELLED = "cancelled"

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

    @property
    def name(self) -> str:
        return f"shipments/{self.order_id}"

    @property
    def order(self) -> str:
        return f"orders/{self.order_id}"
