"""outbox of domain events

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

from services.runtime.outbox import create_outbox_table

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_outbox_table(op)


def downgrade() -> None:
    op.drop_table("outbox")
