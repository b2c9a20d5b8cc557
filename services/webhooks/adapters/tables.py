"""Webhooks' tables (SQLAlchemy Core). Migrations in ``services/webhooks/migrations`` create them."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY

from services.runtime.consumer import processed_events_table

metadata = MetaData()

endpoints = Table(
    "endpoints",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("url", String(2000), nullable=False),
    Column("event_types", ARRAY(String(100)), nullable=False),
    Column("secret", String(100), nullable=False),
    Column("consecutive_failures", Integer, nullable=False),
    Column("paused_until", DateTime(timezone=True), nullable=True),
    Column("create_time", DateTime(timezone=True), nullable=False),
)

# One row per event per endpoint (the unique key makes it exactly once); `id` orders an order's events.
deliveries = Table(
    "deliveries",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("endpoint_id", Uuid, ForeignKey("endpoints.id", ondelete="CASCADE"), nullable=False),
    Column("event_id", Uuid, nullable=False),
    Column("event_type", String(100), nullable=False),
    Column("subject", String(200), nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("last_status_code", Integer, nullable=False),
    Column("last_error", String(500), nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Column("next_attempt_time", DateTime(timezone=True), nullable=False),
    Column("deliver_time", DateTime(timezone=True), nullable=True),
    UniqueConstraint("endpoint_id", "event_id", name="deliveries_once_per_endpoint"),
    Index("deliveries_due", "next_attempt_time", postgresql_where=text("state = 'pending'")),
    Index("deliveries_by_subject", "endpoint_id", "subject", "id", postgresql_where=text("state = 'pending'")),
    Index("deliveries_log", "endpoint_id", "id"),
)

processed_events = processed_events_table(metadata)
