"""tracking history, the customer of a shipment, outbox of domain events

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from services.runtime.outbox import create_outbox_table

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("shipments", sa.Column("customer_id", sa.String(64), nullable=False, server_default=""))
    op.create_index("shipments_by_tracking_number", "shipments", ["tracking_number"])
    op.create_table(
        "tracking_events",
        sa.Column("id", sa.BigInteger(), primary_key=True, autoincrement=True),
        sa.Column("order_id", sa.String(64), sa.ForeignKey("shipments.order_id"), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("location", sa.String(200), nullable=False),
        sa.Column("description", sa.String(500), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.Column("source_event_id", sa.String(128), nullable=True),
        sa.Column("receive_time", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_tracking_events_order_id", "tracking_events", ["order_id"])
    op.create_index("tracking_events_by_source_event", "tracking_events", ["source", "source_event_id"], unique=True)
    # The history of shipments opened before there was one: the shop's steps, from their timestamps (the
    # opening is not a row: it is read from create_time).
    op.execute(
        """
        INSERT INTO tracking_events (order_id, state, event_time, location, description, source, receive_time)
        SELECT order_id, 'shipped', ship_time, '', 'Handed to the carrier', 'shop', ship_time
        FROM shipments WHERE ship_time IS NOT NULL
        UNION ALL
        SELECT order_id, 'delivered', delivery_time, '', 'Delivered', 'shop', delivery_time
        FROM shipments WHERE delivery_time IS NOT NULL
        """
    )
    create_outbox_table(op)


def downgrade() -> None:
    op.drop_table("outbox")
    op.drop_table("tracking_events")
    op.drop_index("shipments_by_tracking_number", "shipments")
    op.drop_column("shipments", "customer_id")
