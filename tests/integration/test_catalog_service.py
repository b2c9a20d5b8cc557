"""Catalog against real PostgreSQL, with tokens from the real identity service."""

import uuid

import asyncpg
import grpc
import pytest
from google.protobuf import field_mask_pb2
from google.type import money_pb2

from services.catalog.adapters.product_cache import APPLICATION_NAME
from shop.catalog.v1 import catalog_service_pb2 as pb
from shop.catalog.v1 import catalog_service_pb2_grpc, product_pb2
from tests.eventually import eventually
from tests.integration.conftest import running_catalog
from tests.rich_errors import details_of, field_violations


def _usd(units: int, cents: int = 0) -> money_pb2.Money:
    return money_pb2.Money(currency_code="USD", units=units, nanos=cents * 10_000_000)


@pytest.fixture(scope="session")
async def category(catalog, admin) -> str:
    """A category of this test session: its products are this session's alone."""
    category_id = f"it-{uuid.uuid4().hex[:10]}"
    await catalog.CreateCategory(
        pb.CreateCategoryRequest(category_id=category_id, category=product_pb2.Category(display_name="Integration")),
        metadata=admin.metadata,
    )
    return f"categories/{category_id}"


async def _create(catalog, admin, category, *, price=_usd(10), name="Thing", request_id=""):
    sku = f"IT-{uuid.uuid4().hex[:10].upper()}"
    product = product_pb2.Product(
        sku=sku,
        display_name=name,
        category=category,
        price=price,
        attributes={"color": "red"},
        image_uris=["https://img.example/1.jpg"],
    )
    response = await catalog.CreateProduct(
        pb.CreateProductRequest(product=product, request_id=request_id), metadata=admin.metadata
    )
    return response.product


async def _sql(infrastructure, statement: str, *args) -> object:
    connection = await asyncpg.connect(infrastructure.database_url("catalog_it").replace("+asyncpg", ""))
    try:
        return await connection.fetchval(statement, *args)
    finally:
        await connection.close()


async def _count_products(infrastructure, where: str, *args) -> int:
    return await _sql(infrastructure, f"SELECT count(*) FROM products WHERE {where}", *args)  # type: ignore[return-value]


async def test_an_admin_creates_a_product_anyone_can_read(catalog, admin, category):
    created = await _create(catalog, admin, category, price=_usd(12, 99))
    read = (await catalog.GetProduct(pb.GetProductRequest(name=created.name))).product
    assert read == created
    assert read.state == product_pb2.Product.STATE_ACTIVE
    assert (read.price.units, read.price.nanos) == (12, 990_000_000)
    assert read.create_time.seconds > 0
    assert read.etag


async def test_customers_cannot_change_the_catalog_and_anonymous_callers_are_unauthenticated(
    catalog, customer, category
):
    product = product_pb2.Product(sku="IT-NOPE", display_name="No", category=category, price=_usd(1))
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await catalog.CreateProduct(pb.CreateProductRequest(product=product), metadata=customer.metadata)
    assert error.value.code() == grpc.StatusCode.PERMISSION_DENIED
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await catalog.CreateProduct(pb.CreateProductRequest(product=product))
    assert error.value.code() == grpc.StatusCode.UNAUTHENTICATED


async def test_a_retried_create_returns_the_same_product_and_writes_one_row(catalog, admin, category, infrastructure):
    request_id = str(uuid.uuid4())
    first = await _create(catalog, admin, category, request_id=request_id)
    product = product_pb2.Product(sku=first.sku, display_name="Thing", category=category, price=_usd(10))
    second = (
        await catalog.CreateProduct(
            pb.CreateProductRequest(product=product, request_id=request_id), metadata=admin.metadata
        )
    ).product
    assert second.name == first.name
    assert await _count_products(infrastructure, "sku = $1", first.sku) == 1


async def test_a_taken_sku_is_already_exists(catalog, admin, category):
    first = await _create(catalog, admin, category)
    product = product_pb2.Product(sku=first.sku, display_name="Copy", category=category, price=_usd(1))
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await catalog.CreateProduct(pb.CreateProductRequest(product=product), metadata=admin.metadata)
    assert error.value.code() == grpc.StatusCode.ALREADY_EXISTS
    assert details_of(error.value)["ErrorInfo"].reason == "SKU_TAKEN"


async def test_bad_product_input_reports_each_field_and_writes_nothing(catalog, admin, category, infrastructure):
    sku = f"IT-{uuid.uuid4().hex[:8].upper()}"
    bad = product_pb2.Product(
        sku=sku, display_name="x" * 300, category=category, price=money_pb2.Money(currency_code="USD", units=-5)
    )
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await catalog.CreateProduct(
            pb.CreateProductRequest(product=bad, request_id="not-a-uuid"), metadata=admin.metadata
        )
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert {"product.display_name", "request_id"} <= field_violations(error.value)
    missing = product_pb2.Product(sku=sku, category=category)
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await catalog.CreateProduct(pb.CreateProductRequest(product=missing), metadata=admin.metadata)
    assert field_violations(error.value) == {"product.display_name", "product.price"}
    assert await _count_products(infrastructure, "sku = $1", sku) == 0


