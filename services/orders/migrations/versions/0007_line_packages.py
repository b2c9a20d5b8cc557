"""order lines keep what one unit weighs and measures, for the shipment's quote

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # {"weight_grams": ..., "length_mm": ..., "width_mm": ..., "height_mm": ...}; lines of earlier orders: {}
    # (not known: shipping counts each unit a kilogram, as it quoted them then).
    op.add_column("order_lines", sa.Column("package", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")))


def downgrade() -> None:
    op.drop_column("order_lines", "package")
