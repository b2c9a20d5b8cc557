"""Catalog's composition root: adapters from settings, the service, the servicer."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path

from services.catalog.adapters import demo_catalog, demo_pictures
from services.catalog.adapters.object_store import Credentials, ObjectStore
from services.catalog.adapters.product_cache import ProductCache, keep_coherent
from services.catalog.api import CatalogApi
from services.catalog.currencies import CurrenciesService
from services.catalog.mapping import ProductMessages
from services.catalog.media import MediaService, MediaStore, UploadTokens
from services.catalog.promotions import PromotionsService
from services.catalog.service import CatalogService
from services.catalog.settings import CatalogSettings
from services.catalog.variants import VariantsService
from services.runtime.database import Database, migrate
from services.runtime.dead_letters import dead_letters_command
from services.runtime.server import Registration, Resources, ServiceDefinition
from shop.catalog.v1 import catalog_service_pb2, catalog_service_pb2_grpc

SERVICE_NAME = catalog_service_pb2.DESCRIPTOR.services_by_name["CatalogService"].full_name
MIGRATIONS = Path(__file__).parent / "migrations"
# The catalog consumes its own events: renditions of uploaded images, objects of deleted ones.
CONSUMER = "catalog"
TOPICS = ("shop.catalog.events",)
SWEEP_INTERVAL_SECONDS = 3600

log = logging.getLogger(__name__)


def media_store(settings: CatalogSettings, resources: Resources) -> MediaStore | None:
    if not settings.media_s3_endpoint:
        return None
    secret = settings.media_s3_secret_key.get_secret_value() if settings.media_s3_secret_key else ""
    store = ObjectStore(
        settings.media_s3_endpoint, Credentials(settings.media_s3_access_key, secret, settings.media_s3_region)
    )
    resources.closers.append(store.close)
    return MediaStore(store, settings.media_uploads_bucket, settings.media_bucket, settings.media_public_url)


def _sweeping(media: MediaService) -> Callable[[], Awaitable[None]]:
    async def sweep() -> None:
        while True:
            try:
                swept = await media.sweep_abandoned_uploads()
                if swept:
                    log.info("deleted %d abandoned uploads", swept)
            except Exception:
                log.exception("sweeping abandoned uploads failed; trying again later")
            await asyncio.sleep(SWEEP_INTERVAL_SECONDS)

    return sweep


async def compose(settings: CatalogSettings, resources: Resources) -> Sequence[Registration]:
    database = resources.database
    assert database is not None
    cache = ProductCache(capacity=settings.product_cache_size)
    if settings.product_cache_size > 0:
        resources.background.append(lambda: keep_coherent(cache, database))
    catalog = CatalogService(database, page_tokens=resources.page_tokens, cache=cache)
    currencies = CurrenciesService(database, base=settings.base_currency, sold=settings.sold_currencies)
    secret = settings.service_secret.get_secret_value() if settings.service_secret else None
    media = MediaService(database, catalog, media_store(settings, resources), UploadTokens(secret))
    if media.handlers():
        resources.add_consumer(settings, name=CONSUMER, topics=TOPICS, handlers=media.handlers())
        resources.background.append(_sweeping(media))
    api = CatalogApi(
        catalog,
        PromotionsService(database, catalog, currencies, page_tokens=resources.page_tokens),
        currencies,
        VariantsService(catalog),
        media,
        messages=ProductMessages(capacity=settings.product_cache_size),
    )
    return [
        Registration(
            SERVICE_NAME, lambda server: catalog_service_pb2_grpc.add_CatalogServiceServicer_to_server(api, server)
        )
    ]


async def seed_demo(settings: CatalogSettings, args: list[str]) -> int:
    """``seed-demo``: loads the demo catalog and draws its pictures into the object store (idempotent)."""
    assert settings.database_url is not None
    await migrate(settings.database_url, MIGRATIONS)
    database = Database(settings.database_url, pool_size=1)
    resources = Resources(database=database)
    try:
        categories, products = await demo_catalog.load(database)
        media = media_store(settings, resources)
        pictures = 0
        if media is not None:
            skus = {product.sku for product in demo_catalog.demo_products()}
            pictures = await demo_pictures.add_pictures(database, media, skus)
    finally:
        for close in resources.closers:
            await close()
        await database.dispose()
    print(f"demo catalog: {categories} categories, {products} products and {pictures} pictures added")
    return 0


DEFINITION = ServiceDefinition(
    name="catalog",
    settings_type=CatalogSettings,
    compose=compose,
    migrations=MIGRATIONS,
    publishes_events=True,
    commands={"seed-demo": seed_demo, "dead-letters": dead_letters_command(CONSUMER)},
)
