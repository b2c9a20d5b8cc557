"""Analytics' use cases: record order facts from events; sales and top-product reports for admins."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from google.protobuf.timestamp_pb2 import Timestamp

from services.analytics import domain
from services.analytics.adapters.facts import OrderFacts
from services.analytics.domain import DaySales, SoldLine
from services.runtime import money, pagination
from services.runtime.consumer import Event, Handler
from services.runtime.database import Database, Transaction
from services.runtime.errors import InvalidArgument
from shop.orders.v1 import events_pb2 as order_events
from shop.orders.v1 import order_pb2


def _when(stamp: Timestamp) -> datetime:
    return stamp.ToDatetime(tzinfo=UTC)


async def _placed(facts: OrderFacts, order: order_pb2.Order) -> None:
    total = money.from_proto(order.total, field="total")
    await facts.placed(order.name, total.currency, total.minor_units, _when(order.create_time))


# Events that end an order without (or after) a sale.
_ENDINGS: dict[str, type[Any]] = {
    "shop.orders.v1.OrderCancelled": order_events.OrderCancelled,
    "shop.orders.v1.OrderRefunded": order_events.OrderRefunded,
}


class AnalyticsService:
    def __init__(self, database: Database, *, today: Callable[[], date] = lambda: datetime.now(UTC).date()) -> None:
        self._db = database
        self._today = today

    # --- events -------------------------------------------------------------------------------------

    def handlers(self) -> dict[str, Handler]:
        return {
            "shop.orders.v1.OrderPlaced": self._order_placed,
            "shop.orders.v1.OrderConfirmed": self._order_confirmed,
            "shop.orders.v1.ReturnRefunded": self._return_refunded,
            **dict.fromkeys(_ENDINGS, self._order_ended),
        }

    async def _order_placed(self, session: Transaction, event: Event) -> None:
        await _placed(OrderFacts(session), event.parse(order_events.OrderPlaced).order)

    async def _order_confirmed(self, session: Transaction, event: Event) -> None:
        order = event.parse(order_events.OrderConfirmed).order
        facts = OrderFacts(session)
        await _placed(facts, order)  # in case OrderPlaced was lost to a retention limit
        lines: dict[tuple[str, str], SoldLine] = {}
        for line in order.lines:
            line_total = money.from_proto(line.line_total, field="line_total").minor_units
            if line.HasField("discount"):  # revenue is what was paid: after promotions
                line_total -= money.from_proto(line.discount, field="discount").minor_units
            label = " / ".join(value.value for value in line.option_values)
            sold = SoldLine(line.display_name, line.sku, label, line.quantity, line_total)
            key = (line.product, line.variant)
            lines[key] = lines[key] + sold if key in lines else sold
        await facts.confirmed(order.name, _when(order.update_time), lines)

    async def _return_refunded(self, session: Transaction, event: Event) -> None:
        """Revenue and units shrink by a return (a fully returned order then ends with OrderRefunded)."""
        order_return = event.parse(order_events.ReturnRefunded).order_return
        lines = {
            (line.product, line.variant): (line.quantity, money.from_proto(line.amount, field="amount").minor_units)
            for line in order_return.lines
        }
        refund = money.from_proto(order_return.refund_total, field="refund_total").minor_units
        await OrderFacts(session).returned(order_return.name.rsplit("/returns/", 1)[0], refund, lines)

    async def _order_ended(self, session: Transaction, event: Event) -> None:
        order = event.parse(_ENDINGS[event.type]).order
        facts = OrderFacts(session)
        await _placed(facts, order)
        await facts.cancelled(order.name, _when(order.update_time))

    # --- reports ------------------------------------------------------------------------------------

    @staticmethod
    def _currency(code: str) -> str:
        code = code or "USD"
        if code not in money.CURRENCY_EXPONENTS:
            raise InvalidArgument.field(
                "currency_code", f"unsupported currency {code!r}", reason="UNSUPPORTED_CURRENCY"
            )
        return code

    async def sales(self, start: str, end: str, currency_code: str) -> tuple[list[DaySales], DaySales]:
        currency = self._currency(currency_code)
        first, last = domain.report_range(start, end, self._today())
        async with self._db.reading() as connection:
            found = await OrderFacts(connection).daily(currency, first, last)
        days = domain.every_day(first, last, found)
        totals = sum(days, DaySales(None))
        return days, totals

    async def top_products(
        self, start: str, end: str, currency_code: str, page_size: int
    ) -> tuple[list[Any], dict[str, list[Any]]]:
        """The best-selling products, and each one's sales by variant."""
        currency = self._currency(currency_code)
        first, last = domain.report_range(start, end, self._today())
        limit = pagination.page_size(page_size, default=10, maximum=100)
        async with self._db.reading() as connection:
            return await OrderFacts(connection).top_products(currency, first, last, limit)
