"""PostgreSQL through SQLAlchemy 2 async + asyncpg: one engine per process, one session per unit of work,
and Alembic migrations that each service keeps in its own ``migrations/`` folder.

Each service owns its own database (``.../identity``, ``.../catalog``); ``migrate`` creates it when the
role may, then upgrades it to head under a PostgreSQL advisory lock so that replicas starting together
apply each migration once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
from alembic import command
from alembic.config import Config
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection, Result, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.sql import Executable

from services.runtime.errors import Unavailable
from services.runtime.telemetry import client_span

log = logging.getLogger(__name__)


class Transaction:
    """One database transaction, as the repositories see it: ``execute`` runs SQLAlchemy Core statements (and
    executemany with a list of parameter sets) on its connection; ``info`` holds what the transaction carries
    until it commits (the outbox's events, :func:`before_commit` hooks).

    A Core connection, not an ORM session: nothing here uses the ORM, and its session machinery cost more than
    the statements on a short transaction."""

    __slots__ = ("_connection", "_driver", "info")

    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection
        self._driver: asyncpg.Connection | None = None
        self.info: dict[str, Any] = {}

    async def execute(self, statement: Executable, parameters: Any = None) -> Result[Any]:
        return await self._connection.execute(statement, parameters)

    async def driver(self) -> asyncpg.Connection:
        """The asyncpg connection underneath, inside this transaction, for the few hot statements written as
        plain SQL (a Core statement costs about ten times the round trip it makes).

        SQLAlchemy's asyncpg adapter sends BEGIN lazily, with the first statement it runs; a statement sent
        straight to asyncpg first would run outside the transaction, so the adapter is asked to begin now.
        """
        if self._driver is None:
            adapted = (await self._connection.get_raw_connection()).dbapi_connection
            driver: asyncpg.Connection = adapted.driver_connection  # type: ignore[union-attr]
            if not driver.is_in_transaction() and adapted.isolation_level != "autocommit":  # type: ignore[union-attr]
                await adapted._start_transaction()  # type: ignore[union-attr]  # SQLAlchemy's own BEGIN
            self._driver = driver
        return self._driver


def before_commit(transaction: Transaction, hook: Callable[[Transaction], Awaitable[None]]) -> None:
    """Runs ``hook(transaction)`` when the :meth:`Database.transaction` is about to commit."""
    transaction.info.setdefault(_BEFORE_COMMIT, []).append(hook)


_BEFORE_COMMIT = "shopmesh_before_commit"


def process_name() -> str:
    """``<host>:<process group>``: which process (which pod, in Kubernetes) a database session belongs to. Every
    connection of the pool carries it as ``application_name``, so ``pg_stat_activity`` and ``pg_locks`` say
    which replica holds what (e.g. the outbox relay's lock).

    The process group is the process as its supervisor started it: the service's own pid when it was started
    as itself, its launcher's when the local stack forked it (scripts/fork_server.py) — the pid
    ``supervisorctl status`` shows either way."""
    return f"{socket.gethostname()}:{os.getpgrp()}"


class Database:
    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = url
        self.engine: AsyncEngine = create_async_engine(
            url,
            pool_size=pool_size,
            max_overflow=pool_size,
            connect_args={"server_settings": {"application_name": process_name()}},
        )
        # Same pool; statements run outside any explicit transaction (reads only).
        self._autocommit = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self._span_attributes = {"db.system": "postgresql", "db.name": self.engine.url.database or ""}

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """One transaction: committed when the block ends, rolled back when it raises.

        Just before the commit it runs what the block registered with :func:`before_commit` (the outbox writes
        the transaction's events there, in one statement)."""
        with client_span("postgresql transaction", **self._span_attributes):
            async with self.engine.begin() as connection:
                transaction = Transaction(connection)
                yield transaction
                for hook in transaction.info.pop(_BEFORE_COMMIT, ()):
                    await hook(transaction)

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[Transaction]:
        """A connection for reads only (nothing it does is committed), with the same ``execute`` as a
        :meth:`transaction`.

        A bare connection in autocommit mode costs far less per request: one round trip per query, no
        BEGIN/COMMIT around it.
        """
        with client_span("postgresql read", **self._span_attributes):
            async with self._autocommit.connect() as connection:
                yield Transaction(connection)

    async def ping(self, limit_seconds: float = 2.0) -> bool:
        try:
            async with asyncio.timeout(limit_seconds), self.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            return True
        except Exception:
            return False

    async def dispose(self) -> None:
        await self.engine.dispose()


# SQLSTATEs that mean "cannot reach the database now": connection exceptions (class 08), shutdown and
# start-up (57P01-57P03), too many connections (53300).
_UNREACHABLE_SQLSTATES = ("08", "57P01", "57P02", "57P03", "53300")


def _sqlstate(error: DBAPIError) -> str:
    cause = error.orig.__cause__ if error.orig is not None else None
    return str(getattr(error.orig, "pgcode", None) or getattr(cause, "sqlstate", None) or "")


def as_unavailable(error: BaseException) -> Unavailable | None:
    """The database being unreachable (down, restarting, refusing connections) is UNAVAILABLE, not INTERNAL.

    SQLAlchemy drops the broken pooled connections on such an error, so the client's retry gets fresh ones.
    """
    if isinstance(error, DBAPIError):
        state = _sqlstate(error)
        refused = "not currently accepting connections" in str(error.orig)
        if error.connection_invalidated or state.startswith(_UNREACHABLE_SQLSTATES) or refused:
            return Unavailable("the database is unreachable; retry", retry_after_seconds=1.0)
        if isinstance(error.orig, OSError) or isinstance(error.orig.__cause__ if error.orig else None, OSError):
            return Unavailable("the database is unreachable; retry", retry_after_seconds=1.0)
        return None
    if isinstance(
        error,
        (
            PoolTimeout,
            ConnectionError,
            asyncpg.CannotConnectNowError,
            asyncpg.TooManyConnectionsError,
            asyncpg.ConnectionDoesNotExistError,
        ),
    ):
        return Unavailable("the database is unreachable; retry", retry_after_seconds=1.0)
    return None


async def create_database_if_missing(url: str) -> None:
    """Creates the database named in ``url`` when it does not exist and the role may create it."""
    parsed = make_url(url)
    name = parsed.database
    admin = await asyncpg.connect(
        host=parsed.host, port=parsed.port, user=parsed.username, password=parsed.password, database="postgres"
    )
    try:
        if await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            return
        try:
            await admin.execute(f'CREATE DATABASE "{name}"')
            log.info("created database", extra={"database": name})
        except asyncpg.DuplicateDatabaseError:
            pass
    finally:
        await admin.close()


def _alembic_config(url: str, migrations: Path) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


async def migrate(url: str, migrations: Path) -> None:
    """Creates the database if needed and upgrades it to the newest migration."""
    await create_database_if_missing(url)
    # Alembic's env runs its own event loop (see run_migrations_online); keep it off ours.
    await asyncio.to_thread(command.upgrade, _alembic_config(url, migrations), "head")


def run_migrations_online(metadata: MetaData, lock_name: str) -> None:
    """Body of every service's ``migrations/env.py``: upgrade under an advisory lock."""
    from alembic import context

    url = context.config.get_main_option("sqlalchemy.url")
    assert url is not None

    def upgrade(connection: Connection) -> None:
        connection.execute(text("SELECT pg_advisory_lock(hashtext(:name))"), {"name": lock_name})
        try:
            context.configure(connection=connection, target_metadata=metadata, compare_type=True)
            with context.begin_transaction():
                context.run_migrations()
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(hashtext(:name))"), {"name": lock_name})
            connection.commit()

    async def run() -> None:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as connection:
                await connection.run_sync(upgrade)
        finally:
            await engine.dispose()

    asyncio.run(run())
