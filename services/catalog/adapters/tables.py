"""Catalog's tables (SQLAlchemy Core). Migrations in ``services/catalog/migrations`` create them."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, Text, Uuid
from sqlalchemy.dialects.postgresql import JSONB

from services.runtime.outbox import outbox_table

metadata = MetaData()

categories = Table(
    "categories",
    metadata,
    Column("id", String(63), primary_key=True),
    Column("display_name", String(100), nullable=False),
    Column("description", Text, nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
)

products = Table(
    "products",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("sku", String(64), nullable=False, unique=True),
    Column("display_name", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("category_id", String(63), ForeignKey("categories.id"), nullable=False),
    Column("currency", String(3), nullable=False),
    # Exact price in minor units of the currency (cents).
    Column("price_minor", BigInteger, nullable=False),
    Column("attributes", JSONB, nullable=False),
    Column("image_uris", JSONB, nullable=False),
    Column("state", String(16), nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Column("update_time", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    # AIP-155: the request_id of the CreateProduct call that made the product.
    Column("request_id", Uuid, nullable=True, unique=True),
    Index("products_by_name", "state", "display_name", "id"),
    Index("products_by_price", "state", "price_minor", "id"),
    Index("products_by_create_time", "state", "create_time", "id"),
    Index("products_by_category_name", "category_id", "state", "display_name", "id"),
)

# Domain events waiting to be published (services.runtime.outbox).
outbox = outbox_table(metadata)
