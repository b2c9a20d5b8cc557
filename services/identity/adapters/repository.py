"""Reads and writes of users and refresh tokens, within the caller's transaction."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from services.identity.adapters.tables import refresh_tokens, users
from services.identity.domain import User
from services.runtime.database import Transaction


def _user(row: Any) -> User:
    return User(
        id=str(row.id),
        email=row.email,
        display_name=row.display_name,
        role=row.role,
        create_time=row.create_time,
        update_time=row.update_time,
        version=row.version,
    )


class UserRepository:
    def __init__(self, session: Transaction) -> None:
        self._session = session

    async def add(
        self,
        *,
        email: str,
        display_name: str,
        password_hash: str,
        role: str,
        now: datetime,
        request_id: uuid.UUID | None,
    ) -> User | None:
        """Inserts a user; None when the email (or the request id) is taken."""
        statement = (
            insert(users)
            .values(
                id=uuid.uuid4(),
                email=email,
                display_name=display_name,
                password_hash=password_hash,
                role=role,
                create_time=now,
                update_time=now,
                version=1,
                request_id=request_id,
            )
            .on_conflict_do_nothing()
            .returning(*users.c)
        )
        row = (await self._session.execute(statement)).first()
        return None if row is None else _user(row)

    async def by_id(self, user_id: str, *, for_update: bool = False) -> User | None:
        try:
            key = uuid.UUID(user_id)
        except ValueError:
            return None
        query = select(users).where(users.c.id == key)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).first()
        return None if row is None else _user(row)

    async def by_request_id(self, request_id: uuid.UUID) -> User | None:
        row = (await self._session.execute(select(users).where(users.c.request_id == request_id))).first()
        return None if row is None else _user(row)

    async def credentials(self, email: str) -> tuple[User, str] | None:
        row = (await self._session.execute(select(users).where(users.c.email == email))).first()
        return None if row is None else (_user(row), row.password_hash)

    async def password_hash(self, user_id: str) -> str | None:
        result = await self._session.execute(select(users.c.password_hash).where(users.c.id == uuid.UUID(user_id)))
        return result.scalar_one_or_none()

    async def update(self, user: User, *, now: datetime, **values: Any) -> User:
        row = (
            await self._session.execute(
                update(users)
                .where(users.c.id == uuid.UUID(user.id))
                .values(update_time=now, version=users.c.version + 1, **values)
                .returning(*users.c)
            )
        ).one()
        return _user(row)


class RefreshTokenRepository:
    def __init__(self, session: Transaction) -> None:
        self._session = session

    async def add(self, *, user_id: str, token_hash: bytes, now: datetime, expire_time: datetime) -> None:
        await self._session.execute(
            refresh_tokens.insert().values(
                id=uuid.uuid4(),
                user_id=uuid.UUID(user_id),
                token_hash=token_hash,
                create_time=now,
                expire_time=expire_time,
            )
        )

    async def by_hash(self, token_hash: bytes) -> Any:
        query = select(refresh_tokens).where(refresh_tokens.c.token_hash == token_hash).with_for_update()
        return (await self._session.execute(query)).first()

    async def mark_used(self, token_id: uuid.UUID, now: datetime) -> None:
        await self._session.execute(update(refresh_tokens).where(refresh_tokens.c.id == token_id).values(used_time=now))

    async def revoke(self, token_id: uuid.UUID, now: datetime) -> None:
        await self._session.execute(
            update(refresh_tokens)
            .where(refresh_tokens.c.id == token_id, refresh_tokens.c.revoked_time.is_(None))
            .values(revoked_time=now)
        )

    async def revoke_all(self, user_id: str, now: datetime) -> None:
        await self._session.execute(
            update(refresh_tokens)
            .where(refresh_tokens.c.user_id == uuid.UUID(user_id), refresh_tokens.c.revoked_time.is_(None))
            .values(revoked_time=now)
        )
