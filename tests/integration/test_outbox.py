"""Domain events leave through the transactional outbox: exactly the committed changes reach Kafka."""

import uuid

import asyncpg
import grpc
import pytest
from google.protobuf import field_mask_pb2
from google.type import money_pb2

from shop.catalog.v1 import catalog_service_pb2 as pb
from shop.catalog.v1 import events_pb2, product_pb2
from shop.identity.v1 import events_pb2 as identity_events
from shop.identity.v1 import identity_service_pb2 as identity_pb
from tests.kafka_events import events_for_key


def _product(sku: str, category: str) -> product_pb2.Product:
    return product_pb2.Product(
        sku=sku, display_name="Evented", category=category, price=money_pb2.Money(currency_code="USD", units=5)
    )


@pytest.fixture(scope="module")
async def outbox_category(catalog, admin) -> str:
    category_id = f"it-outbox-{uuid.uuid4().hex[:8]}"
    await catalog.CreateCategory(
        pb.CreateCategoryRequest(category_id=category_id, category=product_pb2.Category(display_name="Outbox")),
        metadata=admin.metadata,
    )
    return f"categories/{category_id}"


async def test_a_product_lifecycle_publishes_its_events_in_order_with_cloudevents_headers(
    catalog, admin, outbox_category, infrastructure
):
    created = (
        await catalog.CreateProduct(
            pb.CreateProductRequest(product=_product(f"OB-{uuid.uuid4().hex[:8].upper()}", outbox_category)),
            metadata=admin.metadata,
        )
    ).product
    await catalog.UpdateProduct(
        pb.UpdateProductRequest(
            product=product_pb2.Product(name=created.name, display_name="Renamed"),
            update_mask=field_mask_pb2.FieldMask(paths=["display_name"]),
        ),
        metadata=admin.metadata,
    )
    await catalog.ArchiveProduct(pb.ArchiveProductRequest(name=created.name), metadata=admin.metadata)

    events = await events_for_key(infrastructure.kafka(), "shop.catalog.events", created.name, count=3)
    assert [e.type for e in events] == [
        "shop.catalog.v1.ProductCreated",
        "shop.catalog.v1.ProductUpdated",
        "shop.catalog.v1.ProductArchived",
    ]
    assert len({e.partition for e in events}) == 1  # one key, one partition, in order
    first = events[0]
    assert first.headers["ce_source"] == "catalog.shopmesh.dev"
    assert first.headers["ce_specversion"] == "1.0"
    assert first.headers["content-type"] == "application/protobuf"
    uuid.UUID(first.headers["ce_id"])
    assert events_pb2.ProductCreated.FromString(first.payload).product.sku == created.sku
    updated = events_pb2.ProductUpdated.FromString(events[1].payload)
    assert (updated.product.display_name, list(updated.changed_fields)) == ("Renamed", ["display_name"])


async def test_a_failed_write_leaves_no_event(catalog, admin, outbox_category, infrastructure):
    sku = f"OB-{uuid.uuid4().hex[:8].upper()}"
    await catalog.CreateProduct(
        pb.CreateProductRequest(product=_product(sku, outbox_category)), metadata=admin.metadata
    )
    with pytest.raises(grpc.aio.AioRpcError):
        await catalog.CreateProduct(
            pb.CreateProductRequest(product=_product(sku, outbox_category)), metadata=admin.metadata
        )
    connection = await asyncpg.connect(infrastructure.database_url("catalog_it").replace("+asyncpg", ""))
    try:
        rows = await connection.fetch("SELECT payload FROM outbox WHERE type = 'shop.catalog.v1.ProductCreated'")
    finally:
        await connection.close()
    skus = [events_pb2.ProductCreated.FromString(bytes(r["payload"])).product.sku for r in rows]
    assert skus.count(sku) == 1


async def test_registration_publishes_user_registered_then_the_code_to_confirm_the_address(identity, infrastructure):
    email = f"evented-{uuid.uuid4().hex[:8]}@example.com"
    user = (
        await identity.RegisterUser(
            identity_pb.RegisterUserRequest(email=email, password="long enough password", display_name="Evented")
        )
    ).user
    events = await events_for_key(infrastructure.kafka(), "shop.identity.events", user.name, count=2)
    assert [e.type for e in events] == [
        "shop.identity.v1.UserRegistered",
        "shop.identity.v1.EmailVerificationRequested",
    ]
    registered = identity_events.UserRegistered.FromString(events[0].payload)
    assert (registered.user, registered.email) == (user.name, email)
    requested = identity_events.EmailVerificationRequested.FromString(events[1].payload)
    assert (requested.user, requested.email, len(requested.token)) == (user.name, email, 32)
    assert not user.email_verified
