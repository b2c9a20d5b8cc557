"""Rows ⇄ protobuf for notifications."""

from __future__ import annotations

from typing import Any

from services.notifications import domain
from services.notifications.adapters.wishlists import WishlistEntry
from services.runtime import money
from services.runtime.resource_versions import timestamp
from shop.notifications.v1 import notification_pb2 as pb
from shop.notifications.v1 import wishlist_pb2

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


def wishlist_item_to_pb(entry: WishlistEntry) -> wishlist_pb2.WishlistItem:
    product = entry.product
    return wishlist_pb2.WishlistItem(
        name=f"users/me/wishlistItems/{entry.item_id}",
        product=f"products/{product.product_id}",
        display_name=product.display_name,
        price=money.to_proto(product.price),
        watched_price=money.to_proto(entry.watched),
        in_stock=entry.in_stock is not False,  # not heard otherwise: sellable, as the catalog shows it
        active=product.active,
        create_time=timestamp(entry.create_time),
        variant=f"products/{product.product_id}/variants/{product.variant_id}" if product.variant_id else "",
        variant_label=product.label,
    )
