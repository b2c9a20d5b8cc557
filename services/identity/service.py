"""Identity's use cases. Each opens one transaction; nothing is half-written when one fails."""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from services.identity import domain
from services.identity.adapters.events import IdentityEvents
from services.identity.adapters.passwords import Argon2Passwords
from services.identity.adapters.repository import (
    AccountCodeRepository,
    LoginFailureRepository,
    RefreshTokenRepository,
    UserRepository,
)
from services.identity.adapters.signing import TokenSigner
from services.identity.domain import Session, User
from services.runtime.database import Database, Transaction
from services.runtime.errors import (
    Aborted,
    AlreadyExists,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PreconditionViolation,
    ResourceExhausted,
    Unauthenticated,
)
from services.runtime.service_identity import secret_matches
from services.runtime.tokens import ROLE_SERVICE, SERVICE_SUBJECT_PREFIX, Principal

USER = "identity.shopmesh.dev/User"
# Codes mailed to users (their SHA-256 is stored): confirming the address, resetting the password.
VERIFY_EMAIL = "verify_email"
RESET_PASSWORD = "reset_password"
VERIFICATION_CODE_TTL = timedelta(hours=24)
RESET_CODE_TTL = timedelta(minutes=30)
# A reset mail at most this often per account, whoever asks.
RESET_MAIL_INTERVAL = timedelta(minutes=1)
# Login throttling per (account, client address).
LOGIN_FAILURES_ALLOWED = 5
LOGIN_FAILURE_WINDOW = timedelta(minutes=15)

log = logging.getLogger(__name__)


def resolve_user(caller: Principal, user_id: str) -> str:
    """``me`` is the caller; another user exists only for admins (NOT_FOUND otherwise)."""
    if user_id == domain.ME:
        return caller.user_id
    if user_id != caller.user_id and not caller.is_admin:
        raise NotFound(USER, f"users/{user_id}")
    return user_id


def _now() -> datetime:
    return datetime.now(UTC)


