"""Catalog's tables (SQLAlchemy Core). Migrations in ``services/catalog/migrations`` create them."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, Text, Uuid
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from services.runtime.consumer import processed_events_table
from services.runtime.outbox import outbox_table

metadata = MetaData()

categories = Table(
    "categories",
    metadata,
    Column("id", String(63), primary_key=True),
    Column("display_name", String(100), nullable=False),
    Column("description", Text, nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
    # [{"key": "material", "display_name": "Material", "type": "choice", "choices": [...], ...}] (attributes.py)
    Column("attributes", JSONB, nullable=False),
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
    # [{"name": "Size", "values": ["S", "M"]}, ...]
    Column("options", JSONB, nullable=False),
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

# What is bought: a product's variants. Every SKU of the catalog is a variant's (a product's own SKU is its first
# variant's). A write to a variant also bumps its product's version (one etag, one cache invalidation).
product_variants = Table(
    "product_variants",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("product_id", Uuid, ForeignKey("products.id", ondelete="CASCADE"), nullable=False),
    Column("sku", String(64), nullable=False, unique=True),
    # [["Size", "M"], ["Colour", "Black"]] in the product's option order.
    Column("option_values", JSONB, nullable=False),
    # domain.combination(option_values): unique among a product's active variants.
    Column("combination", Text, nullable=False),
    Column("price_currency", String(3), nullable=True),
    Column("price_minor", BigInteger, nullable=True),
    Column("weight_grams", BigInteger, nullable=False),
    Column("dimensions_mm", JSONB, nullable=True),
    Column("barcode", String(14), nullable=False),
    Column("image_uris", JSONB, nullable=False),
    Column("state", String(16), nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Column("update_time", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Column("request_id", Uuid, nullable=True, unique=True),
    Index("product_variants_by_product", "product_id", "create_time", "id"),
    Index(
        "product_variants_active_combination",
        "product_id",
        "combination",
        unique=True,
        postgresql_where="state = 'active'",
    ),
)

# A product's uploaded pictures. The bytes are in the object store: the upload at `object_key` in the uploads
# bucket, the renditions ([{"w": 640, "h": 480, "f": "webp", "k": "<sha256>.webp"}, ...]) in the media bucket.
product_images = Table(
    "product_images",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("product_id", Uuid, ForeignKey("products.id", ondelete="CASCADE"), nullable=False),
    Column("alt_text", String(250), nullable=False),
    Column("position", Integer, nullable=False),
    Column("variant_ids", JSONB, nullable=False),
    Column("state", String(16), nullable=False),
    Column("width", Integer, nullable=False),
    Column("height", Integer, nullable=False),
    Column("content_type", String(32), nullable=False),
    Column("object_key", Text, nullable=False),
    Column("renditions", JSONB, nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Column("update_time", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Index("product_images_by_product", "product_id", "position"),
)

# Promotions: automatic ones (no coupon code) and coupons. Their terms never change once created.
promotions = Table(
    "promotions",
    metadata,
    Column("id", Uuid, primary_key=True),
    Column("display_name", String(100), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("percent_off", Integer, nullable=False),
    Column("amount_currency", String(3), nullable=True),
    Column("amount_minor", BigInteger, nullable=True),
    Column("product_ids", ARRAY(String(64)), nullable=False),
    Column("category_ids", ARRAY(String(63)), nullable=False),
    Column("variants", ARRAY(String(160)), nullable=False, server_default="{}"),  # products/{p}/variants/{v}
    Column("coupon_code", String(32), nullable=True),
    Column("min_spend_currency", String(3), nullable=True),
    Column("min_spend_minor", BigInteger, nullable=True),
    Column("max_redemptions", BigInteger, nullable=False),
    Column("max_redemptions_per_customer", BigInteger, nullable=False),
    Column("start_time", DateTime(timezone=True), nullable=False),
    Column("end_time", DateTime(timezone=True), nullable=True),
    # Orders holding a redemption now: counted under the row's lock, so the limit holds under concurrency.
    Column("redemptions", BigInteger, nullable=False),
    Column("state", String(16), nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Column("update_time", DateTime(timezone=True), nullable=False),
    Column("version", Integer, nullable=False),
    Column("request_id", Uuid, nullable=True, unique=True),
    # One active promotion per coupon code.
    Index("promotions_active_code", "coupon_code", unique=True, postgresql_where="state = 'active'"),
    Index("promotions_by_create_time", "create_time", "id"),
)

# One coupon use per order; a cancelled order's use is released (and no longer counts).
coupon_redemptions = Table(
    "coupon_redemptions",
    metadata,
    Column("order_name", String(80), primary_key=True),
    Column("promotion_id", Uuid, ForeignKey("promotions.id"), nullable=False),
    Column("customer", String(80), nullable=False),
    Column("state", String(16), nullable=False),
    Column("create_time", DateTime(timezone=True), nullable=False),
    Column("update_time", DateTime(timezone=True), nullable=False),
    Index("coupon_redemptions_by_customer", "promotion_id", "customer"),
)

# What one unit of the base currency buys of each other currency, as an exact decimal ("0.92").
currency_rates = Table(
    "currency_rates",
    metadata,
    Column("currency", String(3), primary_key=True),
    Column("rate", String(32), nullable=False),
    Column("update_time", DateTime(timezone=True), nullable=False),
)

# Domain events waiting to be published (services.runtime.outbox).
outbox = outbox_table(metadata)
# Events the catalog's own consumer applied (it makes image renditions and removes deleted images' objects).
processed_events = processed_events_table(metadata)
