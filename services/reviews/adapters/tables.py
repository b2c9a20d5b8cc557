"""Reviews' tables: the reviews, and who received which product (from OrderDelivered)."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from services.runtime.consumer import processed_events_table

metadata = MetaData()

reviews = Table(
    "reviews",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("product", String(80), nullable=False),
    Column("user_id", String(64), nullable=False),
    Column("rating", SmallInteger, nullable=False),
    Column("title", String(120), nullable=False),
    Column("body", Text, nullable=False),
    Column("state", String(16), nullable=False),
    Column("rejection_reason", String(500), nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Column("update_time", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Column("request_id", Uuid, nullable=True, unique=True),
    # What the author bought (their latest delivery of the product when they wrote it): the variant and its
    # option values as ordered ([["Size", "M"], ...]).
    Column("purchased_variant", String(160), nullable=False, server_default=""),
    Column("purchased_options", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    UniqueConstraint("product", "user_id", name="reviews_one_per_user"),
    Index("reviews_by_product", "product", "state", "create_time"),
    Index("reviews_by_state", "state", "update_time"),
)

# Read model from OrderDelivered (and OrderRefunded, which takes an order's rows back): a user may review what
# was delivered to them and not refunded.
deliveries = Table(
    "deliveries",
    metadata,
    Column("user_id", String(64), nullable=False),
    Column("product", String(80), nullable=False),
    Column("order_name", String(80), nullable=False),
    Column("delivered_time", DateTime(timezone=True), nullable=False),
    Column("variant", String(160), nullable=False, server_default=""),
    Column("option_values", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    PrimaryKeyConstraint("user_id", "product", "order_name"),
)

processed_events = processed_events_table(metadata)