async def test_a_product_in_an_unknown_category_is_invalid(catalog, admin):
    product = product_pb2.Product(sku="IT-ORPHAN", display_name="Orphan", category="categories/nowhere", price=_usd(1))
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await catalog.CreateProduct(pb.CreateProductRequest(product=product), metadata=admin.metadata)
    assert field_violations(error.value) == {"product.category"}


async def test_an_update_changes_only_the_masked_fields(catalog, admin, category):
    created = await _create(catalog, admin, category, name="Before")
    change = product_pb2.Product(
        name=created.name, display_name="After", description="ignored", price=_usd(99), etag=created.etag
    )
    updated = (
        await catalog.UpdateProduct(
            pb.UpdateProductRequest(
                product=change, update_mask=field_mask_pb2.FieldMask(paths=["display_name", "price"])
            ),
            metadata=admin.metadata,
        )
    ).product
    assert (updated.display_name, updated.price.units) == ("After", 99)
    assert updated.description == created.description
    assert updated.etag != created.etag
    assert updated.update_time.ToDatetime() > created.update_time.ToDatetime()


async def test_a_stale_etag_is_aborted_and_changes_nothing(catalog, admin, category):
    created = await _create(catalog, admin, category, name="Original")
    mask = field_mask_pb2.FieldMask(paths=["display_name"])
    await catalog.UpdateProduct(
        pb.UpdateProductRequest(
            product=product_pb2.Product(name=created.name, display_name="First", etag=created.etag), update_mask=mask
        ),
        metadata=admin.metadata,
    )
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await catalog.UpdateProduct(
            pb.UpdateProductRequest(
                product=product_pb2.Product(name=created.name, display_name="Second", etag=created.etag),
                update_mask=mask,
            ),
            metadata=admin.metadata,
        )
    assert error.value.code() == grpc.StatusCode.ABORTED
    assert (await catalog.GetProduct(pb.GetProductRequest(name=created.name))).product.display_name == "First"


async def test_an_unknown_update_mask_path_is_invalid(catalog, admin, category):
    created = await _create(catalog, admin, category)
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await catalog.UpdateProduct(
            pb.UpdateProductRequest(
                product=product_pb2.Product(name=created.name, sku="NEW-SKU"),
                update_mask=field_mask_pb2.FieldMask(paths=["sku"]),
            ),
            metadata=admin.metadata,
        )
    assert field_violations(error.value) == {"update_mask"}


async def test_archived_products_leave_listings_but_still_resolve_by_name(catalog, admin, category):
    created = await _create(catalog, admin, category)
    archived = (
        await catalog.ArchiveProduct(pb.ArchiveProductRequest(name=created.name), metadata=admin.metadata)
    ).product
    assert archived.state == product_pb2.Product.STATE_ARCHIVED
    listed = await catalog.ListProducts(pb.ListProductsRequest(category=category, page_size=100))
    assert created.name not in {p.name for p in listed.products}
    assert (await catalog.GetProduct(pb.GetProductRequest(name=created.name))).product.state == archived.state


async def test_only_archived_products_can_be_deleted(catalog, admin, category):
    created = await _create(catalog, admin, category)
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await catalog.DeleteProduct(pb.DeleteProductRequest(name=created.name), metadata=admin.metadata)
    assert error.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert "PreconditionFailure" in details_of(error.value)
    await catalog.ArchiveProduct(pb.ArchiveProductRequest(name=created.name), metadata=admin.metadata)
    await catalog.DeleteProduct(pb.DeleteProductRequest(name=created.name), metadata=admin.metadata)
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await catalog.GetProduct(pb.GetProductRequest(name=created.name))
    assert error.value.code() == grpc.StatusCode.NOT_FOUND
    assert details_of(error.value)["ResourceInfo"].resource_name == created.name


async def test_paging_by_price_returns_every_product_once_in_order(catalog, admin):
    category_id = f"it-page-{uuid.uuid4().hex[:8]}"
    await catalog.CreateCategory(
        pb.CreateCategoryRequest(category_id=category_id, category=product_pb2.Category(display_name="Paging")),
        metadata=admin.metadata,
    )
    category = f"categories/{category_id}"
    prices = [7, 3, 3, 9, 1, 5, 3, 8]
    created = {(await _create(catalog, admin, category, price=_usd(p))).name for p in prices}
    seen, token = [], ""
    while True:
        page = await catalog.ListProducts(
            pb.ListProductsRequest(category=category, order_by="price desc", page_size=3, page_token=token)
        )
        assert len(page.products) <= 3
        seen += list(page.products)
        token = page.next_page_token
        if not token:
            break
    assert {p.name for p in seen} == created
    assert len(seen) == len(created)
    assert [p.price.units for p in seen] == sorted(prices, reverse=True)


