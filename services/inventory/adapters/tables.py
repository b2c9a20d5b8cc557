"""Inventory's tables (SQLAlchemy Core). Migrations in ``services/inventory/migrations`` create them."""

from __future__ import annotations

from sqlalchemy import BigInteger, CheckConstraint, Column, DateTime, ForeignKey, Index, MetaData, String, Table, Uuid

from services.runtime.outbox import outbox_table

metadata = MetaData()

stock_levels = Table(
    "stock_levels",
    metadata,
    Column("sku", String(64), primary_key=True),
    Column("warehouse", String(32), primary_key=True),
    Column("on_hand", BigInteger, nullable=False),
    Column("reserved", BigInteger, nullable=False),
    Column("low_stock_threshold", BigInteger, nullable=False),
    Column("update_time", DateTime(timezone=True), nullable=False),
    # The database itself refuses to oversell, whatever the code does.
    CheckConstraint("reserved >= 0 AND reserved <= on_hand", name="stock_levels_reserved_within_on_hand"),
)

reservations = Table(
    "reservations",
    metadata,
    Column("order_id", String(64), primary_key=True),
    Column("state", String(16), nullable=False),
    Column("expire_time", DateTime(timezone=True), nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Column("update_time", DateTime(timezone=True), nullable=False),
    Index("reservations_due", "expire_time", postgresql_where="state = 'reserved'"),
)

reservation_lines = Table(
    "reservation_lines",
    metadata,
    Column("order_id", String(64), ForeignKey("reservations.order_id", ondelete="CASCADE"), primary_key=True),
    Column("sku", String(64), primary_key=True),
    Column("warehouse", String(32), primary_key=True),
    Column("quantity", BigInteger, nullable=False),
)

# The stock ledger: every AdjustStock (its request id makes a retry a no-op, AIP-155). For each stock row,
# on_hand = Σ delta - units of committed reservations; ``make reconcile`` checks it.
stock_adjustments = Table(
    "stock_adjustments",
    metadata,
    Column("request_id", Uuid, primary_key=True),
    Column("sku", String(64), nullable=False),
    Column("warehouse", String(32), nullable=False),
    Column("delta", BigInteger, nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Index("stock_adjustments_by_sku", "sku", "warehouse"),
)

# Domain events waiting to be published (services.runtime.outbox).
outbox = outbox_table(metadata)
