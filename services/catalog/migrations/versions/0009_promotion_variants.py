"""promotions may name variants

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # products/{product}/variants/{variant}; none on earlier promotions.
    op.add_column(
        "promotions",
        sa.Column("variants", ARRAY(sa.String(160)), nullable=False, server_default=sa.text("'{}'::varchar[]")),
    )


def downgrade() -> None:
    op.drop_column("promotions", "variants")
