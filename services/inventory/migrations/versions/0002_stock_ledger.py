"""stock_adjustments becomes the stock ledger: every adjustment is recorded (with or without a request id), and
stock moved before this revision is recorded as one opening balance per stock row

Afterwards, for every (sku, warehouse): on_hand = Σ adjustments - Σ units of committed reservations, and
reserved = Σ units of held reservations (what ``make reconcile`` checks).

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
    # Adjustments without a request id were not recorded: whatever the recorded ones and the committed
    # reservations do not explain is written as an opening balance, so the ledger starts balanced.
    op.execute(
        """
        INSERT INTO stock_adjustments (request_id, sku, warehouse, delta, create_time)
        SELECT md5('opening-balance/' || s.sku || '/' || s.warehouse)::uuid, s.sku, s.warehouse,
               s.on_hand - coalesce(a.total, 0) + coalesce(c.total, 0), now()
        FROM stock_levels s
        LEFT JOIN (SELECT sku, warehouse, sum(delta) AS total FROM stock_adjustments GROUP BY sku, warehouse) a
               USING (sku, warehouse)
        LEFT JOIN (SELECT l.sku, l.warehouse, sum(l.quantity) AS total FROM reservation_lines l
                   JOIN reservations r USING (order_id) WHERE r.state = 'committed' GROUP BY l.sku, l.warehouse) c
               USING (sku, warehouse)
        WHERE s.on_hand - coalesce(a.total, 0) + coalesce(c.total, 0) <> 0
        """
    )
    op.create_index("stock_adjustments_by_sku", "stock_adjustments", ["sku", "warehouse"])


def downgrade() -> None:
    op.drop_index("stock_adjustments_by_sku", "stock_adjustments")
