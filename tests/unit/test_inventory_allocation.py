from datetime import UTC, datetime

import pytest

from services.inventory import domain
from services.inventory.domain import Line, StockLevel
from services.runtime.errors import FailedPrecondition

NOW = datetime.now(UTC)


def _level(sku: str, warehouse: str, on_hand: int, reserved: int = 0) -> StockLevel:
    return StockLevel(sku, warehouse, on_hand, reserved, low_stock_threshold=5, update_time=NOW)


def test_a_line_is_taken_from_the_fullest_warehouse_first():
    levels = [_level("A", "east", 3), _level("A", "west", 10)]
    assert domain.allocate({"A": 4}, levels) == [Line("A", "west", 4)]


def test_a_line_spans_warehouses_when_none_has_enough():
    levels = [_level("A", "east", 3), _level("A", "west", 5, reserved=2)]
    assert domain.allocate({"A": 6}, levels) == [Line("A", "east", 3), Line("A", "west", 3)]


def test_reserved_units_are_not_available():
    with pytest.raises(FailedPrecondition) as error:
        domain.allocate({"A": 2}, [_level("A", "main", 5, reserved=4)])
    assert error.value.reason == "OUT_OF_STOCK"


def test_every_short_sku_is_named_and_nothing_is_allocated():
    levels = [_level("A", "main", 1), _level("B", "main", 10)]
    with pytest.raises(FailedPrecondition) as error:
        domain.allocate({"A": 2, "B": 1, "C": 1}, levels)
    assert [v.subject for v in error.value.violations] == ["skus/A", "skus/C"]


def test_low_stock_fires_once_when_the_threshold_is_crossed():
    assert domain.crossed_low_stock(before=6, after=5, threshold=5)
    assert not domain.crossed_low_stock(before=5, after=4, threshold=5)
    assert not domain.crossed_low_stock(before=9, after=6, threshold=5)
