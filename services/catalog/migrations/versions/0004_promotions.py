"""promotions and coupon redemptions

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "promotions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("display_name", sa.String(100), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("percent_off", sa.Integer(), nullable=False),
        sa.Column("amount_currency", sa.String(3), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("product_ids", postgresql.ARRAY(sa.String(64)), nullable=False),
        sa.Column("category_ids", postgresql.ARRAY(sa.String(63)), nullable=False),
        sa.Column("coupon_code", sa.String(32), nullable=True),
        sa.Column("min_spend_currency", sa.String(3), nullable=True),
        sa.Column("min_spend_minor", sa.BigInteger(), nullable=True),
        sa.Column("max_redemptions", sa.BigInteger(), nullable=False),
        sa.Column("max_redemptions_per_customer", sa.BigInteger(), nullable=False),
        sa.Column("start_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("end_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("redemptions", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("update_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Uuid(), nullable=True, unique=True),
    )
    op.create_index(
        "promotions_active_code", "promotions", ["coupon_code"], unique=True, postgresql_where="state = 'active'"
    )
    op.create_index("promotions_by_create_time", "promotions", ["create_time", "id"])
    op.create_table(
        "coupon_redemptions",
        sa.Column("order_name", sa.String(80), primary_key=True),
        sa.Column("promotion_id", sa.Uuid(), sa.ForeignKey("promotions.id"), nullable=False),
        sa.Column("customer", sa.String(80), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("update_time", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("coupon_redemptions_by_customer", "coupon_redemptions", ["promotion_id", "customer"])


def downgrade() -> None:
    op.drop_table("coupon_redemptions")
    op.drop_table("promotions")
