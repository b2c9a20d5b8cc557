"""Cart's configuration (``SHOPMESH_*`` environment variables)."""

from __future__ import annotations

from services.runtime.settings import ServiceSettings


class CartSettings(ServiceSettings):
    grpc_port: int = 50054
    redis_url: str = "redis://127.0.0.1:6379/0"
    catalog_target: str = "127.0.0.1:50052"
    user_cart_ttl_seconds: int = 30 * 24 * 3600
    anonymous_cart_ttl_seconds: int = 7 * 24 * 3600
