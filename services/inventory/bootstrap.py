"""Inventory's composition root: adapters from settings, the service, the servicer, the expiry sweep."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

from services.inventory.api import InventoryApi
from services.inventory.service import InventoryService
from services.inventory.settings import InventorySettings
from services.runtime.channels import open_channel
from services.runtime.database import Database, migrate
from services.runtime.server import Registration, Resources, ServiceDefinition
from shop.catalog.v1 import catalog_service_pb2, catalog_service_pb2_grpc, product_pb2
from shop.inventory.v1 import inventory_service_pb2, inventory_service_pb2_grpc

SERVICE_NAME = inventory_service_pb2.DESCRIPTOR.services_by_name["InventoryService"].full_name
MIGRATIONS = Path(__file__).parent / "migrations"
DEMO_UNITS_PER_SKU = 50


def build_service(settings: InventorySettings, database: Database) -> InventoryService:
    return InventoryService(database, default_ttl=timedelta(seconds=settings.default_reservation_ttl_seconds))


async def compose(settings: InventorySettings, resources: Resources) -> Sequence[Registration]:
    assert resources.database is not None
    inventory = build_service(settings, resources.database)
    resources.background.append(lambda: inventory.sweep_forever(settings.expiry_sweep_interval_seconds))
    api = InventoryApi(inventory)
    return [
        Registration(
            SERVICE_NAME, lambda server: inventory_service_pb2_grpc.add_InventoryServiceServicer_to_server(api, server)
        )
    ]


def demo_stocked_skus(product: product_pb2.Product) -> list[str]:
    """Every variant for sale of a demo product, but the last of one with four or more (the demo's sold-out
    sizes and colours, next to siblings in stock)."""
    selling = [v.sku for v in product.variants if v.state == product_pb2.ProductVariant.STATE_ACTIVE]
    return (selling[:-1] if len(selling) >= 4 else selling) or [product.sku]


async def seed_demo(settings: InventorySettings, args: list[str]) -> int:
    """``seed-demo``: stocks the variants the catalog lists with 50 units in "main" (demo_stocked_skus);
    idempotent."""
    assert settings.database_url is not None
    await migrate(settings.database_url, MIGRATIONS)
    database = Database(settings.database_url, pool_size=1)
    inventory = build_service(settings, database)
    stocked = 0
    try:
        async with open_channel(settings.catalog_target) as channel:
            catalog = catalog_service_pb2_grpc.CatalogServiceStub(channel)
            token = ""
            while True:
                page = await catalog.ListProducts(
                    catalog_service_pb2.ListProductsRequest(page_size=100, page_token=token)
                )
                for product in page.products:
                    for sku in demo_stocked_skus(product):
                        # A request id derived from the SKU: running the seed again changes nothing.
                        request_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"shopmesh-demo-stock/{sku}"))
                        await inventory.adjust(sku, "main", DEMO_UNITS_PER_SKU, None, request_id)
                        stocked += 1
                token = page.next_page_token
                if not token:
                    break
    finally:
        await database.dispose()
    print(f"demo stock: {stocked} SKUs stocked")
    return 0


DEFINITION = ServiceDefinition(
    name="inventory",
    settings_type=InventorySettings,
    compose=compose,
    migrations=MIGRATIONS,
    publishes_events=True,
    commands={"seed-demo": seed_demo},
)
