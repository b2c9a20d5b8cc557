"""Orders' composition root: clients of the other services, the saga, its recovery loop, the consumer of
shipments delivered by their carrier, the servicer."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from services.orders.adapters.clients import Dependencies
from services.orders.api import OrdersApi
from services.orders.returns import ReturnsService
from services.orders.service import OrdersService
from services.orders.settings import OrdersSettings
from services.runtime.dead_letters import dead_letters_command
from services.runtime.server import Registration, Resources, ServiceDefinition
from shop.orders.v1 import orders_service_pb2, orders_service_pb2_grpc

SERVICE_NAME = orders_service_pb2.DESCRIPTOR.services_by_name["OrdersService"].full_name
CONSUMER = "orders"
TOPICS = ("shop.shipping.events",)


async def compose(settings: OrdersSettings, resources: Resources) -> Sequence[Registration]:
    assert resources.database is not None
    dependencies = Dependencies(
        cart=settings.cart_target,
        catalog=settings.catalog_target,
        inventory=settings.inventory_target,
        payments=settings.payments_target,
        shipping=settings.shipping_target,
        identity=settings.identity_target,
        service_tokens=resources.service_tokens,  # the saga's steps are internal: called as orders
    )
    resources.closers.append(dependencies.close)
    orders = OrdersService(
        resources.database,
        dependencies,
        reservation_ttl_seconds=settings.reservation_ttl_seconds,
        recovery_grace_seconds=settings.recovery_grace_seconds,
        page_tokens=resources.page_tokens,
    )
    resources.background.append(lambda: orders.recover_forever(settings.recovery_interval_seconds))
    resources.add_consumer(settings, name=CONSUMER, topics=TOPICS, handlers=orders.handlers())
    returns = ReturnsService(resources.database, dependencies, orders, return_window_days=settings.return_window_days)
    api = OrdersApi(orders, returns)
    return [
        Registration(
            SERVICE_NAME, lambda server: orders_service_pb2_grpc.add_OrdersServiceServicer_to_server(api, server)
        )
    ]


DEFINITION = ServiceDefinition(
    name="orders",
    settings_type=OrdersSettings,
    compose=compose,
    migrations=Path(__file__).parent / "migrations",
    publishes_events=True,
    commands={"dead-letters": dead_letters_command(CONSUMER)},
)
