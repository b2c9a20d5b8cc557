"""Orders' tables (SQLAlchemy Core). Migrations in ``services/orders/migrations`` create them."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    Uuid,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB

from services.runtime.consumer import processed_events_table
from services.runtime.outbox import outbox_table

metadata = MetaData()

orders = Table(
    "orders",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("customer_id", String(64), nullable=False),
    # AIP-155: one order per customer and checkout request id.
    Column("request_id", Uuid, nullable=False),
    Column("state", String(24), nullable=False),
    # Where the order's saga is: placed, confirmed or cancelled (each step's own outcome lives with the service
    # that took it, which is where recovery reads it).
    Column("saga_step", String(32), nullable=False),
    Column("cancel_reason", String(64), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("items_minor", BigInteger, nullable=False),
    Column("tax_minor", BigInteger, nullable=False),
    Column("shipping_minor", BigInteger, nullable=False),
    Column("address", JSONB, nullable=False),
    Column("card_last4", String(4), nullable=False),
    Column("carrier", String(64), nullable=False),
    Column("tracking_number", String(64), nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Column("update_time", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    # Paid back so far (returns, or a whole-order refund), and when the order arrived (the return window's start).
    Column("refunded_minor", BigInteger, nullable=False, server_default="0"),
    Column("deliver_time", DateTime(timezone=True), nullable=True),
    # What promotions took off the items, and the coupon used (its redemption lives with the catalog).
    Column("discount_minor", BigInteger, nullable=False, server_default="0"),
    Column("coupon_code", String(32), nullable=False, server_default=""),
    # The short number shops and shoppers use (10001, 10002, ...), from the sequence order_numbers.
    Column("number", BigInteger, nullable=False, server_default=text("nextval('order_numbers')")),
    UniqueConstraint("customer_id", "request_id", name="orders_one_per_request"),
    UniqueConstraint("number", name="orders_number"),
    Index("orders_by_customer", "customer_id", "create_time", "id"),
    Index("orders_pending", "update_time", postgresql_where="state = 'pending'"),
)

order_lines = Table(
    "order_lines",
    metadata,
    Column("order_id", Uuid, ForeignKey("orders.id", ondelete="CASCADE"), primary_key=True),
    Column("line_no", Integer, primary_key=True),
    Column("product_id", String(64), nullable=False),
    Column("sku", String(64), nullable=False),
    Column("display_name", String(200), nullable=False),
    Column("quantity", BigInteger, nullable=False),
    Column("unit_minor", BigInteger, nullable=False),
    Column("cart_unit_minor", BigInteger, nullable=True),
    Column("discount_minor", BigInteger, nullable=False, server_default="0"),
    # The variant bought ("" on lines from before variants) and its option values then: [["Size", "M"], ...].
    Column("variant_id", String(64), nullable=False, server_default=""),
    Column("option_values", JSONB, nullable=False, server_default="[]"),
    # What one unit weighs and measures (domain.Package's fields; {} on lines from before packages).
    Column("package", JSONB, nullable=False, server_default="{}"),
)

# Returns of delivered orders; their amounts are what the refund pays (fixed when it is paid).
order_returns = Table(
    "order_returns",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("order_id", Uuid, ForeignKey("orders.id", ondelete="CASCADE"), nullable=False),
    Column("customer_id", String(64), nullable=False),
    Column("request_id", Uuid, nullable=False),
    Column("state", String(16), nullable=False),
    Column("reason", String(500), nullable=False),
    Column("reject_reason", String(500), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("items_refund_minor", BigInteger, nullable=False),
    Column("tax_refund_minor", BigInteger, nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Column("update_time", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    UniqueConstraint("order_id", "request_id", name="order_returns_one_per_request"),
    Index("order_returns_by_order", "order_id", "create_time"),
)

order_return_lines = Table(
    "order_return_lines",
    metadata,
    Column("return_id", Uuid, ForeignKey("order_returns.id", ondelete="CASCADE"), primary_key=True),
    Column("product_id", String(64), primary_key=True),
    Column("variant_id", String(64), primary_key=True, server_default=""),  # "": a line from before variants
    Column("display_name", String(200), nullable=False),
    Column("quantity", BigInteger, nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
)

# Domain events waiting to be published (services.runtime.outbox).
outbox = outbox_table(metadata)
# Events of other services applied once (services.runtime.consumer).
processed_events = processed_events_table(metadata)
