"""users, order owners, notifications, opt-outs, processed events

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from services.runtime.consumer import create_processed_events_table

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("user_id", sa.String(64), primary_key=True),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
    )
    op.create_table(
        "order_owners",
        sa.Column("order_id", sa.String(64), primary_key=True),
        sa.Column("customer_id", sa.String(64), nullable=False),
    )
    op.execute("CREATE SEQUENCE notifications_seq")
    op.create_table(
        "notifications",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("user_id", sa.String(64), nullable=True),
        sa.Column("type", sa.String(32), nullable=False),
        sa.Column("recipient", sa.String(320), nullable=False),
        sa.Column("subject", sa.String(300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("subject_resource", sa.String(200), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("send_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False, server_default=sa.text("nextval('notifications_seq')")),
    )
    op.create_index(
        "notifications_pending", "notifications", ["next_attempt_time"], postgresql_where=sa.text("state = 'PENDING'")
    )
    op.create_index("notifications_by_user", "notifications", ["user_id", "seq"])
    op.create_table(
        "opt_outs",
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("type", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("user_id", "type"),
    )
    create_processed_events_table(op)


def downgrade() -> None:
    for table in ("processed_events", "opt_outs", "notifications", "order_owners", "users"):
        op.drop_table(table)
    op.execute("DROP SEQUENCE notifications_seq")
