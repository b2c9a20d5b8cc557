"""Recommendations' composition root: the API and the consumer of confirmed orders and catalog changes."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from services.recommendations.api import RecommendationsApi
from services.recommendations.service import RecommendationsService
from services.recommendations.settings import RecommendationsSettings
from services.runtime.dead_letters import dead_letters_command
from services.runtime.server import Registration, Resources, ServiceDefinition
from shop.recommendations.v1 import recommendations_service_pb2, recommendations_service_pb2_grpc

SERVICE_NAME = recommendations_service_pb2.DESCRIPTOR.services_by_name["RecommendationsService"].full_name
CONSUMER = "recommendations"
TOPICS = ("shop.orders.events", "shop.catalog.events")


async def compose(settings: RecommendationsSettings, resources: Resources) -> Sequence[Registration]:
    assert resources.database is not None
    service = RecommendationsService(resources.database)
    resources.add_consumer(settings, name=CONSUMER, topics=TOPICS, handlers=service.handlers())
    api = RecommendationsApi(service)
    return [
        Registration(
            SERVICE_NAME,
            lambda server: recommendations_service_pb2_grpc.add_RecommendationsServiceServicer_to_server(api, server),
        )
    ]


DEFINITION = ServiceDefinition(
    name="recommendations",
    settings_type=RecommendationsSettings,
    compose=compose,
    migrations=Path(__file__).parent / "migrations",
    commands={"dead-letters": dead_letters_command(CONSUMER)},
)
