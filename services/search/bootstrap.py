"""Search's composition root: the API and the consumer that keeps the read model current; ``rebuild``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from services.runtime.channels import open_channel
from services.runtime.database import Database, migrate
from services.runtime.dead_letters import dead_letters_command
from services.runtime.server import Registration, Resources, ServiceDefinition, page_tokens
from services.search.adapters.catalog_feed import CatalogFeed
from services.search.adapters.currency_rates import CurrencyRates
from services.search.api import SearchApi
from services.search.service import SearchService
from services.search.settings import SearchSettings
from shop.search.v1 import search_service_pb2, search_service_pb2_grpc

SERVICE_NAME = search_service_pb2.DESCRIPTOR.services_by_name["SearchService"].full_name
CONSUMER = "search"
TOPICS = ("shop.catalog.events", "shop.inventory.events")
MIGRATIONS = Path(__file__).parent / "migrations"


async def compose(settings: SearchSettings, resources: Resources) -> Sequence[Registration]:
    assert resources.database is not None
    catalog = open_channel(settings.catalog_target)  # the shop's currency rates, for searches in a currency
    resources.closers.append(catalog.close)
    service = SearchService(resources.database, page_tokens=resources.page_tokens, rates=CurrencyRates(catalog))
    resources.add_consumer(settings, name=CONSUMER, topics=TOPICS, handlers=service.handlers())
    api = SearchApi(service)
    return [
        Registration(
            SERVICE_NAME, lambda server: search_service_pb2_grpc.add_SearchServiceServicer_to_server(api, server)
        )
    ]


async def rebuild(settings: SearchSettings, args: list[str]) -> int:
    """``rebuild``: makes the index match the catalog and inventory now (after a bug fix, a lost topic...)."""
    assert settings.database_url is not None
    await migrate(settings.database_url, MIGRATIONS)
    database = Database(settings.database_url, pool_size=1)
    catalog, inventory = open_channel(settings.catalog_target), open_channel(settings.inventory_target)
    try:
        feed = CatalogFeed(catalog, inventory)
        indexed, dropped = await SearchService(database, page_tokens=page_tokens("search", settings)).rebuild(
            feed.products, feed.availability, categories=feed.categories
        )
    finally:
        await catalog.close()
        await inventory.close()
        await database.dispose()
    print(f"search index rebuilt: {indexed} products indexed, {dropped} dropped")
    return 0


DEFINITION = ServiceDefinition(
    name="search",
    settings_type=SearchSettings,
    compose=compose,
    migrations=MIGRATIONS,
    commands={"dead-letters": dead_letters_command(CONSUMER), "rebuild": rebuild},
)
