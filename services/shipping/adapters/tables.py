"""Shipping's tables (SQLAlchemy Core). Migrations in ``services/shipping/migrations`` create them."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Integer, MetaData, String, Table
from sqlalchemy.dialects.postgresql import JSONB

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
)
