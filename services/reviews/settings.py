"""Reviews' configuration (``SHOPMESH_*`` environment variables)."""

from __future__ import annotations

from services.runtime.settings import ServiceSettings


class ReviewsSettings(ServiceSettings):
    grpc_port: int = 50060
    # Rating summaries are cached here; without Redis they are computed from the database every time.
    redis_url: str = "redis://127.0.0.1:6379/0"
    # A cached summary is dropped whenever a moderation changes it, and expires after this long anyway.
    rating_cache_ttl_seconds: int = 300