def _hash_refresh_token(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def _new_code() -> tuple[str, bytes]:
    """A code to mail (192 random bits, URL-safe) and what is stored of it."""
    code = secrets.token_urlsafe(24)
    return code, hashlib.sha256(code.encode()).digest()


def _invalid_code(field: str = "token") -> InvalidArgument:
    return InvalidArgument.field(field, "the code is wrong, used already or expired", reason="CODE_INVALID")


class IdentityService:
    def __init__(
        self,
        database: Database,
        passwords: Argon2Passwords,
        signer: TokenSigner,
        *,
        access_ttl: timedelta,
        refresh_ttl: timedelta,
        service_credentials_key: bytes | None = None,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._db = database
        self._passwords = passwords
        self._signer = signer
        self._access_ttl = access_ttl
        self._refresh_ttl = refresh_ttl
        self._service_key = service_credentials_key
        self._clock = clock

    def issue_service_token(self, *, service: str, secret: str) -> tuple[str, datetime]:
        """A service token for ``service`` if ``secret`` is its client secret (see runtime.service_identity)."""
        if self._service_key is None or not secret_matches(self._service_key, service, secret):
            raise Unauthenticated("unknown service or wrong client secret", reason="INVALID_SERVICE_CREDENTIALS")
        now = self._clock()
        expire_time = now + self._access_ttl
        token = self._signer.access_token(
            user_id=f"{SERVICE_SUBJECT_PREFIX}{service}", role=ROLE_SERVICE, now=now, expire_time=expire_time
        )
        return token, expire_time

    async def register(self, *, email: str, password: str, display_name: str, request_id: str) -> User:
        email = domain.normalize_email(email)
        name = domain.display_name(display_name)
        rid = uuid.UUID(request_id) if request_id else None
        if rid is not None:
            async with self._db.reading() as session:
                earlier = await UserRepository(session).by_request_id(rid)
            if earlier is not None:
                return earlier
        password_hash = await self._passwords.hash(password)
        async with self._db.transaction() as session:
            user = await UserRepository(session).add(
                email=email,
                display_name=name,
                password_hash=password_hash,
                role=domain.ROLE_CUSTOMER,
                now=self._clock(),
                request_id=rid,
            )
            if user is not None:
                events = IdentityEvents(session)
                await events.registered(user)
                await self._mail_code(session, events, user, VERIFY_EMAIL)
        if user is None and rid is not None:  # a concurrent retry of the same request won the race
            async with self._db.reading() as session:
                user = await UserRepository(session).by_request_id(rid)
        if user is None:
            raise AlreadyExists(
                USER, email, description="an account with this email already exists", reason="EMAIL_TAKEN"
            )
        return user

    async def login(self, *, email: str, password: str, client: str = "") -> Session:
        """A session for the right email and password. Failures are counted per account and client address:
        after ``LOGIN_FAILURES_ALLOWED`` in ``LOGIN_FAILURE_WINDOW`` that address may not try that account again
        until the window ends (RESOURCE_EXHAUSTED with RetryInfo), while the owner, from any other address,
        still logs in: guessing is throttled and nobody can lock an account by failing on purpose."""
        try:
            email = domain.normalize_email(email)
        except InvalidArgument:
            email = ""
        client = client[:64]
        now = self._clock()
        async with self._db.reading() as session:
            found = await UserRepository(session).credentials(email) if email else None
            failures = await LoginFailureRepository(session).current(email, client) if email else None
        if failures is not None:
            count, window_start = failures
            ends = window_start + LOGIN_FAILURE_WINDOW
            if count >= LOGIN_FAILURES_ALLOWED and ends > now:
                raise ResourceExhausted(
                    "too many failed logins to this account from your address; try again later or reset the password",
                    retry_after_seconds=(ends - now).total_seconds(),
                    reason="LOGIN_THROTTLED",
                )
        user, password_hash = found if found else (None, None)
        if not await self._passwords.verify(password_hash, password) or user is None:
            if email:
                async with self._db.transaction() as session:
                    await LoginFailureRepository(session).record(
                        email, client, now=now, window_start_before=now - LOGIN_FAILURE_WINDOW
                    )
            raise Unauthenticated("wrong email or password", reason="INVALID_CREDENTIALS")
        async with self._db.transaction() as session:
            if failures is not None:
                await LoginFailureRepository(session).clear(email, client)
            return await self._open_session(RefreshTokenRepository(session), user)

    async def _open_session(self, tokens: RefreshTokenRepository, user: User) -> Session:
        now = self._clock()
        refresh_token = secrets.token_urlsafe(32)
        refresh_expire = now + self._refresh_ttl
        await tokens.add(
            user_id=user.id, token_hash=_hash_refresh_token(refresh_token), now=now, expire_time=refresh_expire
        )
        access_expire = now + self._access_ttl
        access_token = self._signer.access_token(
            user_id=user.id, role=user.role, now=now, expire_time=access_expire, email_verified=user.email_verified
        )
        return Session(
            user=user,
            access_token=access_token,
            access_token_expire_time=access_expire,
            refresh_token=refresh_token,
            refresh_token_expire_time=refresh_expire,
        )

    async def refresh(self, refresh_token: str) -> Session:
        reused = False
        async with self._db.transaction() as session:
            tokens = RefreshTokenRepository(session)
            row = await tokens.by_hash(_hash_refresh_token(refresh_token))
            now = self._clock()
            if row is not None and row.revoked_time is None and row.used_time is not None:
                # A refresh token is good once: a second use means it was stolen. End every session.
                await tokens.revoke_all(str(row.user_id), now)
                reused = True
            elif row is not None and row.revoked_time is None and row.expire_time > now:
                user = await UserRepository(session).by_id(str(row.user_id))
                if user is not None:
                    await tokens.mark_used(row.id, now)
                    return await self._open_session(tokens, user)
        reason = "REFRESH_TOKEN_REUSED" if reused else "INVALID_REFRESH_TOKEN"
        raise Unauthenticated("refresh token is not valid", reason=reason)

    async def logout(self, refresh_token: str) -> None:
        async with self._db.transaction() as session:
            tokens = RefreshTokenRepository(session)
            row = await tokens.by_hash(_hash_refresh_token(refresh_token))
            if row is not None:
                await tokens.revoke(row.id, self._clock())

    def _resolve(self, caller: Principal, user_id: str) -> str:
        return resolve_user(caller, user_id)

    async def get_user(self, caller: Principal, user_id: str) -> User:
        target = self._resolve(caller, user_id)
        async with self._db.reading() as session:
            user = await UserRepository(session).by_id(target)
        if user is None:
            raise NotFound(USER, f"users/{user_id}")
        return user

    async def update_user(self, caller: Principal, user_id: str, *, display_name: str | None, etag: str) -> User:
        target = self._resolve(caller, user_id)
        async with self._db.transaction() as session:
            users = UserRepository(session)
            user = await users.by_id(target, for_update=True)
            if user is None:
                raise NotFound(USER, f"users/{user_id}")
            if etag and etag != user.etag:
                raise Aborted("the user changed since it was read; read it again", reason="ETAG_MISMATCH")
            if display_name is None:
                return user
            return await users.update(user, now=self._clock(), display_name=domain.display_name(display_name))

    async def change_password(self, caller: Principal, user_id: str, *, current: str, new: str) -> None:
        target = self._resolve(caller, user_id)
        if target != caller.user_id:
            raise NotFound(USER, f"users/{user_id}")
        async with self._db.reading() as session:
            current_hash = await UserRepository(session).password_hash(target)
        if not await self._passwords.verify(current_hash, current):
            raise Unauthenticated("the current password is wrong", reason="INVALID_CREDENTIALS")
        new_hash = await self._passwords.hash(new)
        async with self._db.transaction() as session:
            users = UserRepository(session)
            user = await users.by_id(target, for_update=True)
            if user is None:
                raise NotFound(USER, f"users/{user_id}")
            await users.update(user, now=self._clock(), password_hash=new_hash)
            await RefreshTokenRepository(session).revoke_all(target, self._clock())

    async def _mail_code(self, session: Transaction, events: IdentityEvents, user: User, purpose: str) -> None:
        """A new code of ``purpose`` for ``user`` (older ones stop working), mailed through notifications."""
        now = self._clock()
        ttl = VERIFICATION_CODE_TTL if purpose == VERIFY_EMAIL else RESET_CODE_TTL
        code, code_hash = _new_code()
        await AccountCodeRepository(session).issue(
            user_id=user.id, purpose=purpose, code_hash=code_hash, now=now, expire_time=now + ttl
        )
        await events.code_issued(user, purpose == VERIFY_EMAIL, code, now + ttl)

    @staticmethod
    async def _redeem(session: Transaction, purpose: str, code: str, now: datetime) -> User:
        """The user of a valid code of ``purpose``, which is used up; INVALID_ARGUMENT for any other code."""
        code_hash = hashlib.sha256(code.encode()).digest()
        user_id = await AccountCodeRepository(session).redeem(purpose=purpose, code_hash=code_hash, now=now)
        user = await UserRepository(session).by_id(user_id, for_update=True) if user_id else None
        if user is None:
            raise _invalid_code()
        return user

    async def verify_email(self, code: str) -> User:
        now = self._clock()
        async with self._db.transaction() as session:
            user = await self._redeem(session, VERIFY_EMAIL, code, now)
            if user.email_verified:
                return user
            return await UserRepository(session).update(user, now=now, email_verified_time=now)

    async def resend_email_verification(self, caller: Principal, user_id: str) -> None:
        target = self._resolve(caller, user_id)
        if target != caller.user_id:
            raise NotFound(USER, f"users/{user_id}")
        async with self._db.transaction() as session:
            user = await UserRepository(session).by_id(target, for_update=True)
            if user is None:
                raise NotFound(USER, f"users/{user_id}")
            if user.email_verified:
                raise FailedPrecondition(
                    [PreconditionViolation("EMAIL_VERIFIED", user.name, "the email address is confirmed already")],
                    reason="EMAIL_ALREADY_VERIFIED",
                )
            await self._mail_code(session, IdentityEvents(session), user, VERIFY_EMAIL)

    async def request_password_reset(self, email: str) -> None:
        """Mails a reset code if an account has ``email``; silent either way (no account discovery)."""
        try:
            email = domain.normalize_email(email)
        except InvalidArgument:
            return
        now = self._clock()
        async with self._db.transaction() as session:
            found = await UserRepository(session).credentials(email)
            if found is None:
                return
            user = found[0]
            codes = AccountCodeRepository(session)
            last = await codes.latest_issue_time(user_id=user.id, purpose=RESET_PASSWORD)
            if last is not None and now - last < RESET_MAIL_INTERVAL:
                return  # asked again within the minute: the mail already sent is the answer
            await self._mail_code(session, IdentityEvents(session), user, RESET_PASSWORD)

    async def reset_password(self, code: str, new_password: str) -> None:
        """A new password for the code's user; every session ends and the address counts as confirmed (the
        code came through it). Failed-login counts of the account are forgotten."""
        new_hash = await self._passwords.hash(new_password)
        now = self._clock()
        async with self._db.transaction() as session:
            user = await self._redeem(session, RESET_PASSWORD, code, now)
            changes: dict[str, Any] = {"password_hash": new_hash}
            if not user.email_verified:
                changes["email_verified_time"] = now
            await UserRepository(session).update(user, now=now, **changes)
            await RefreshTokenRepository(session).revoke_all(user.id, now)
            await LoginFailureRepository(session).clear_account(user.email)

    async def ensure_admin(self, *, email: str, password: str) -> User:
        """The account exists and is an admin: created; left alone when it already is one; or an existing
        customer account promoted — and then its password becomes ``password`` and every session of it ends,
        so whoever registered the address first (to wait for the promotion) keeps no way in."""
        email = domain.normalize_email(email)
        async with self._db.reading() as session:
            found = await UserRepository(session).credentials(email)
        if found is not None and found[0].role == domain.ROLE_ADMIN:
            return found[0]
        password_hash = await self._passwords.hash(password)
        if found is not None:
            now = self._clock()
            async with self._db.transaction() as session:
                promoted = await UserRepository(session).update(
                    found[0], now=now, role=domain.ROLE_ADMIN, password_hash=password_hash, email_verified_time=now
                )
                await RefreshTokenRepository(session).revoke_all(promoted.id, now)
            log.warning(
                "an existing account was made admin: its password was reset and its sessions ended",
                extra={"user": promoted.name},
            )
            return promoted
        async with self._db.transaction() as session:
            user = await UserRepository(session).add(
                email=email,
                display_name="Administrator",
                password_hash=password_hash,
                role=domain.ROLE_ADMIN,
                now=self._clock(),
                request_id=None,
                email_verified=True,  # the operator configured this address
            )
        if user is None:  # registered between the two transactions: promote it
            return await self.ensure_admin(email=email, password=password)
        return user

    def jwks(self) -> list[dict[str, str]]:
        return self._signer.jwks()
