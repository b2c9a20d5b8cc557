"""order lines name the variant bought and keep its option values; a return's lines are its variants

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Lines of earlier orders name no variant: their product's SKU was its one variant's.
    op.add_column("order_lines", sa.Column("variant_id", sa.String(64), nullable=False, server_default=""))
    op.add_column(
        "order_lines", sa.Column("option_values", JSONB, nullable=False, server_default=sa.text("'[]'::jsonb"))
    )
    # Two variants of one product are two lines of a return too.
    op.add_column("order_return_lines", sa.Column("variant_id", sa.String(64), nullable=False, server_default=""))
    op.execute("ALTER TABLE order_return_lines DROP CONSTRAINT order_return_lines_pkey")
    op.create_primary_key("order_return_lines_pkey", "order_return_lines", ["return_id", "product_id", "variant_id"])


def downgrade() -> None:
    op.execute("ALTER TABLE order_return_lines DROP CONSTRAINT order_return_lines_pkey")
    op.drop_column("order_return_lines", "variant_id")
    op.create_primary_key("order_return_lines_pkey", "order_return_lines", ["return_id", "product_id"])
    op.drop_column("order_lines", "option_values")
    op.drop_column("order_lines", "variant_id")
