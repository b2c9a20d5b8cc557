"""Recommendations' read model: units sold per product, co-purchase counts per product pair (both ways),
and what each user bought."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Index, MetaData, PrimaryKeyConstraint, String, Table

from services.runtime.consumer import processed_events_table

metadata = MetaData()

products = Table(
    "products",
    metadata,
    Column("product", String(80), primary_key=True),
    Column("display_name", String(200), nullable=False),
    Column("units_sold", BigInteger, nullable=False),
    # False once the catalog archives or deletes it: never recommended again.
    Column("active", Boolean, nullable=False),
    Index("products_best_sellers", "units_sold"),
)

# One row per direction: (a, b) and (b, a), so "bought with a" is one index range.
co_purchases = Table(
    "co_purchases",
    metadata,
    Column("product", String(80), nullable=False),
    Column("other", String(80), nullable=False),
    Column("orders", BigInteger, nullable=False),
    PrimaryKeyConstraint("product", "other"),
)

# The confirmed orders the counts above include, so that a cancellation or refund takes back exactly what
# its confirmation added (an order cancelled before it was confirmed added nothing).
counted_orders = Table(
    "counted_orders",
    metadata,
    Column("order_name", String(80), primary_key=True),
)

purchases = Table(
    "purchases",
    metadata,
    Column("user_id", String(64), nullable=False),
    Column("product", String(80), nullable=False),
    Column("units", BigInteger, nullable=False),
    PrimaryKeyConstraint("user_id", "product"),
)

processed_events = processed_events_table(metadata)
