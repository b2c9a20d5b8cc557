"""Analytics' pure rules: report ranges, days without orders, rates and the average order value."""

from datetime import date

import pytest

from services.analytics.domain import DaySales, every_day, report_range
from services.runtime.errors import InvalidArgument

TODAY = date(2026, 11, 21)


def test_a_report_defaults_to_the_last_thirty_days():
    assert report_range("", "", TODAY) == (date(2026, 10, 23), TODAY)
    assert report_range("2026-11-01", "", TODAY) == (date(2026, 11, 1), TODAY)


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        ("2026-11-22", "2026-11-21", "start_date"),
        ("2025-01-01", "2026-11-21", "end_date"),
        ("2026-02-30", "", "start_date"),
        ("", "2026-13-01", "end_date"),
    ],
)
def test_impossible_ranges_name_the_field(start: str, end: str, field: str):
    with pytest.raises(InvalidArgument) as raised:
        report_range(start, end, TODAY)
    assert [v.field for v in raised.value.violations] == [field]


def test_days_without_orders_are_zeros_and_totals_add_up():
    found = {date(2026, 11, 2): DaySales(date(2026, 11, 2), placed=4, confirmed=3, cancelled=1, revenue_minor=1001)}
    days = every_day(date(2026, 11, 1), date(2026, 11, 3), found)
    assert [(d.day, d.placed) for d in days] == [(date(2026, 11, 1), 0), (date(2026, 11, 2), 4), (date(2026, 11, 3), 0)]
    totals = sum(days, DaySales(None))
    # 10.01 over two kept orders is 5.005: rounded half up to 5.01.
    assert (totals.kept, totals.average_order_minor) == (2, 501)
    assert (totals.cancellation_rate, totals.checkout_conversion) == (0.3333, 0.75)
    assert DaySales(None).average_order_minor == 0
    assert DaySales(None).checkout_conversion == 0.0
