"""Inventory's domain: stock levels, reservations and how an order's lines are taken from warehouses."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from services.runtime.errors import FailedPrecondition, PreconditionViolation

DEFAULT_WAREHOUSE = "main"

RESERVED = "reserved"
COMMITTED = "committed"
RELEASED = "released"
EXPIRED = "expired"


@dataclass(frozen=True)
class StockLevel:
    sku: str
    warehouse: str
    on_hand: int
    reserved: int
    low_stock_threshold: int
    update_time: datetime

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


@dataclass(frozen=True)
class Line:
    sku: str
    warehouse: str
    quantity: int


@dataclass(frozen=True)
class Reservation:
    order_id: str
    lines: tuple[Line, ...]
    state: str
    expire_time: datetime
    create_time: datetime

    @property
    def name(self) -> str:
        return f"reservations/{self.order_id}"

    @property
    def order(self) -> str:
        return f"orders/{self.order_id}"


def allocate(requested: Mapping[str, int], levels: Sequence[StockLevel]) -> list[Line]:
    """Takes each SKU's quantity from its warehouses, fullest first (fewest splits).

    All or nothing: every SKU that cannot be covered is one violation of a FailedPrecondition.
    """
    by_sku: dict[str, list[StockLevel]] = {}
    for level in levels:
        by_sku.setdefault(level.sku, []).append(level)
    lines: list[Line] = []
    short: list[PreconditionViolation] = []
    for sku, wanted in requested.items():
        candidates = sorted(by_sku.get(sku, []), key=lambda level: (-level.available, level.warehouse))
        available = sum(max(level.available, 0) for level in candidates)
        if available < wanted:
            short.append(
                PreconditionViolation("STOCK", f"skus/{sku}", f"{sku}: {wanted} wanted, {max(available, 0)} available")
            )
            continue
        remaining = wanted
        for level in candidates:
            take = min(remaining, level.available)
            if take > 0:
                lines.append(Line(sku, level.warehouse, take))
                remaining -= take
            if remaining == 0:
                break
    if short:
        raise FailedPrecondition(short, reason="OUT_OF_STOCK")
    return lines


def crossed_low_stock(before: int, after: int, threshold: int) -> bool:
    """Whether available units just fell to the threshold or below (so the alert fires once per crossing)."""
    return before > threshold >= after
