"""partial refunds: what a payment has given back, and each refund once by its id

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
    op.alter_column("payments", "state", type_=sa.String(24))
    op.add_column("payments", sa.Column("refunded_minor", sa.BigInteger(), nullable=False, server_default="0"))
    # A payment refunded whole before this revision gave back its whole amount.
    op.execute("UPDATE payments SET refunded_minor = amount_minor WHERE state = 'refunded'")
    op.create_table(
        "payment_refunds",
        sa.Column("order_id", sa.String(64), sa.ForeignKey("payments.order_id", ondelete="CASCADE"), primary_key=True),
        sa.Column("refund_id", sa.String(200), primary_key=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("payment_refunds")
    op.drop_column("payments", "refunded_minor")
    op.alter_column("payments", "state", type_=sa.String(16))
