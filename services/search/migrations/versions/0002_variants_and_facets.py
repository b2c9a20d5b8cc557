"""variants and facets: price range and stock over a product's variants, options and attributes as facets

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("products", sa.Column("price_max_minor", sa.BigInteger, nullable=True))
    op.add_column("products", sa.Column("price_max", sa.Numeric(20, 6), nullable=True))
    op.add_column("products", sa.Column("skus", ARRAY(sa.String(64)), nullable=True))
    op.add_column("products", sa.Column("options", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")))
    op.add_column("products", sa.Column("attributes", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")))
    # Until the next event or rebuild, each product is its one SKU at its one price.
    op.execute("UPDATE products SET price_max_minor = price_minor, price_max = price, skus = ARRAY[sku]")
    for column in ("price_max_minor", "price_max", "skus"):
        op.alter_column("products", column, nullable=False)
    op.create_index("products_skus", "products", ["skus"], postgresql_using="gin")
    op.create_table(
        "category_attributes",
        sa.Column("category", sa.String(80), primary_key=True),
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("display_name", sa.String(60), nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("filterable", sa.Boolean, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("category_attributes")
    op.drop_index("products_skus", "products")
    for column in ("attributes", "options", "skus", "price_max", "price_max_minor"):
        op.drop_column("products", column)
