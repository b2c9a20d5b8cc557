"""Notifications' tables: what it learned from events (users, order owners, products, stock), the mail it sends,
opt-outs, wishlists."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    Uuid,
    text,
)

from services.runtime.consumer import processed_events_table

metadata = MetaData()

# Read model from UserRegistered: where to mail a user.
users = Table(
    "users",
    metadata,
    Column("user_id", String(64), primary_key=True),
    Column("email", String(320), nullable=False),
    Column("display_name", String(200), nullable=False),
)

# Read model from order events: whose order it is (PaymentFailed names only the order).
order_owners = Table(
    "order_owners",
    metadata,
    Column("order_id", String(64), primary_key=True),
    Column("customer_id", String(64), nullable=False),
    Column("number", String(20), nullable=False, server_default=""),  # the order's number ('' if never seen)
)

notifications = Table(
    "notifications",
    metadata,
    Column("id", Uuid, primary_key=True),
    # None for admin alerts.
    Column("user_id", String(64), nullable=True),
    Column("type", String(32), nullable=False),
    Column("recipient", String(320), nullable=False),
    Column("subject", String(300), nullable=False),
    Column("body", Text, nullable=False),
    Column("subject_resource", String(200), nullable=False),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_time", DateTime(timezone=True), nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Column("send_time", DateTime(timezone=True), nullable=True),
    # The event it came from, and the W3C trace context it carried (the send is a span of that trace).
    Column("event_id", Uuid, nullable=False),
    Column("traceparent", String(64), nullable=True),
    Column("seq", BigInteger, nullable=False, server_default=text("nextval('notifications_seq')")),
    Index("notifications_pending", "next_attempt_time", postgresql_where=text("state = 'PENDING'")),
    Index("notifications_by_user", "user_id", "seq"),
)

opt_outs = Table(
    "opt_outs",
    metadata,
    Column("user_id", String(64), nullable=False),
    Column("type", String(32), nullable=False),
    PrimaryKeyConstraint("user_id", "type"),
)

# Read model from catalog events: what a wishlist shows and what its mail says.
products = Table(
    "products",
    metadata,
    Column("product_id", String(64), primary_key=True),
    Column("sku", String(64), nullable=False, index=True),
    Column("display_name", String(200), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("price_minor", BigInteger, nullable=False),
    Column("active", Boolean, nullable=False),
)

# Read model from the same events: each product's variants, their SKU, option values ("M / Sand") and own price
# (the product's when they have none).
variants = Table(
    "variants",
    metadata,
    Column("variant_id", String(64), primary_key=True),
    Column("product_id", String(64), nullable=False, index=True),
    Column("sku", String(64), nullable=False, index=True),
    Column("label", String(200), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("price_minor", BigInteger, nullable=False),
    Column("active", Boolean, nullable=False),
)

# Read model from StockAvailabilityChanged: whether a SKU can be bought (no row: not heard of yet).
stock = Table(
    "stock",
    metadata,
    Column("sku", String(64), primary_key=True),
    Column("in_stock", Boolean, nullable=False),
)

# What each user saved for later, and the price they were last told about (see domain.price_dropped).
wishlist_items = Table(
    "wishlist_items",
    metadata,
    Column("user_id", String(64), nullable=False),
    Column("product_id", String(64), nullable=False, index=True),
    Column("variant_id", String(64), nullable=False, server_default=""),  # '': the product as a whole
    Column("watched_currency", String(3), nullable=False),
    Column("watched_price_minor", BigInteger, nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
    PrimaryKeyConstraint("user_id", "product_id", "variant_id"),
)

processed_events = processed_events_table(metadata)
