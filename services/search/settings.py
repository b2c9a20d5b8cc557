"""Search's configuration (``SHOPMESH_*`` environment variables)."""

from __future__ import annotations

from services.runtime.settings import ServiceSettings


class SearchSettings(ServiceSettings):
    grpc_port: int = 50059
    # Where ``rebuild`` reads the products and their stock from; and the shop's currency rates (ListCurrencies).
    catalog_target: str = "127.0.0.1:50052"
    inventory_target: str = "127.0.0.1:50053"
