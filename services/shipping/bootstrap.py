"""Shipping's composition root."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from services.runtime.server import Registration, Resources, ServiceDefinition
from services.shipping.api import ShippingApi
from services.shipping.service import ShippingService
from services.shipping.settings import ShippingSettings
from shop.shipping.v1 import shipping_service_pb2, shipping_service_pb2_grpc

SERVICE_NAME = shipping_service_pb2.DESCRIPTOR.services_by_name["ShippingService"].full_name


async def compose(settings: ShippingSettings, resources: Resources) -> Sequence[Registration]:
    assert resources.database is not None
    secrets = {carrier: secret.get_secret_value() for carrier, secret in settings.carrier_webhook_secrets.items()}
    api = ShippingApi(ShippingService(resources.database, carrier_secrets=secrets))
    return [
        Registration(
            SERVICE_NAME, lambda server: shipping_service_pb2_grpc.add_ShippingServiceServicer_to_server(api, server)
        )
    ]


DEFINITION = ServiceDefinition(
    name="shipping",
    settings_type=ShippingSettings,
    compose=compose,
    migrations=Path(__file__).parent / "migrations",
    publishes_events=True,
)
