"""email verification and password reset codes

Revision ID: 0004
Revises: 0003

Accounts that existed before addresses were confirmed count as confirmed (they could already shop).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("email_verified_time", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE users SET email_verified_time = create_time")
    op.create_table(
        "account_codes",
        sa.Column("code_hash", sa.LargeBinary(32), primary_key=True),
        sa.Column("user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("create_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expire_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_time", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("purpose IN ('verify_email', 'reset_password')", name="account_codes_purpose_known"),
    )
    op.create_index("account_codes_user_id", "account_codes", ["user_id"])


def downgrade() -> None:
    op.drop_table("account_codes")
    op.drop_column("users", "email_verified_time")
