"""The address book's use cases: shipping addresses a user saves to check out with by name.

Every write locks the user's row first, so the limit of :data:`~services.identity.domain.MAX_SAVED_ADDRESSES`
and "exactly one default while there are addresses" hold under concurrent requests of the same user.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from services.identity import domain
from services.identity.adapters.repository import SavedAddressRepository, UserRepository
from services.identity.domain import SavedAddress
from services.identity.service import USER, resolve_user
from services.runtime.database import Database, Transaction
from services.runtime.errors import Aborted, FailedPrecondition, NotFound, PreconditionViolation
from services.runtime.tokens import Principal

SAVED_ADDRESS = "identity.shopmesh.dev/SavedAddress"


def _now() -> datetime:
    return datetime.now(UTC)


class AddressBook:
    def __init__(self, database: Database, *, clock: Callable[[], datetime] = _now) -> None:
        self._db = database
        self._clock = clock

    async def _lock_user(self, session: Transaction, user_id: str) -> None:
        if await UserRepository(session).by_id(user_id, for_update=True) is None:
            raise NotFound(USER, f"users/{user_id}")

    async def _locked(
        self, session: Transaction, owner: str, user_id: str, address_id: str
    ) -> tuple[SavedAddressRepository, SavedAddress]:
        """The user's row locked, and their address ``address_id`` (NOT_FOUND, named as the caller named it)."""
        await self._lock_user(session, owner)
        book = SavedAddressRepository(session)
        saved = await book.get(owner, address_id)
        if saved is None:
            raise NotFound(SAVED_ADDRESS, f"users/{user_id}/addresses/{address_id}")
        return book, saved

    async def create(
        self,
        caller: Principal,
        user_id: str,
        *,
        label: str,
        address: dict[str, Any],
        default: bool,
        request_id: str,
    ) -> SavedAddress:
        owner = resolve_user(caller, user_id)
        rid = uuid.UUID(request_id) if request_id else None
        label = domain.display_name(label, "saved_address.label")
        async with self._db.transaction() as session:
            await self._lock_user(session, owner)
            book = SavedAddressRepository(session)
            if rid is not None and (earlier := await book.by_request_id(rid)) is not None:
                if earlier.user_id != owner:  # someone else's key: never show their address
                    raise NotFound(SAVED_ADDRESS, f"users/{user_id}/addresses/-")
                return earlier
            saved = await book.of_user(owner)
            if len(saved) >= domain.MAX_SAVED_ADDRESSES:
                raise FailedPrecondition(
                    [
                        PreconditionViolation(
                            "ADDRESS_BOOK_FULL",
                            f"users/{owner}",
                            f"an address book holds at most {domain.MAX_SAVED_ADDRESSES} addresses; delete one first",
                        )
                    ],
                    reason="ADDRESS_BOOK_FULL",
                )
            now = self._clock()
            default = default or not saved  # the first address is the default
            if default:
                await book.clear_default(owner, now)
            return await book.add(user_id=owner, label=label, address=address, default=default, now=now, request_id=rid)

    async def list(self, caller: Principal, user_id: str) -> list[SavedAddress]:
        owner = resolve_user(caller, user_id)
        async with self._db.reading() as session:
            return await SavedAddressRepository(session).of_user(owner)

    async def get(self, caller: Principal, user_id: str, address_id: str) -> SavedAddress:
        return await self.resolve(resolve_user(caller, user_id), address_id, as_named=f"users/{user_id}")

    async def resolve(self, owner: str, address_id: str, *, as_named: str | None = None) -> SavedAddress:
        """``owner``'s address ``address_id`` (or ``default``); NOT_FOUND when there is none."""
        async with self._db.reading() as session:
            found = await SavedAddressRepository(session).get(owner, address_id)
        if found is None:
            raise NotFound(SAVED_ADDRESS, f"{as_named or f'users/{owner}'}/addresses/{address_id}")
        return found

    async def update(
        self,
        caller: Principal,
        user_id: str,
        address_id: str,
        *,
        etag: str,
        label: str | None,
        address: dict[str, Any] | None,
        default: bool | None,
    ) -> SavedAddress:
        owner = resolve_user(caller, user_id)
        async with self._db.transaction() as session:
            book, saved = await self._locked(session, owner, user_id, address_id)
            if etag and etag != saved.etag:
                raise Aborted("the address changed since it was read; read it again", reason="ETAG_MISMATCH")
            changes: dict[str, Any] = {}
            if label is not None:
                changes["label"] = domain.display_name(label, "saved_address.label")
            if address is not None:
                changes["address"] = address
            now = self._clock()
            if default and not saved.default:
                await book.clear_default(owner, now)
                changes["is_default"] = True
            elif default is False and saved.default:  # the default moves only by naming another one
                raise FailedPrecondition(
                    [
                        PreconditionViolation(
                            "DEFAULT_ADDRESS",
                            saved.name,
                            "make another address the default instead (a user with addresses always has one)",
                        )
                    ],
                    reason="DEFAULT_ADDRESS_REQUIRED",
                )
            if not changes:
                return saved
            return await book.update(saved, now=now, **changes)

    async def delete(self, caller: Principal, user_id: str, address_id: str) -> None:
        owner = resolve_user(caller, user_id)
        async with self._db.transaction() as session:
            book, saved = await self._locked(session, owner, user_id, address_id)
            await book.delete(saved)
            if saved.default:
                await book.make_oldest_default(owner, self._clock())
