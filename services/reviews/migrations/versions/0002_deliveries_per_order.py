"""a delivery per order, so that refunding one order takes back only its right to review

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_constraint("deliveries_pkey", "deliveries", type_="primary")
    op.create_primary_key("deliveries_pkey", "deliveries", ["user_id", "product", "order_name"])


def downgrade() -> None:
    op.execute(
        "DELETE FROM deliveries d USING deliveries e WHERE d.user_id = e.user_id AND d.product = e.product "
        "AND d.order_name > e.order_name"
    )
    op.drop_constraint("deliveries_pkey", "deliveries", type_="primary")
    op.create_primary_key("deliveries_pkey", "deliveries", ["user_id", "product"])
