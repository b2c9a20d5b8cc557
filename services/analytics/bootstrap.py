"""Analytics' composition root: the report API and the consumer of order events."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from services.analytics.api import AnalyticsApi
from services.analytics.service import AnalyticsService
from services.analytics.settings import AnalyticsSettings
from services.runtime.dead_letters import dead_letters_command
from services.runtime.server import Registration, Resources, ServiceDefinition
from shop.analytics.v1 import analytics_service_pb2, analytics_service_pb2_grpc

SERVICE_NAME = analytics_service_pb2.DESCRIPTOR.services_by_name["AnalyticsService"].full_name
CONSUMER = "analytics"
TOPICS = ("shop.orders.events",)


async def compose(settings: AnalyticsSettings, resources: Resources) -> Sequence[Registration]:
    assert resources.database is not None
    service = AnalyticsService(resources.database)
    resources.add_consumer(settings, name=CONSUMER, topics=TOPICS, handlers=service.handlers())
    api = AnalyticsApi(service)
    return [
        Registration(
            SERVICE_NAME, lambda server: analytics_service_pb2_grpc.add_AnalyticsServiceServicer_to_server(api, server)
        )
    ]


DEFINITION = ServiceDefinition(
    name="analytics",
    settings_type=AnalyticsSettings,
    compose=compose,
    migrations=Path(__file__).parent / "migrations",
    commands={"dead-letters": dead_letters_command(CONSUMER)},
)
