"""Analytics' rules, free of I/O: report ranges, days without orders, rates."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from services.runtime.errors import FieldViolation, InvalidArgument

DEFAULT_DAYS = 30
MAX_DAYS = 366


@dataclass(frozen=True)
class SoldLine:
    """What a confirmed order sold of one variant (or, from before variants, of one product)."""

    display_name: str
    sku: str
    option_label: str  # "M / Sand"; "" for a product without options
    quantity: int
    revenue_minor: int  # after promotions: what was paid

    def __add__(self, other: SoldLine) -> SoldLine:
        """The same variant on two lines of one order (a cart line from before variants and one naming it)."""
        return replace(
            self, quantity=self.quantity + other.quantity, revenue_minor=self.revenue_minor + other.revenue_minor
        )


@dataclass(frozen=True)
class DaySales:
    day: date | None  # None for a range's totals
    placed: int = 0
    confirmed: int = 0
    cancelled: int = 0
    revenue_minor: int = 0
    units: int = 0

    def __add__(self, other: DaySales) -> DaySales:
        return replace(
            self,
            placed=self.placed + other.placed,
            confirmed=self.confirmed + other.confirmed,
            cancelled=self.cancelled + other.cancelled,
            revenue_minor=self.revenue_minor + other.revenue_minor,
            units=self.units + other.units,
        )

    @property
    def kept(self) -> int:
        return self.confirmed - self.cancelled

    @property
    def average_order_minor(self) -> int:
        """Revenue per kept order, rounded half up to the minor unit."""
        return (2 * self.revenue_minor + self.kept) // (2 * self.kept) if self.kept else 0

    @property
    def cancellation_rate(self) -> float:
        return round(self.cancelled / self.confirmed, 4) if self.confirmed else 0.0

    @property
    def checkout_conversion(self) -> float:
        return round(self.confirmed / self.placed, 4) if self.placed else 0.0


def report_range(start: str, end: str, today: date) -> tuple[date, date]:
    """(first day, last day) of a report; INVALID_ARGUMENT naming the field for impossible dates or ranges."""
    violations: list[FieldViolation] = []

    def parse(value: str, field: str) -> date | None:
        try:
            return date.fromisoformat(value)
        except ValueError:
            violations.append(FieldViolation(field, f"{value!r} is not a date (YYYY-MM-DD)"))
            return None

    last = parse(end, "end_date") if end else today
    first = parse(start, "start_date") if start else (last - timedelta(days=DEFAULT_DAYS - 1) if last else None)
    if first and last:
        if first > last:
            violations.append(FieldViolation("start_date", "must not be after end_date"))
        elif (last - first).days >= MAX_DAYS:
            violations.append(FieldViolation("end_date", f"a report covers at most {MAX_DAYS} days"))
    if violations:
        raise InvalidArgument(violations)
    assert first is not None
    assert last is not None
    return first, last


def every_day(first: date, last: date, found: dict[date, DaySales]) -> list[DaySales]:
    """One entry per day of the range, zeros where nothing happened."""
    return [
        found.get(first + timedelta(days=i), DaySales(first + timedelta(days=i)))
        for i in range((last - first).days + 1)
    ]
