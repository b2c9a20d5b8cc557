"""Identity's domain events, written to the outbox in the caller's transaction (topic ``shop.identity.events``)."""

from __future__ import annotations

from datetime import datetime

from services.identity.domain import User
from services.runtime import outbox
from services.runtime.database import Transaction
from services.runtime.resource_versions import timestamp
from shop.identity.v1 import events_pb2

TOPIC = "shop.identity.events"
SOURCE = "identity.shopmesh.dev"


class IdentityEvents:
    def __init__(self, session: Transaction) -> None:
        self._session = session

    async def registered(self, user: User) -> None:
        event = events_pb2.UserRegistered(
            user=user.name, email=user.email, display_name=user.display_name, create_time=timestamp(user.create_time)
        )
        await outbox.record(self._session, topic=TOPIC, key=user.name, event=event, source=SOURCE)

    async def code_issued(self, user: User, verifies_email: bool, code: str, expire_time: datetime) -> None:
        """EmailVerificationRequested or PasswordResetRequested: notifications mails the code."""
        kind = events_pb2.EmailVerificationRequested if verifies_email else events_pb2.PasswordResetRequested
        event = kind(
            user=user.name,
            email=user.email,
            display_name=user.display_name,
            token=code,
            expire_time=timestamp(expire_time),
        )
        await outbox.record(self._session, topic=TOPIC, key=user.name, event=event, source=SOURCE)
