"""Reviews' composition root: the API, the rating cache and the consumer of OrderDelivered."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import redis.asyncio as redis

from services.reviews.adapters.rating_cache import RatingCache
from services.reviews.api import ReviewsApi
from services.reviews.service import ReviewsService
from services.reviews.settings import ReviewsSettings
from services.runtime.dead_letters import dead_letters_command
from services.runtime.server import Registration, Resources, ServiceDefinition
from shop.reviews.v1 import reviews_service_pb2, reviews_service_pb2_grpc

SERVICE_NAME = reviews_service_pb2.DESCRIPTOR.services_by_name["ReviewsService"].full_name
CONSUMER = "reviews"
TOPICS = ("shop.orders.events",)


async def compose(settings: ReviewsSettings, resources: Resources) -> Sequence[Registration]:
    assert resources.database is not None
    # Short timeouts: a slow cache must not slow reads down; they fall back to the database.
    client = redis.Redis.from_url(settings.redis_url, **settings.redis_options(timeout_seconds=0.5))
    resources.closers.append(client.aclose)
    service = ReviewsService(
        resources.database,
        RatingCache(client, ttl_seconds=settings.rating_cache_ttl_seconds),
        page_tokens=resources.page_tokens,
    )
    resources.add_consumer(settings, name=CONSUMER, topics=TOPICS, handlers=service.handlers())
    api = ReviewsApi(service)
    return [
        Registration(
            SERVICE_NAME, lambda server: reviews_service_pb2_grpc.add_ReviewsServiceServicer_to_server(api, server)
        )
    ]


DEFINITION = ServiceDefinition(
    name="reviews",
    settings_type=ReviewsSettings,
    compose=compose,
    migrations=Path(__file__).parent / "migrations",
    commands={"dead-letters": dead_letters_command(CONSUMER)},
)
