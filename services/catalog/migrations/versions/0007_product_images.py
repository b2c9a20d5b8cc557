"""product images: uploaded pictures whose bytes live in the object store; the catalog's own event consumer

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from services.runtime.consumer import create_processed_events_table

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "product_images",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("product_id", sa.Uuid, sa.ForeignKey("products.id", ondelete="CASCADE"), nullable=False),
        sa.Column("alt_text", sa.String(250), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("variant_ids", JSONB, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("width", sa.Integer, nullable=False),
        sa.Column("height", sa.Integer, nullable=False),
        sa.Column("content_type", sa.String(32), nullable=False),
        sa.Column("object_key", sa.Text, nullable=False),
        sa.Column("renditions", JSONB, nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("update_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("product_images_by_product", "product_images", ["product_id", "position"])
    create_processed_events_table(op)


def downgrade() -> None:
    op.drop_table("processed_events")
    op.drop_table("product_images")
