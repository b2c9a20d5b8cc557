"""the confirmed orders the counts include, so cancellations and refunds are taken back

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table("counted_orders", sa.Column("order_name", sa.String(80), primary_key=True))


def downgrade() -> None:
    op.drop_table("counted_orders")
