"""reviews say which variant the reviewer bought; deliveries remember the variant of each delivered line

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table, variant, options in (
        ("deliveries", "variant", "option_values"),
        ("reviews", "purchased_variant", "purchased_options"),
    ):
        op.add_column(table, sa.Column(variant, sa.String(160), nullable=False, server_default=""))
        op.add_column(table, sa.Column(options, JSONB, nullable=False, server_default=sa.text("'[]'::jsonb")))


def downgrade() -> None:
    for table, variant, options in (
        ("deliveries", "variant", "option_values"),
        ("reviews", "purchased_variant", "purchased_options"),
    ):
        op.drop_column(table, options)
        op.drop_column(table, variant)
