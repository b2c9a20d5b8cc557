"""AnalyticsService over gRPC: parse the request, call the service layer, map the result to protobuf."""

from __future__ import annotations

from typing import Any

import grpc

from services.analytics.domain import DaySales
from services.analytics.service import AnalyticsService
from services.runtime import money
from services.runtime.money import Money
from shop.analytics.v1 import analytics_service_pb2 as pb
from shop.analytics.v1 import analytics_service_pb2_grpc


def _day_to_pb(day: DaySales, currency: str) -> pb.DailySales:
    return pb.DailySales(
        date=day.day.isoformat() if day.day else "",
        orders_placed=day.placed,
        orders_confirmed=day.confirmed,
        orders_cancelled=day.cancelled,
        revenue=money.to_proto(Money(currency, day.revenue_minor)),
        units_sold=day.units,
    )


class AnalyticsApi(analytics_service_pb2_grpc.AnalyticsServiceServicer):
    def __init__(self, analytics: AnalyticsService) -> None:
        self._analytics = analytics

    async def GetSalesReport(
        self, request: pb.GetSalesReportRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetSalesReportResponse:
        days, totals = await self._analytics.sales(request.start_date, request.end_date, request.currency_code)
        currency = request.currency_code or "USD"
        return pb.GetSalesReportResponse(
            days=[_day_to_pb(day, currency) for day in days],
            totals=_day_to_pb(totals, currency),
            average_order_value=money.to_proto(Money(currency, totals.average_order_minor)),
            cancellation_rate=totals.cancellation_rate,
            checkout_conversion=totals.checkout_conversion,
        )

    async def GetTopProducts(
        self, request: pb.GetTopProductsRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetTopProductsResponse:
        rows, variants = await self._analytics.top_products(
            request.start_date, request.end_date, request.currency_code, request.page_size
        )
        currency = request.currency_code or "USD"

        def revenue(row: Any) -> Any:
            return money.to_proto(Money(currency, int(row.revenue_minor)))

        return pb.GetTopProductsResponse(
            products=[
                pb.ProductSales(
                    product=row.product,
                    display_name=row.display_name,
                    units_sold=int(row.units),
                    revenue=revenue(row),
                    variants=[
                        pb.VariantSales(
                            variant=v.variant,
                            sku=v.sku,
                            option_label=v.option_label,
                            units_sold=int(v.units),
                            revenue=revenue(v),
                        )
                        for v in variants.get(row.product, [])
                    ],
                )
                for row in rows
            ]
        )
