"""The expand-only rule for migrations (scripts/migration_rules.py): what the previous release cannot live with
is refused, what it can is let through, and a deliberate contract step says so."""

from __future__ import annotations

import pytest

from scripts.migration_rules import check_source


def _migration(body: str) -> str:
    indented = "\n".join("    " + line for line in body.strip().splitlines())
    head = "import sqlalchemy as sa\nfrom alembic import op\n\n\n"
    return f"{head}def upgrade() -> None:\n{indented}\n\n\ndef downgrade() -> None:\n    op.drop_table('t')\n"


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        ("op.drop_column('orders', 'note')", "op.drop_column"),
        ("op.drop_table('orders')", "op.drop_table"),
        ("op.rename_table('orders', 'purchases')", "op.rename_table"),
        ("op.alter_column('orders', 'note', new_column_name='remark')", "renames a column"),
        ("op.alter_column('orders', 'total', type_=sa.Numeric())", "changes a column's type"),
        ("op.alter_column('orders', 'note', nullable=False)", "makes a column NOT NULL"),
        ("op.add_column('orders', sa.Column('number', sa.String(20), nullable=False))", "without server_default"),
        ("op.execute('ALTER TABLE orders DROP COLUMN note')", "DROP COLUMN"),
        ("op.execute('alter table orders rename column note to remark')", "rename column"),
        ("op.execute('ALTER TABLE orders ALTER COLUMN note SET NOT NULL')", "SET NOT NULL"),
        ("op.execute('ALTER TABLE orders ALTER COLUMN total TYPE numeric')", "ALTER COLUMN total TYPE"),
        ("if True:\n    op.drop_column('orders', 'note')", "op.drop_column"),
    ],
)
def test_what_takes_away_from_the_previous_release_is_refused(body, complaint):
    (violation,) = check_source(_migration(body), "services/orders/migrations/versions/0099_x.py")
    assert complaint in violation.what
    assert violation.line >= 6


@pytest.mark.parametrize(
    "body",
    [
        "op.create_table('notes', sa.Column('id', sa.String(64), primary_key=True))",
        "op.add_column('orders', sa.Column('note', sa.Text(), nullable=True))",
        "op.add_column('orders', sa.Column('note', sa.Text()))",
        "op.add_column('orders', sa.Column('number', sa.String(20), nullable=False, server_default=''))",
        "op.create_index('orders_by_customer', 'orders', ['customer'])",
        "op.alter_column('orders', 'note', nullable=True)",
        "op.execute('ALTER TABLE lines DROP CONSTRAINT lines_pkey')",
        "op.execute('UPDATE shipments SET weight = units * 1000')",
        "# contract: 0.3 and later never read note (removed in 0.3)\nop.drop_column('orders', 'note')",
        "op.drop_column('orders', 'note')  # contract: nothing reads it since 0.3",
    ],
)
def test_what_the_previous_release_lives_with_passes(body):
    assert check_source(_migration(body), "services/orders/migrations/versions/0099_x.py") == []


def test_only_upgrade_counts():
    assert check_source(_migration("op.create_table('t', sa.Column('id', sa.Integer()))"), "x.py") == []
