"""Shipping's domain: zones, rates and shipments, in plain Python."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from services.runtime.errors import InvalidArgument
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

# What checkout forms offer: the zones' countries by name (any other ISO code is quoted at the WORLD rate).
COUNTRY_NAMES = {
    "US": "United States",
    "CA": "Canada",
    "MX": "Mexico",
    "GB": "United Kingdom",
    "IE": "Ireland",
    "FR": "France",
    "DE": "Germany",
    "NL": "Netherlands",
    "BE": "Belgium",
    "LU": "Luxembourg",
    "ES": "Spain",
    "PT": "Portugal",
    "IT": "Italy",
    "AT": "Austria",
    "CH": "Switzerland",
    "DK": "Denmark",
    "SE": "Sweden",
    "NO": "Norway",
    "FI": "Finland",
    "PL": "Poland",
    "CZ": "Czechia",
    "AU": "Australia",
    "NZ": "New Zealand",
    "JP": "Japan",
    "KR": "South Korea",
    "SG": "Singapore",
    "HK": "Hong Kong",
    "TW": "Taiwan",
    "IN": "India",
    "AE": "United Arab Emirates",
    "IL": "Israel",
    "BR": "Brazil",
    "AR": "Argentina",
    "CL": "Chile",
    "ZA": "South Africa",
}


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    zone: str
    days: int


def shipping_countries() -> list[Country]:
    """The named countries, the home country first, then by name."""
    countries = [Country(code, name, zone_of(code), DAYS[zone_of(code)]) for code, name in COUNTRY_NAMES.items()]
    return sorted(countries, key=lambda c: (c.code != HOME_COUNTRY, c.name))


# The rate card of each currency the shop sells in: zone -> (base, per further started kilogram), in its minor
# units. Carriers bill in the currency of the order, so each currency has its own card rather than a converted one.
RATES = {
    "USD": {"DOMESTIC": (499, 100), "NEAR": (1299, 250), "WORLD": (2499, 400)},
    "EUR": {"DOMESTIC": (459, 90), "NEAR": (1190, 230), "WORLD": (2290, 370)},
    "GBP": {"DOMESTIC": (395, 80), "NEAR": (1025, 200), "WORLD": (1975, 320)},
    "CHF": {"DOMESTIC": (440, 90), "NEAR": (1150, 220), "WORLD": (2200, 350)},
    "CAD": {"DOMESTIC": (679, 135), "NEAR": (1765, 340), "WORLD": (3395, 545)},
    "JPY": {"DOMESTIC": (750, 150), "NEAR": (1950, 380), "WORLD": (3750, 600)},
}
# zone -> estimated business days
DAYS = {"DOMESTIC": 3, "NEAR": 6, "WORLD": 10}


def zone_of(country_code: str) -> str:
    if country_code == HOME_COUNTRY:
        return "DOMESTIC"
    return "NEAR" if country_code in NEAR else "WORLD"


# A unit of unknown weight counts this much (so a parcel of N such units costs what N units always did).
UNKNOWN_WEIGHT_GRAMS = 1000
# Carriers' volumetric divisor: a package weighs at least length x width x height (cm) / 5000 kg, which is
# mm3 / 5000 in grams.
VOLUMETRIC_MM3_PER_GRAM = 5000


@dataclass(frozen=True)
class ParcelItem:
    """``units`` of something weighing ``weight_grams`` each (0: unknown) in a package of the given sides (mm)."""

    units: int
    weight_grams: int = 0
    length_mm: int = 0
    width_mm: int = 0
    height_mm: int = 0

    @property
    def billable_grams(self) -> int:
        """One unit's billed weight: its weight or its volumetric weight, whichever is more."""
        weight = self.weight_grams or UNKNOWN_WEIGHT_GRAMS
        volume = self.length_mm * self.width_mm * self.height_mm
        return max(weight, -(-volume // VOLUMETRIC_MM3_PER_GRAM))


@dataclass(frozen=True)
class Quote:
    amount: Money
    zone: str
    estimated_days: int
    billable_weight_grams: int = 0


def parcel(units: int, items: Sequence[ParcelItem]) -> tuple[ParcelItem, ...]:
    """What a parcel of ``units`` holds: ``items`` (whose units must add up to ``units``), or without them that
    many units of unknown weight."""
    if not items:
        return (ParcelItem(units),)
    if sum(item.units for item in items) != units:
        raise InvalidArgument.field(
            "items", f"the items' units add up to {sum(item.units for item in items)}, not to units ({units})"
        )
    return tuple(items)


def quote(country_code: str, units: int, currency: str = "USD", items: Sequence[ParcelItem] = ()) -> Quote:
    """The zone's base rate for the first kilogram of billable weight, plus its rate for every further started
    kilogram, from the currency's rate card."""
    card = RATES.get(currency or "USD")
    if card is None:
        raise InvalidArgument.field(
            "currency_code",
            f"no shipping rates in {currency}; rates exist in {', '.join(RATES)}",
            reason="UNSUPPORTED_CURRENCY",
        )
    grams = sum(item.units * item.billable_grams for item in parcel(units, items))
    zone = zone_of(country_code)
    base, per_kg = card[zone]
    further_kg = max(-(-grams // 1000) - 1, 0)
    return Quote(Money(currency or "USD", base + per_kg * further_kg), zone, DAYS[zone], grams)


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
