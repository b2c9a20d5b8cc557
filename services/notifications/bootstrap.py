"""Notifications' composition root: the API, the event consumer and the mail delivery loop."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from services.notifications.adapters.mailer import SmtpMailer
from services.notifications.api import NotificationsApi
from services.notifications.service import NotificationsService
from services.notifications.settings import NotificationsSettings
from services.runtime.dead_letters import dead_letters_command
from services.runtime.server import Registration, Resources, ServiceDefinition
from shop.notifications.v1 import notifications_service_pb2, notifications_service_pb2_grpc

SERVICE_NAME = notifications_service_pb2.DESCRIPTOR.services_by_name["NotificationsService"].full_name
CONSUMER = "notifications"
TOPICS = (
    "shop.identity.events",
    "shop.orders.events",
    "shop.payments.events",
    "shop.inventory.events",
    "shop.catalog.events",
)


def build_service(settings: NotificationsSettings, resources: Resources) -> NotificationsService:
    assert resources.database is not None
    mailer = SmtpMailer(
        settings.smtp_host,
        settings.smtp_port,
        sender=settings.mail_from,
        username=settings.smtp_username,
        password=settings.smtp_password,
        start_tls=settings.smtp_start_tls,
        max_idle_connections=settings.mail_senders,
    )
    resources.closers.append(mailer.close)
    return NotificationsService(
        resources.database,
        mailer,
        admin_alert_email=settings.admin_alert_email,
        page_tokens=resources.page_tokens,
        public_url=settings.public_url,
        max_backoff=settings.mail_max_backoff_seconds,
    )


async def compose(settings: NotificationsSettings, resources: Resources) -> Sequence[Registration]:
    assert resources.database is not None
    service = build_service(settings, resources)
    resources.add_consumer(
        settings, name=CONSUMER, topics=TOPICS, handlers=service.handlers(), on_applied=service.mail_queued
    )
    # Several senders: each takes the next due mail (rows are locked, others skip them) over its own connection.
    for _ in range(settings.mail_senders):
        resources.background.append(lambda: service.deliver_forever(settings.mail_poll_interval_seconds))
    api = NotificationsApi(service)
    return [
        Registration(
            SERVICE_NAME,
            lambda server: notifications_service_pb2_grpc.add_NotificationsServiceServicer_to_server(api, server),
        )
    ]


DEFINITION = ServiceDefinition(
    name="notifications",
    settings_type=NotificationsSettings,
    compose=compose,
    migrations=Path(__file__).parent / "migrations",
    commands={"dead-letters": dead_letters_command(CONSUMER)},
)
