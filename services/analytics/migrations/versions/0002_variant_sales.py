"""order lines by variant: its name, SKU and option values when sold

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
    # Lines recorded before: one per product, no variant ('').
    op.add_column("order_lines", sa.Column("variant", sa.String(160), nullable=False, server_default=""))
    op.add_column("order_lines", sa.Column("sku", sa.String(64), nullable=False, server_default=""))
    op.add_column("order_lines", sa.Column("option_label", sa.String(200), nullable=False, server_default=""))
    op.execute("ALTER TABLE order_lines DROP CONSTRAINT order_lines_pkey")
    op.create_primary_key("order_lines_pkey", "order_lines", ["order_name", "product", "variant"])


def downgrade() -> None:
    op.execute("ALTER TABLE order_lines DROP CONSTRAINT order_lines_pkey")
    op.execute(
        """
        DELETE FROM order_lines l USING order_lines k
        WHERE l.order_name = k.order_name AND l.product = k.product AND l.variant > k.variant
        """
    )
    op.create_primary_key("order_lines_pkey", "order_lines", ["order_name", "product"])
    for column in ("option_label", "sku", "variant"):
        op.drop_column("order_lines", column)
