"""orders, order lines, processed events

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from services.runtime.consumer import create_processed_events_table

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "orders",
        sa.Column("order_name", sa.String(80), primary_key=True),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("total_minor", sa.BigInteger(), nullable=False),
        sa.Column("placed_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_time", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("orders_by_day", "orders", ["currency", "placed_time"])
    op.create_table(
        "order_lines",
        sa.Column("order_name", sa.String(80), nullable=False),
        sa.Column("product", sa.String(80), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("revenue_minor", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("order_name", "product"),
    )
    create_processed_events_table(op)


def downgrade() -> None:
    for table in ("processed_events", "order_lines", "orders"):
        op.drop_table(table)
