"""Catalog's configuration (``SHOPMESH_*`` environment variables)."""

from __future__ import annotations

from services.runtime.settings import ServiceSettings


class CatalogSettings(ServiceSettings):
    grpc_port: int = 50052
    # Products kept in memory for reads (see adapters/product_cache.py); 0 reads every product from the database.
    product_cache_size: int = 10_000
    # The currency prices are set in by default and rates are relative to; and the currencies the shop sells in
    # (each needs a rate: the migration seeds defaults, admins set them with SetCurrencyRate).
    base_currency: str = "USD"
    sold_currencies: list[str] = ["USD", "EUR", "GBP", "JPY"]
