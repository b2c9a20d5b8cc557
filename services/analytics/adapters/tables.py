"""Analytics' facts: one row per order with the moments it reached, and its lines once confirmed.

Each fact is written once (insert-if-absent, set-if-null), so replaying events leaves the numbers as they are
even without the consumer's processed-events record.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Index, MetaData, PrimaryKeyConstraint, String, Table

from services.runtime.consumer import processed_events_table

metadata = MetaData()

orders = Table(
    "orders",
    metadata,
    Column("order_name", String(80), primary_key=True),
    Column("currency", String(3), nullable=False),
    Column("total_minor", BigInteger, nullable=False),
    # When the checkout created it: the day it is reported under.
    Column("placed_time", DateTime(timezone=True), nullable=False),
    Column("confirmed_time", DateTime(timezone=True), nullable=True),
    # Cancelled or refunded (after confirmation or not).
    Column("cancelled_time", DateTime(timezone=True), nullable=True),
    Index("orders_by_day", "currency", "placed_time"),
)

order_lines = Table(
    "order_lines",
    metadata,
    Column("order_name", String(80), nullable=False),
    Column("product", String(80), nullable=False),
    Column("display_name", String(200), nullable=False),
    Column("quantity", BigInteger, nullable=False),
    Column("revenue_minor", BigInteger, nullable=False),
    # The variant sold ('' on lines from before variants), its SKU and option values ("M / Sand") then.
    Column("variant", String(160), nullable=False, server_default=""),
    Column("sku", String(64), nullable=False, server_default=""),
    Column("option_label", String(200), nullable=False, server_default=""),
    PrimaryKeyConstraint("order_name", "product", "variant"),
)

processed_events = processed_events_table(metadata)