async def test_a_page_token_cannot_be_reused_with_another_order(catalog, category, admin):
    for _ in range(3):
        await _create(catalog, admin, category)
    page = await catalog.ListProducts(pb.ListProductsRequest(category=category, page_size=1))
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await catalog.ListProducts(
            pb.ListProductsRequest(category=category, page_size=1, order_by="price", page_token=page.next_page_token)
        )
    assert field_violations(error.value) == {"page_token"}


async def test_batch_get_keeps_the_order_asked_and_fails_whole_on_an_unknown_name(catalog, admin, category):
    a, b = await _create(catalog, admin, category), await _create(catalog, admin, category)
    got = await catalog.BatchGetProducts(pb.BatchGetProductsRequest(names=[b.name, a.name]))
    assert [p.name for p in got.products] == [b.name, a.name]
    missing = f"products/{uuid.uuid4()}"
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await catalog.BatchGetProducts(pb.BatchGetProductsRequest(names=[a.name, missing]))
    assert error.value.code() == grpc.StatusCode.NOT_FOUND
    assert details_of(error.value)["ResourceInfo"].resource_name == missing


async def test_categories_are_listed_and_a_taken_id_is_already_exists(catalog, admin, category):
    listed = await catalog.ListCategories(pb.ListCategoriesRequest(page_size=100))
    assert category in {c.name for c in listed.categories}
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await catalog.CreateCategory(
            pb.CreateCategoryRequest(
                category_id=category.removeprefix("categories/"), category=product_pb2.Category(display_name="Again")
            ),
            metadata=admin.metadata,
        )
    assert error.value.code() == grpc.StatusCode.ALREADY_EXISTS


# Product reads come from memory (services/catalog/adapters/product_cache.py), yet every replica serves a
# change as soon as it is committed, whoever made it.


async def _display_name(catalog, name: str) -> str:
    return (await catalog.GetProduct(pb.GetProductRequest(name=name))).product.display_name


async def test_a_second_replica_serves_an_update_made_through_the_first(
    catalog, admin, category, infrastructure, identity_host
):
    created = await _create(catalog, admin, category, name="Before")
    async with (
        running_catalog(infrastructure, identity_host) as second_host,
        grpc.aio.insecure_channel(f"127.0.0.1:{second_host.port}") as channel,
    ):
        second = catalog_service_pb2_grpc.CatalogServiceStub(channel)
        assert await _display_name(second, created.name) == "Before"  # now in the second replica's memory
        updated = (
            await catalog.UpdateProduct(
                pb.UpdateProductRequest(
                    product=product_pb2.Product(name=created.name, display_name="After", etag=created.etag),
                    update_mask=field_mask_pb2.FieldMask(paths=["display_name"]),
                ),
                metadata=admin.metadata,
            )
        ).product
        # the replica that wrote serves its own write at once
        assert await _display_name(catalog, created.name) == "After"

        async def second_serves_the_update() -> bool:
            batch = await second.BatchGetProducts(pb.BatchGetProductsRequest(names=[created.name]))
            return await _display_name(second, created.name) == "After" and list(batch.products) == [updated]

        await eventually(second_serves_the_update, timeout=2.0)


async def test_a_change_made_straight_in_the_database_is_served(catalog, admin, category, infrastructure):
    created = await _create(catalog, admin, category, name="Before")
    assert await _display_name(catalog, created.name) == "Before"
    await _sql(
        infrastructure,
        "UPDATE products SET display_name = 'Fixed by hand', version = version + 1 WHERE id = $1",
        uuid.UUID(created.name.removeprefix("products/")),
    )
    await eventually(lambda: _is(catalog, created.name, "Fixed by hand"), timeout=2.0)


async def test_a_change_made_while_the_cache_had_lost_its_notifications_is_served(
    catalog, admin, category, infrastructure
):
    created = await _create(catalog, admin, category, name="Before")
    assert await _display_name(catalog, created.name) == "Before"
    terminated = await _sql(
        infrastructure,
        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
        "WHERE application_name = $1 AND datname = 'catalog_it'",
        APPLICATION_NAME,
    )
    assert terminated >= 1
    # its NOTIFY most likely reaches no one: the listening connection is gone
    await _sql(
        infrastructure,
        "UPDATE products SET display_name = 'Changed unheard', version = version + 1 WHERE id = $1",
        uuid.UUID(created.name.removeprefix("products/")),
    )
    await eventually(lambda: _is(catalog, created.name, "Changed unheard"), timeout=3.0)

    async def listening_again() -> bool:
        count = await _sql(
            infrastructure,
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1 AND datname = 'catalog_it'",
            APPLICATION_NAME,
        )
        return bool(count)

    await eventually(listening_again, timeout=5.0)
    await _sql(
        infrastructure,
        "UPDATE products SET display_name = 'Heard again', version = version + 1 WHERE id = $1",
        uuid.UUID(created.name.removeprefix("products/")),
    )
    await eventually(lambda: _is(catalog, created.name, "Heard again"), timeout=2.0)


async def _is(catalog, name: str, display_name: str) -> bool:
    return await _display_name(catalog, name) == display_name
