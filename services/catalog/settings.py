"""Catalog's configuration (``SHOPMESH_*`` environment variables)."""

from __future__ import annotations

from services.runtime.settings import ServiceSettings


class CatalogSettings(ServiceSettings):
    grpc_port: int = 50052
    # Products kept in memory for reads (see adapters/product_cache.py); 0 reads every product from the database.
    product_cache_size: int = 10_000
