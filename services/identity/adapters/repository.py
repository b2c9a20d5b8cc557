"""Reads and writes of users and refresh tokens, within the caller's transaction."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import case as sa_case
from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.postgresql import insert

from services.identity.adapters.tables import account_codes, login_failures, refresh_tokens, saved_addresses, users
from services.identity.domain import SavedAddress, User
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
        email_verified=row.email_verified_time is not None,
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
        email_verified: bool = False,
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
                email_verified_time=now if email_verified else None,
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


class LoginFailureRepository:
    """Failed logins per (email, client address) within a window that starts at the first failure."""

    def __init__(self, session: Transaction) -> None:
        self._session = session

    async def current(self, email: str, client: str) -> tuple[int, datetime] | None:
        query = select(login_failures.c.failures, login_failures.c.window_start).where(
            login_failures.c.email == email, login_failures.c.client == client
        )
        row = (await self._session.execute(query)).first()
        return (row.failures, row.window_start) if row else None

    async def record(self, email: str, client: str, *, now: datetime, window_start_before: datetime) -> None:
        """One more failure; a window that started before ``window_start_before`` is over and starts again."""
        statement = insert(login_failures).values(email=email, client=client, failures=1, window_start=now)
        expired = login_failures.c.window_start < window_start_before
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=[login_failures.c.email, login_failures.c.client],
                set_={
                    "failures": sa_case((expired, 1), else_=login_failures.c.failures + 1),
                    "window_start": sa_case((expired, now), else_=login_failures.c.window_start),
                },
            )
        )

    async def clear_account(self, email: str) -> None:
        await self._session.execute(delete(login_failures).where(login_failures.c.email == email))

    async def clear(self, email: str, client: str) -> None:
        await self._session.execute(
            delete(login_failures).where(login_failures.c.email == email, login_failures.c.client == client)
        )


class AccountCodeRepository:
    """Codes mailed to users (``verify_email``, ``reset_password``), kept as SHA-256 only."""

    def __init__(self, session: Transaction) -> None:
        self._session = session

    async def issue(
        self, *, user_id: str, purpose: str, code_hash: bytes, now: datetime, expire_time: datetime
    ) -> None:
        """A new code; the user's earlier unused codes of that purpose stop working."""
        await self._session.execute(
            update(account_codes)
            .where(
                account_codes.c.user_id == uuid.UUID(user_id),
                account_codes.c.purpose == purpose,
                account_codes.c.used_time.is_(None),
            )
            .values(used_time=now)
        )
        await self._session.execute(
            account_codes.insert().values(
                code_hash=code_hash,
                user_id=uuid.UUID(user_id),
                purpose=purpose,
                create_time=now,
                expire_time=expire_time,
            )
        )

    async def redeem(self, *, purpose: str, code_hash: bytes, now: datetime) -> str | None:
        """The user id of a valid unused code, which is used up; None for a wrong, used or expired code."""
        statement = (
            update(account_codes)
            .where(
                account_codes.c.code_hash == code_hash,
                account_codes.c.purpose == purpose,
                account_codes.c.used_time.is_(None),
                account_codes.c.expire_time > now,
            )
            .values(used_time=now)
            .returning(account_codes.c.user_id)
        )
        user_id = (await self._session.execute(statement)).scalar_one_or_none()
        return None if user_id is None else str(user_id)

    async def latest_issue_time(self, *, user_id: str, purpose: str) -> datetime | None:
        query = select(func.max(account_codes.c.create_time)).where(
            account_codes.c.user_id == uuid.UUID(user_id), account_codes.c.purpose == purpose
        )
        return (await self._session.execute(query)).scalar_one_or_none()


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _saved_address(row: Any) -> SavedAddress:
    return SavedAddress(
        id=str(row.id),
        user_id=str(row.user_id),
        label=row.label,
        address=row.address,
        default=row.is_default,
        create_time=row.create_time,
        update_time=row.update_time,
        version=row.version,
    )


class SavedAddressRepository:
    """A user's address book. Callers lock the user's row first (UserRepository.by_id(for_update=True)) in every
    transaction that changes it."""

    def __init__(self, session: Transaction) -> None:
        self._session = session

    async def add(
        self,
        *,
        user_id: str,
        label: str,
        address: dict[str, Any],
        default: bool,
        now: datetime,
        request_id: uuid.UUID | None,
    ) -> SavedAddress:
        row = (
            await self._session.execute(
                insert(saved_addresses)
                .values(
                    id=uuid.uuid4(),
                    user_id=uuid.UUID(user_id),
                    label=label,
                    address=address,
                    is_default=default,
                    create_time=now,
                    update_time=now,
                    version=1,
                    request_id=request_id,
                )
                .returning(*saved_addresses.c)
            )
        ).one()
        return _saved_address(row)

    async def by_request_id(self, request_id: uuid.UUID) -> SavedAddress | None:
        query = select(saved_addresses).where(saved_addresses.c.request_id == request_id)
        row = (await self._session.execute(query)).first()
        return None if row is None else _saved_address(row)

    async def of_user(self, user_id: str) -> list[SavedAddress]:
        """The default first, then the newest first (none for an id that names no user)."""
        owner = _uuid(user_id)
        if owner is None:
            return []
        query = (
            select(saved_addresses)
            .where(saved_addresses.c.user_id == owner)
            .order_by(saved_addresses.c.is_default.desc(), saved_addresses.c.create_time.desc(), saved_addresses.c.id)
        )
        return [_saved_address(row) for row in (await self._session.execute(query)).all()]

    async def get(self, user_id: str, address_id: str) -> SavedAddress | None:
        """``address_id`` may be ``default``; None also for ids that cannot name anything."""
        owner, key = _uuid(user_id), _uuid(address_id)
        if owner is None or (key is None and address_id != "default"):
            return None
        query = select(saved_addresses).where(saved_addresses.c.user_id == owner)
        query = query.where(saved_addresses.c.is_default if key is None else saved_addresses.c.id == key)
        row = (await self._session.execute(query)).first()
        return None if row is None else _saved_address(row)

    async def clear_default(self, user_id: str, now: datetime) -> None:
        await self._session.execute(
            update(saved_addresses)
            .where(saved_addresses.c.user_id == uuid.UUID(user_id), saved_addresses.c.is_default)
            .values(is_default=False, update_time=now, version=saved_addresses.c.version + 1)
        )

    async def update(self, saved: SavedAddress, *, now: datetime, **values: Any) -> SavedAddress:
        row = (
            await self._session.execute(
                update(saved_addresses)
                .where(saved_addresses.c.id == uuid.UUID(saved.id))
                .values(update_time=now, version=saved_addresses.c.version + 1, **values)
                .returning(*saved_addresses.c)
            )
        ).one()
        return _saved_address(row)

    async def delete(self, saved: SavedAddress) -> None:
        await self._session.execute(delete(saved_addresses).where(saved_addresses.c.id == uuid.UUID(saved.id)))

    async def make_oldest_default(self, user_id: str, now: datetime) -> None:
        oldest = (
            select(saved_addresses.c.id)
            .where(saved_addresses.c.user_id == uuid.UUID(user_id))
            .order_by(saved_addresses.c.create_time, saved_addresses.c.id)
            .limit(1)
            .scalar_subquery()
        )
        await self._session.execute(
            update(saved_addresses)
            .where(saved_addresses.c.id == oldest)
            .values(is_default=True, update_time=now, version=saved_addresses.c.version + 1)
        )
