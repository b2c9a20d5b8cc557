"""wishlists may hold one variant of a product; the variants they watch (a read model from catalog events)

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "variants",
        sa.Column("variant_id", sa.String(64), primary_key=True),
        sa.Column("product_id", sa.String(64), nullable=False, index=True),
        sa.Column("sku", sa.String(64), nullable=False, index=True),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("price_minor", sa.BigInteger(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
    )
    # Saved products stay saved as wholes ('' : no variant).
    op.add_column("wishlist_items", sa.Column("variant_id", sa.String(64), nullable=False, server_default=""))
    op.execute("ALTER TABLE wishlist_items DROP CONSTRAINT wishlist_items_pkey")
    op.create_primary_key("wishlist_items_pkey", "wishlist_items", ["user_id", "product_id", "variant_id"])


def downgrade() -> None:
    op.execute("DELETE FROM wishlist_items WHERE variant_id <> ''")
    op.execute("ALTER TABLE wishlist_items DROP CONSTRAINT wishlist_items_pkey")
    op.drop_column("wishlist_items", "variant_id")
    op.create_primary_key("wishlist_items_pkey", "wishlist_items", ["user_id", "product_id"])
    op.drop_table("variants")
