"""products and stock read model with full-text and trigram indexes, processed events

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

from services.runtime.consumer import create_processed_events_table
from services.search.adapters.tables import SEARCH_VECTOR

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Trusted since PostgreSQL 13: the database's owner may create it.
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "products",
        sa.Column("name", sa.String(80), primary_key=True),
        sa.Column("sku", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category", sa.String(80), nullable=False),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("price_minor", sa.BigInteger(), nullable=False),
        sa.Column("price", sa.Numeric(20, 6), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("update_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("search_vector", TSVECTOR(), sa.Computed(SEARCH_VECTOR, persisted=True)),
    )
    op.create_index("products_search", "products", ["search_vector"], postgresql_using="gin")
    op.create_index(
        "products_name_trigram",
        "products",
        ["display_name"],
        postgresql_using="gin",
        postgresql_ops={"display_name": "gin_trgm_ops"},
    )
    op.create_index("products_sku", "products", ["sku"])
    op.create_table(
        "stock",
        sa.Column("sku", sa.String(64), primary_key=True),
        sa.Column("available", sa.BigInteger(), nullable=False),
    )
    create_processed_events_table(op)


def downgrade() -> None:
    for table in ("processed_events", "stock", "products"):
        op.drop_table(table)
