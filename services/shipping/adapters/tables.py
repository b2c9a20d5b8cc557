"""Shipping's tables (SQLAlchemy Core). Migrations in ``services/shipping/migrations`` create them."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Index, Integer, MetaData, String, Table
from sqlalchemy.dialects.postgresql import JSONB

from services.runtime.outbox import outbox_table

metadata = MetaData()

shipments = Table(
    "shipments",
    metadata,
    Column("order_id", String(64), primary_key=True),
    Column("address", JSONB, nullable=False),
    Column("units", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("zone", String(16), nullable=False),
    Column("estimated_days", Integer, nullable=False),
    Column("state", String(16), nullable=False),
    Column("carrier", String(64), nullable=False),
    Column("tracking_number", String(64), nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Column("ship_time", DateTime(timezone=True), nullable=True),
    Column("delivery_time", DateTime(timezone=True), nullable=True),
    Column("customer_id", String(64), nullable=False, server_default=""),
    Column("billable_weight_grams", BigInteger, nullable=False, server_default="0"),
    Index("shipments_by_tracking_number", "tracking_number"),
)

# A shipment's history: the shop's steps and the carriers' reports. A carrier's event id is unique per source
# (``carriers/{carrier}``), which is what makes its webhook idempotent.
tracking_events = Table(
    "tracking_events",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("order_id", String(64), ForeignKey("shipments.order_id"), nullable=False, index=True),
    Column("state", String(16), nullable=False),
    Column("event_time", DateTime(timezone=True), nullable=False),
    Column("location", String(200), nullable=False),
    Column("description", String(500), nullable=False),
    Column("source", String(64), nullable=False),
    Column("source_event_id", String(128), nullable=True),
    Column("receive_time", DateTime(timezone=True), nullable=False),
    Index("tracking_events_by_source_event", "source", "source_event_id", unique=True),
)

outbox = outbox_table(metadata)
