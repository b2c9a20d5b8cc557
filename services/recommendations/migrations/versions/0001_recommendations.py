"""products sold, co-purchases, purchases, processed events

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
        "products",
        sa.Column("product", sa.String(80), primary_key=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("units_sold", sa.BigInteger(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
    )
    op.create_index("products_best_sellers", "products", ["units_sold"])
    op.create_table(
        "co_purchases",
        sa.Column("product", sa.String(80), nullable=False),
        sa.Column("other", sa.String(80), nullable=False),
        sa.Column("orders", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("product", "other"),
    )
    op.create_table(
        "purchases",
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("product", sa.String(80), nullable=False),
        sa.Column("units", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "product"),
    )
    create_processed_events_table(op)


def downgrade() -> None:
    for table in ("processed_events", "purchases", "co_purchases", "products"):
        op.drop_table(table)
