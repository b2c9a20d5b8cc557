"""options and variants: every product becomes a product with one variant that keeps its SKU

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("products", sa.Column("options", JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")))
    op.create_table(
        "product_variants",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("product_id", sa.Uuid, sa.ForeignKey("products.id", ondelete="CASCADE"), nullable=False),
        sa.Column("sku", sa.String(64), nullable=False, unique=True),
        sa.Column("option_values", JSONB, nullable=False),
        sa.Column("combination", sa.Text, nullable=False),
        sa.Column("price_currency", sa.String(3), nullable=True),
        sa.Column("price_minor", sa.BigInteger, nullable=True),
        sa.Column("weight_grams", sa.BigInteger, nullable=False),
        sa.Column("dimensions_mm", JSONB, nullable=True),
        sa.Column("barcode", sa.String(14), nullable=False),
        sa.Column("image_uris", JSONB, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("update_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("request_id", sa.Uuid, nullable=True, unique=True),
    )
    op.create_index("product_variants_by_product", "product_variants", ["product_id", "create_time", "id"])
    op.create_index(
        "product_variants_active_combination",
        "product_variants",
        ["product_id", "combination"],
        unique=True,
        postgresql_where=sa.text("state = 'active'"),
    )
    # Every product so far is one SKU: its one variant keeps it (stock, orders and reviews name that SKU).
    op.execute(
        """
        INSERT INTO product_variants (id, product_id, sku, option_values, combination, weight_grams, barcode,
                                      image_uris, state, create_time, update_time, version)
        SELECT gen_random_uuid(), id, sku, '[]'::jsonb, '', 0, '', '[]'::jsonb, 'active', create_time, update_time, 1
        FROM products
        """
    )


def downgrade() -> None:
    op.drop_table("product_variants")
    op.drop_column("products", "options")
