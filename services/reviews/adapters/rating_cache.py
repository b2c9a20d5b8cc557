"""Rating summaries cached in Redis (``reviews:rating:<product>``), as a cache only: when Redis is down or
slow, readers compute the summary from the database and nothing fails."""

from __future__ import annotations

import json
import logging

import redis.asyncio as redis

from services.reviews.domain import RatingSummary

log = logging.getLogger(__name__)


def _key(product: str) -> str:
    return f"reviews:rating:{product}"


class RatingCache:
    def __init__(self, client: redis.Redis, *, ttl_seconds: int) -> None:
        self._redis = client
        self._ttl = ttl_seconds

    async def get(self, product: str) -> RatingSummary | None:
        try:
            raw = await self._redis.get(_key(product))
        except redis.RedisError as error:
            log.warning("rating cache unavailable: %r", error)
            return None
        if raw is None:
            return None
        return RatingSummary(product, tuple(json.loads(raw)))  # type: ignore[arg-type]

    async def put(self, summary: RatingSummary) -> None:
        try:
            await self._redis.set(_key(summary.product), json.dumps(summary.star_counts), ex=self._ttl)
        except redis.RedisError as error:
            log.warning("rating cache unavailable: %r", error)

    async def forget(self, product: str) -> None:
        try:
            await self._redis.delete(_key(product))
        except redis.RedisError as error:  # stale for at most the TTL
            log.warning("rating cache unavailable; %s may be stale until it expires: %r", product, error)
