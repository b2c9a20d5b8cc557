"""the number of each order seen, for mails about its payment and returns

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # '' for orders seen before: their mails keep naming the order by its resource name.
    op.add_column("order_owners", sa.Column("number", sa.String(20), nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_column("order_owners", "number")
