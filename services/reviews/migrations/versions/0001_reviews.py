"""reviews, deliveries, processed events

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
        "reviews",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("product", sa.String(80), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("rating", sa.SmallInteger(), nullable=False),
        sa.Column("title", sa.String(120), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("rejection_reason", sa.String(500), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("update_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Uuid(), nullable=True, unique=True),
        sa.UniqueConstraint("product", "user_id", name="reviews_one_per_user"),
    )
    op.create_index("reviews_by_product", "reviews", ["product", "state", "create_time"])
    op.create_index("reviews_by_state", "reviews", ["state", "update_time"])
    op.create_table(
        "deliveries",
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("product", sa.String(80), nullable=False),
        sa.Column("order_name", sa.String(80), nullable=False),
        sa.Column("delivered_time", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "product"),
    )
    create_processed_events_table(op)


def downgrade() -> None:
    for table in ("processed_events", "deliveries", "reviews"):
        op.drop_table(table)
