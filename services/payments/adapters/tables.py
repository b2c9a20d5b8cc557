"""Payments' tables (SQLAlchemy Core). Migrations in ``services/payments/migrations`` create them."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, MetaData, String, Table

from services.runtime.outbox import outbox_table

metadata = MetaData()

payments = Table(
    "payments",
    metadata,
    Column("order_id", String(64), primary_key=True),
    Column("state", String(24), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    # The card's last four digits and the provider's token: never the number, expiry or code.
    Column("card_last4", String(4), nullable=False),
    Column("provider_token", String(128), nullable=False),
    Column("decline_reason", String(64), nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Column("update_time", DateTime(timezone=True), nullable=False),
    # Given back so far, by the refunds below.
    Column("refunded_minor", BigInteger, nullable=False, server_default="0"),
)

# Each refund once, by its id (a return's name, or "whole-order" for what was left): a repeat pays nothing twice.
payment_refunds = Table(
    "payment_refunds",
    metadata,
    Column("order_id", String(64), ForeignKey("payments.order_id", ondelete="CASCADE"), primary_key=True),
    Column("refund_id", String(200), primary_key=True),
    Column("amount_minor", BigInteger, nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
)

# Domain events waiting to be published (services.runtime.outbox).
outbox = outbox_table(metadata)
