"""Payments' composition root: the provider from settings, the service, the servicer."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from services.payments.adapters.sandbox_provider import SandboxProvider
from services.payments.api import PaymentsApi
from services.payments.service import PaymentsService
from services.payments.settings import PaymentsSettings
from services.runtime.server import Registration, Resources, ServiceDefinition
from shop.payments.v1 import payments_service_pb2, payments_service_pb2_grpc

SERVICE_NAME = payments_service_pb2.DESCRIPTOR.services_by_name["PaymentsService"].full_name


async def compose(settings: PaymentsSettings, resources: Resources) -> Sequence[Registration]:
    assert resources.database is not None
    api = PaymentsApi(
        PaymentsService(resources.database, SandboxProvider(latency_seconds=settings.sandbox_latency_ms / 1000))
    )
    return [
        Registration(
            SERVICE_NAME, lambda server: payments_service_pb2_grpc.add_PaymentsServiceServicer_to_server(api, server)
        )
    ]


DEFINITION = ServiceDefinition(
    name="payments",
    settings_type=PaymentsSettings,
    compose=compose,
    migrations=Path(__file__).parent / "migrations",
    publishes_events=True,
)
