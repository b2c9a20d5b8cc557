"""every committed change of a product is announced on NOTIFY channel catalog_products

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The payload is the product id; '*' (TRUNCATE) means every product. PostgreSQL delivers a NOTIFY when
    # its transaction commits, and never for one that rolls back.
    op.execute(
        """
        CREATE FUNCTION catalog_product_changed() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'TRUNCATE' THEN
                PERFORM pg_notify('catalog_products', '*');
            ELSIF TG_OP = 'DELETE' THEN
                PERFORM pg_notify('catalog_products', OLD.id::text);
            ELSE
                PERFORM pg_notify('catalog_products', NEW.id::text);
            END IF;
            RETURN NULL;
        END
        $$
        """
    )
    op.execute(
        "CREATE TRIGGER products_changed AFTER INSERT OR UPDATE OR DELETE ON products "
        "FOR EACH ROW EXECUTE FUNCTION catalog_product_changed()"
    )
    op.execute(
        "CREATE TRIGGER products_truncated AFTER TRUNCATE ON products "
        "FOR EACH STATEMENT EXECUTE FUNCTION catalog_product_changed()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER products_truncated ON products")
    op.execute("DROP TRIGGER products_changed ON products")
    op.execute("DROP FUNCTION catalog_product_changed()")
