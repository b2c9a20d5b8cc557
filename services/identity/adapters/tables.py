"""Identity's tables (SQLAlchemy Core). Migrations in ``services/identity/migrations`` create them."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    Uuid,
)
from sqlalchemy.dialects.postgresql import JSONB

from services.runtime.outbox import outbox_table

metadata = MetaData()

users = Table(
    "users",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("email", String(254), nullable=False, unique=True),
    Column("display_name", String(100), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Column("update_time", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    # AIP-155: the request_id of the RegisterUser call that created the user.
    Column("request_id", Uuid, nullable=True, unique=True),
    # When the user confirmed their email address; NULL: not yet.
    Column("email_verified_time", DateTime(timezone=True), nullable=True),
)

# Codes mailed to a user: confirming the address, resetting the password. Only their SHA-256 is kept; each
# works once and until it expires, and a newer code of the same purpose replaces the older ones.
account_codes = Table(
    "account_codes",
    metadata,
    Column("code_hash", LargeBinary(32), primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("purpose", String(16), nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Column("expire_time", DateTime(timezone=True), nullable=False),
    Column("used_time", DateTime(timezone=True), nullable=True),
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    # SHA-256 of the token: the token itself is never stored.
    Column("token_hash", LargeBinary(32), nullable=False, unique=True),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Column("expire_time", DateTime(timezone=True), nullable=False),
    Column("used_time", DateTime(timezone=True), nullable=True),
    Column("revoked_time", DateTime(timezone=True), nullable=True),
)

# Failed logins per account and client address (login throttling: see IdentityService.login). The email is
# stored as given after normalisation, whether or not an account has it, so throttling reveals nothing.
login_failures = Table(
    "login_failures",
    metadata,
    Column("email", String(254), primary_key=True),
    Column("client", String(64), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("window_start", DateTime(timezone=True), nullable=False),
)

# The address book: shipping addresses a user saved. At most one default per user (a partial unique index);
# writes lock the user's row first, so the count limit and the default hold under concurrent requests.
saved_addresses = Table(
    "saved_addresses",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("user_id", Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("label", String(50), nullable=False),
    Column("address", JSONB, nullable=False),
    Column("is_default", Boolean, nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Column("update_time", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    # AIP-155: the request_id of the CreateSavedAddress call that saved it.
    Column("request_id", Uuid, nullable=True, unique=True),
    Index("saved_addresses_one_default", "user_id", unique=True, postgresql_where="is_default"),
)

# Domain events waiting to be published (services.runtime.outbox).
outbox = outbox_table(metadata)
