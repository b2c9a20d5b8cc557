"""The shop's currency rates, read from the catalog (ListCurrencies) and kept for a few seconds: a search in another
currency converts with them, and rates change only when an admin sets one."""

from __future__ import annotations

import time
from datetime import UTC

import grpc

from services.runtime.channels import ServiceChannel
from services.runtime.dependency_errors import as_domain_error
from services.runtime.exchange_rates import Rate, Rates
from shop.catalog.v1 import catalog_service_pb2, catalog_service_pb2_grpc


class CurrencyRates:
    def __init__(self, channel: ServiceChannel, *, keep_seconds: float = 5.0) -> None:
        self._stub = catalog_service_pb2_grpc.CatalogServiceStub(channel)
        self._keep = keep_seconds
        self._kept: tuple[float, Rates] | None = None

    async def now(self) -> Rates:
        if self._kept is not None and time.monotonic() - self._kept[0] < self._keep:
            return self._kept[1]
        try:
            response = await self._stub.ListCurrencies(catalog_service_pb2.ListCurrenciesRequest())
        except grpc.aio.AioRpcError as error:
            raise as_domain_error(error, "catalog") from error
        rates = Rates(
            response.base_currency,
            tuple(Rate(c.currency_code, c.rate, c.update_time.ToDatetime(tzinfo=UTC)) for c in response.currencies),
        )
        self._kept = (time.monotonic(), rates)
        return rates
