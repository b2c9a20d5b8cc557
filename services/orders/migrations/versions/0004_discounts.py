"""promotions on orders: what they took off each line and the order, and the coupon used

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("orders", sa.Column("discount_minor", sa.BigInteger(), nullable=False, server_default="0"))
    op.add_column("orders", sa.Column("coupon_code", sa.String(32), nullable=False, server_default=""))
    op.add_column("order_lines", sa.Column("discount_minor", sa.BigInteger(), nullable=False, server_default="0"))


def downgrade() -> None:
    op.drop_column("order_lines", "discount_minor")
    op.drop_column("orders", "coupon_code")
    op.drop_column("orders", "discount_minor")
