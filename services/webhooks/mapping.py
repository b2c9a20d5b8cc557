"""Webhooks' resources between the domain and protobuf."""

from __future__ import annotations

from datetime import datetime

from services.runtime.resource_versions import timestamp
from services.webhooks import domain
from services.webhooks.domain import Delivery, Endpoint
from shop.webhooks.v1 import webhook_pb2 as pb

_DELIVERY_STATES = {
    domain.PENDING: pb.WebhookDelivery.STATE_PENDING,
    domain.DELIVERED: pb.WebhookDelivery.STATE_DELIVERED,
    domain.DEAD: pb.WebhookDelivery.STATE_DEAD,
}


def endpoint_to_pb(endpoint: Endpoint, now: datetime, *, with_secret: bool = False) -> pb.WebhookEndpoint:
    message = pb.WebhookEndpoint(
        name=endpoint.name,
        url=endpoint.url,
        event_types=list(endpoint.event_types),
        secret=endpoint.secret if with_secret else "",
        state=pb.WebhookEndpoint.STATE_PAUSED if endpoint.paused(now) else pb.WebhookEndpoint.STATE_ACTIVE,
        consecutive_failures=endpoint.consecutive_failures,
        create_time=timestamp(endpoint.create_time),
    )
    if endpoint.paused(now) and endpoint.paused_until is not None:
        message.paused_until.CopyFrom(timestamp(endpoint.paused_until))
    return message


def delivery_to_pb(delivery: Delivery) -> pb.WebhookDelivery:
    message = pb.WebhookDelivery(
        name=delivery.name,
        event_id=delivery.event_id,
        event_type=delivery.event_type,
        subject=delivery.subject,
        state=_DELIVERY_STATES[delivery.state],
        attempts=delivery.attempts,
        last_status_code=delivery.last_status_code,
        last_error=delivery.last_error,
        create_time=timestamp(delivery.create_time),
    )
    if delivery.state == domain.PENDING:
        message.next_attempt_time.CopyFrom(timestamp(delivery.next_attempt_time))
    if delivery.deliver_time is not None:
        message.deliver_time.CopyFrom(timestamp(delivery.deliver_time))
    return message
