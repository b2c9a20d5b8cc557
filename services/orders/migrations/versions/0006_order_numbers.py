"""human order numbers: 10001, 10002, ... from a sequence; earlier orders numbered in the order they were placed

Revision ID: 0006
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("CREATE SEQUENCE order_numbers START 10001")
    op.add_column("orders", sa.Column("number", sa.BigInteger, nullable=True))
    op.execute(
        """
        UPDATE orders SET number = numbered.number
        FROM (SELECT id, 10000 + row_number() OVER (ORDER BY create_time, id) AS number FROM orders) AS numbered
        WHERE orders.id = numbered.id
        """
    )
    op.execute("SELECT setval('order_numbers', GREATEST((SELECT max(number) FROM orders), 10000))")
    op.alter_column("orders", "number", nullable=False, server_default=sa.text("nextval('order_numbers')"))
    op.create_unique_constraint("orders_number", "orders", ["number"])


def downgrade() -> None:
    op.drop_constraint("orders_number", "orders")
    op.drop_column("orders", "number")
    op.execute("DROP SEQUENCE order_numbers")
