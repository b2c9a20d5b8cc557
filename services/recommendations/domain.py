"""Recommendations' rules, free of I/O: which pairs an order adds, and how a list is filled."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

BOUGHT_TOGETHER, BEST_SELLER = "BOUGHT_TOGETHER", "BEST_SELLER"


@dataclass(frozen=True)
class Recommendation:
    product: str
    display_name: str
    reason: str
    score: int


def pairs(products: Iterable[str]) -> list[tuple[str, str]]:
    """Every ordered pair of distinct products of one order: each pair counts once per order."""
    distinct = sorted(set(products))
    return [(a, b) for a in distinct for b in distinct if a != b]


def fill(
    together: Sequence[Recommendation], best_sellers: Sequence[Recommendation], exclude: Collection[str], limit: int
) -> list[Recommendation]:
    """Bought-together first, topped up with best sellers; nothing excluded, nothing twice, at most ``limit``."""
    chosen: list[Recommendation] = []
    seen = set(exclude)
    for candidate in [*together, *best_sellers]:
        if len(chosen) == limit:
            break
        if candidate.product not in seen:
            chosen.append(candidate)
            seen.add(candidate.product)
    return chosen
