"""the weight a shipment was billed for

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("shipments", sa.Column("billable_weight_grams", sa.BigInteger(), nullable=False, server_default="0"))
    # Shipments from before weights were quoted by units, each counted as a kilogram.
    op.execute("UPDATE shipments SET billable_weight_grams = units * 1000")


def downgrade() -> None:
    op.drop_column("shipments", "billable_weight_grams")
