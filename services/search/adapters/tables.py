"""Search's read model: products as the catalog last described them, and units available per SKU.

``search_vector`` is computed by PostgreSQL from the name (weight A), category (B) and description (C) and
indexed with GIN; a trigram index on the name serves typo tolerance and autocomplete (``pg_trgm``).
Stock is a table of its own because its events (keyed by SKU) may arrive before the product's.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Computed,
    DateTime,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
)
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR

from services.runtime.consumer import processed_events_table

metadata = MetaData()

SEARCH_VECTOR = (
    "setweight(to_tsvector('english', display_name), 'A')"
    " || setweight(to_tsvector('english', replace(replace(category, 'categories/', ''), '-', ' ')), 'B')"
    " || setweight(to_tsvector('english', description), 'C')"
)

products = Table(
    "products",
    metadata,
    Column("name", String(80), primary_key=True),
    Column("sku", String(64), nullable=False),
    Column("display_name", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("category", String(80), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("price_minor", BigInteger, nullable=False),
    # The cheapest variant's price ("from"), and in whole currency units (exact), for price filters and bands.
    Column("price", Numeric(20, 6), nullable=False),
    # The dearest variant's price: a product matches a price range when some variant's price is in it.
    Column("price_max_minor", BigInteger, nullable=False),
    Column("price_max", Numeric(20, 6), nullable=False),
    # Its variants for sale: their SKUs (stock is summed over them), and the values each option takes among
    # them ({"Colour": ["Black", "Sand"]}). Its attributes as the catalog has them ({"material": "wool"}).
    Column("skus", ARRAY(String(64)), nullable=False),
    Column("options", JSONB, nullable=False),
    Column("attributes", JSONB, nullable=False),
    Column("active", Boolean, nullable=False),
    # The catalog's update_time: an older description never overwrites a newer one.
    Column("update_time", DateTime(timezone=True), nullable=False),
    Column("search_vector", TSVECTOR, Computed(SEARCH_VECTOR, persisted=True)),
    Index("products_search", "search_vector", postgresql_using="gin"),
    Index(
        "products_name_trigram",
        "display_name",
        postgresql_using="gin",
        postgresql_ops={"display_name": "gin_trgm_ops"},
    ),
    Index("products_sku", "sku"),
    Index("products_skus", "skus", postgresql_using="gin"),
)

# What each category's attributes are (from the catalog's CategoryChanged events): which are facets, their names.
category_attributes = Table(
    "category_attributes",
    metadata,
    Column("category", String(80), primary_key=True),
    Column("key", String(40), primary_key=True),
    Column("display_name", String(60), nullable=False),
    Column("unit", String(16), nullable=False),
    Column("filterable", Boolean, nullable=False),
    Column("position", Integer, nullable=False),
)

stock = Table(
    "stock",
    metadata,
    Column("sku", String(64), primary_key=True),
    Column("available", BigInteger, nullable=False),
)

processed_events = processed_events_table(metadata)
