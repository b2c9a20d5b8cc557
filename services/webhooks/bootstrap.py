"""Webhooks' composition root: the API, the consumer that takes events for endpoints, the delivery loops."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from services.runtime.dead_letters import dead_letters_command
from services.runtime.server import Registration, Resources, ServiceDefinition
from services.webhooks.adapters.sender import HttpSender
from services.webhooks.api import WebhooksApi
from services.webhooks.service import Policy, WebhooksService
from services.webhooks.settings import WebhooksSettings
from shop.webhooks.v1 import webhooks_service_pb2, webhooks_service_pb2_grpc

SERVICE_NAME = webhooks_service_pb2.DESCRIPTOR.services_by_name["WebhooksService"].full_name
CONSUMER = "webhooks"
TOPICS = ("shop.orders.events", "shop.payments.events", "shop.shipping.events")
DELIVERY_LOOPS = 2


async def compose(settings: WebhooksSettings, resources: Resources) -> Sequence[Registration]:
    assert resources.database is not None
    sender = HttpSender(timeout_seconds=settings.webhook_timeout_seconds)
    resources.closers.append(sender.close)
    service = WebhooksService(
        resources.database,
        sender,
        Policy(
            max_attempts=settings.webhook_max_attempts,
            backoff_seconds=settings.webhook_backoff_seconds,
            max_backoff_seconds=settings.webhook_max_backoff_seconds,
            failure_threshold=settings.webhook_failure_threshold,
            pause_seconds=settings.webhook_pause_seconds,
            allow_local_urls=settings.webhook_allow_local_urls,
            clock_skew_seconds=settings.webhook_clock_skew_seconds,
        ),
        page_tokens=resources.page_tokens,
    )
    resources.add_consumer(
        settings,
        name=CONSUMER,
        topics=TOPICS,
        handlers=service.handlers(),
        on_applied=service.taken,
        wanted=service.subscriptions.wanted,
    )
    for _ in range(DELIVERY_LOOPS):
        resources.background.append(lambda: service.deliver_forever(settings.webhook_poll_interval_seconds))
    api = WebhooksApi(service)
    return [
        Registration(
            SERVICE_NAME, lambda server: webhooks_service_pb2_grpc.add_WebhooksServiceServicer_to_server(api, server)
        )
    ]


DEFINITION = ServiceDefinition(
    name="webhooks",
    settings_type=WebhooksSettings,
    compose=compose,
    migrations=Path(__file__).parent / "migrations",
    commands={"dead-letters": dead_letters_command(CONSUMER)},
)
