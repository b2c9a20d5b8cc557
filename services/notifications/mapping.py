"""Rows ⇄ protobuf for notifications."""

from __future__ import annotations

from typing import Any

from services.notifications import domain
from services.runtime.resource_versions import timestamp
from shop.notifications.v1 import notification_pb2 as pb

_TYPE_PREFIX = "NOTIFICATION_TYPE_"


def type_to_pb(value: str) -> int:
    return pb.NotificationType.Value(_TYPE_PREFIX + value)


def type_from_pb(value: int) -> str:
    return pb.NotificationType.Name(value).removeprefix(_TYPE_PREFIX)


_WITHOUT_CODE = "This mail carries a one-time code, so it is only in your mailbox."


def notification_to_pb(row: Any) -> pb.Notification:
    return pb.Notification(
        name=f"notifications/{row.id}",
        type=type_to_pb(row.type),
        recipient=row.recipient,
        subject=row.subject,
        # A code proves the reader has the mailbox: it is in the mail alone, never shown to whoever holds the session.
        body=_WITHOUT_CODE if row.type in domain.ALWAYS_SENT else row.body,
        state=pb.Notification.State.Value(f"STATE_{row.state}"),
        subject_resource=row.subject_resource,
        create_time=timestamp(row.create_time),
        send_time=timestamp(row.send_time) if row.send_time else None,
    )


def preferences_to_pb(opted_out: set[str]) -> pb.NotificationPreferences:
    return pb.NotificationPreferences(opted_out=sorted(type_to_pb(t) for t in opted_out))
