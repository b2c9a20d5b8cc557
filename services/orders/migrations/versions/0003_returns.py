"""returns of delivered orders: order_returns and their lines; what an order has paid back and when it arrived

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
    op.alter_column("orders", "state", type_=sa.String(24))
    op.add_column("orders", sa.Column("refunded_minor", sa.BigInteger(), nullable=False, server_default="0"))
    op.add_column("orders", sa.Column("deliver_time", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "order_returns",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("order_id", sa.Uuid(), sa.ForeignKey("orders.id", ondelete="CASCADE"), nullable=False),
        sa.Column("customer_id", sa.String(64), nullable=False),
        sa.Column("request_id", sa.Uuid(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason", sa.String(500), nullable=False),
        sa.Column("reject_reason", sa.String(500), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("items_refund_minor", sa.BigInteger(), nullable=False),
        sa.Column("tax_refund_minor", sa.BigInteger(), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("update_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("order_id", "request_id", name="order_returns_one_per_request"),
    )
    op.create_index("order_returns_by_order", "order_returns", ["order_id", "create_time"])
    op.create_table(
        "order_return_lines",
        sa.Column("return_id", sa.Uuid(), sa.ForeignKey("order_returns.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("product_id", sa.String(64), primary_key=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("quantity", sa.BigInteger(), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("order_return_lines")
    op.drop_table("order_returns")
    op.drop_column("orders", "deliver_time")
    op.drop_column("orders", "refunded_minor")
    op.alter_column("orders", "state", type_=sa.String(16))
