"""processed events of the orders consumer (shipments delivered by their carrier)

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

from services.runtime.consumer import create_processed_events_table

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_processed_events_table(op)


def downgrade() -> None:
    op.drop_table("processed_events")
