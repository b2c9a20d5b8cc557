"""currency rates, with defaults for every currency ShopMesh knows (admins set their own)

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Units of each currency per US dollar: a starting point for a shop whose base is USD.
DEFAULTS = {"USD": "1", "EUR": "0.92", "GBP": "0.79", "CHF": "0.88", "CAD": "1.36", "JPY": "150"}


def upgrade() -> None:
    table = op.create_table(
        "currency_rates",
        sa.Column("currency", sa.String(3), primary_key=True),
        sa.Column("rate", sa.String(32), nullable=False),
        sa.Column("update_time", sa.DateTime(timezone=True), nullable=False),
    )
    now = datetime.now(UTC)
    op.bulk_insert(table, [{"currency": c, "rate": r, "update_time": now} for c, r in DEFAULTS.items()])


def downgrade() -> None:
    op.drop_table("currency_rates")
