"""Options and variants in the real catalog: what admins build, what shoppers read, what is refused."""

import asyncio
import uuid

import grpc
import pytest
from google.protobuf import field_mask_pb2
from google.type import money_pb2

from shop.catalog.v1 import catalog_service_pb2 as pb
from shop.catalog.v1 import product_pb2
from tests.integration.test_catalog_service import _create, _sql, category  # noqa: F401  (the session's category)
from tests.rich_errors import details_of, field_violations

SIZE = product_pb2.ProductOption(name="Size", values=["S", "M", "L"])
COLOUR = product_pb2.ProductOption(name="Colour", values=["Black", "Sand"])


def _values(**values: str) -> list[product_pb2.OptionValue]:
    return [product_pb2.OptionValue(option=option, value=value) for option, value in values.items()]


def _reason(error: grpc.aio.AioRpcError) -> str:
    return details_of(error)["ErrorInfo"].reason  # type: ignore[attr-defined]


async def _with_options(catalog, admin, category, *options):  # noqa: F811
    product = await _create(catalog, admin, category, name="Tee")
    response = await catalog.UpdateProduct(
        pb.UpdateProductRequest(
            product=product_pb2.Product(name=product.name, options=list(options)),
            update_mask=field_mask_pb2.FieldMask(paths=["options"]),
        ),
        metadata=admin.metadata,
    )
    return response.product


async def _refused(call, code: grpc.StatusCode) -> grpc.aio.AioRpcError:
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await call
    assert error.value.code() == code, error.value.details()
    return error.value


async def test_a_product_made_without_variants_has_one_with_its_sku(catalog, admin, category):  # noqa: F811
    product = await _create(catalog, admin, category)
    assert [(v.sku, list(v.option_values), v.state) for v in product.variants] == [
        (product.sku, [], product_pb2.ProductVariant.STATE_ACTIVE)
    ]
    assert product.variants[0].price == product.price
    assert not product.variants[0].own_price


async def test_options_added_to_a_product_give_its_variant_their_first_values(catalog, admin, category):  # noqa: F811
    product = await _with_options(catalog, admin, category, SIZE, COLOUR)
    assert [(o.name, list(o.values)) for o in product.options] == [
        ("Size", ["S", "M", "L"]),
        ("Colour", ["Black", "Sand"]),
    ]
    assert [(v.option, v.value) for v in product.variants[0].option_values] == [("Size", "S"), ("Colour", "Black")]


async def test_generating_the_matrix_adds_every_missing_combination_once(catalog, admin, category):  # noqa: F811
    product = await _with_options(catalog, admin, category, SIZE, COLOUR)
    generated = (
        await catalog.GenerateProductVariants(
            pb.GenerateProductVariantsRequest(product=product.name), metadata=admin.metadata
        )
    ).product
    combos = {tuple((v.option, v.value) for v in variant.option_values) for variant in generated.variants}
    assert len(generated.variants) == len(combos) == 6
    assert {variant.sku for variant in generated.variants if variant.sku != product.sku} == {
        f"{product.sku}-{size}-{colour}" for size in "SML" for colour in ("BLACK", "SAND")
    } - {f"{product.sku}-S-BLACK"}
    again = (
        await catalog.GenerateProductVariants(
            pb.GenerateProductVariantsRequest(product=product.name), metadata=admin.metadata
        )
    ).product
    assert len(again.variants) == 6
    assert (await catalog.GetProduct(pb.GetProductRequest(name=product.name))).product == again  # readers see it


async def test_a_variant_has_its_own_sku_price_weight_size_barcode_and_pictures(catalog, admin, category):  # noqa: F811
    product = await _with_options(catalog, admin, category, SIZE)
    created = (
        await catalog.CreateProductVariant(
            pb.CreateProductVariantRequest(
                parent=product.name,
                request_id=str(uuid.uuid4()),
                variant=product_pb2.ProductVariant(
                    sku=f"{product.sku}-XL",
                    option_values=_values(size="l"),  # as the shop spells it, whatever the case
                    price=money_pb2.Money(currency_code="USD", units=12, nanos=500_000_000),
                    weight_grams=210,
                    dimensions=product_pb2.Dimensions(length_mm=300, width_mm=200, height_mm=20),
                    barcode="4006381333931",
                    image_uris=["https://img.example/tee-l.jpg"],
                ),
            ),
            metadata=admin.metadata,
        )
    ).variant
    assert [(v.option, v.value) for v in created.option_values] == [("Size", "L")]
    assert (created.price.units, created.price.nanos, created.own_price) == (12, 500_000_000, True)
    assert (created.weight_grams, created.dimensions.length_mm, created.barcode) == (210, 300, "4006381333931")
    read = (await catalog.GetProductVariant(pb.GetProductVariantRequest(name=created.name))).variant
    assert read == created
    product_now = (await catalog.GetProduct(pb.GetProductRequest(name=product.name))).product
    assert product_now.etag != product.etag  # a variant change is a change of its product
    assert created in product_now.variants


async def test_a_retried_create_with_the_same_request_id_makes_one_variant(catalog, admin, category):  # noqa: F811
    product = await _with_options(catalog, admin, category, SIZE)
    request = pb.CreateProductVariantRequest(
        parent=product.name,
        request_id=str(uuid.uuid4()),
        variant=product_pb2.ProductVariant(sku=f"{product.sku}-M", option_values=_values(Size="M")),
    )
    first, second = await asyncio.gather(
        catalog.CreateProductVariant(request, metadata=admin.metadata),
        catalog.CreateProductVariant(request, metadata=admin.metadata),
        return_exceptions=True,
    )
    made = [r.variant.name for r in (first, second) if not isinstance(r, BaseException)]
    assert made
    assert len(set(made)) == 1
    product_now = (await catalog.GetProduct(pb.GetProductRequest(name=product.name))).product
    assert len(product_now.variants) == 2


async def test_bad_variants_are_refused_and_nothing_is_written(catalog, admin, category, infrastructure):  # noqa: F811
    product = await _with_options(catalog, admin, category, SIZE, COLOUR)
    other = await _create(catalog, admin, category)

    def create(sku: str, **values: str):
        variant = product_pb2.ProductVariant(sku=sku, option_values=_values(**values))
        return catalog.CreateProductVariant(
            pb.CreateProductVariantRequest(parent=product.name, variant=variant), metadata=admin.metadata
        )

    taken = await _refused(create(f"{product.sku}-X", Size="S", Colour="Black"), grpc.StatusCode.ALREADY_EXISTS)
    assert _reason(taken) == "VARIANT_COMBINATION_TAKEN"
    sku_taken = await _refused(create(other.sku, Size="M", Colour="Sand"), grpc.StatusCode.ALREADY_EXISTS)
    assert _reason(sku_taken) == "SKU_TAKEN"
    missing = await _refused(create(f"{product.sku}-Y", Size="M"), grpc.StatusCode.INVALID_ARGUMENT)
    assert "variant.option_values" in field_violations(missing)
    unknown = await _refused(create(f"{product.sku}-Z", Size="XXL", Colour="Sand"), grpc.StatusCode.INVALID_ARGUMENT)
    assert "variant.option_values[0].value" in field_violations(unknown)
    euro = product_pb2.ProductVariant(
        sku=f"{product.sku}-E",
        option_values=_values(Size="M", Colour="Sand"),
        price=money_pb2.Money(currency_code="EUR", units=9),
    )
    await _refused(
        catalog.CreateProductVariant(
            pb.CreateProductVariantRequest(parent=product.name, variant=euro), metadata=admin.metadata
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    plain = product_pb2.ProductVariant(
        sku=f"{product.sku}-H", option_values=_values(Size="M", Colour="Sand"), image_uris=["http://img.example/1.jpg"]
    )
    await _refused(
        catalog.CreateProductVariant(
            pb.CreateProductVariantRequest(parent=product.name, variant=plain), metadata=admin.metadata
        ),
        grpc.StatusCode.INVALID_ARGUMENT,
    )
    count = await _sql(
        infrastructure,
        "SELECT count(*) FROM product_variants WHERE product_id = $1",
        uuid.UUID(product.name.split("/")[1]),
    )
    assert count == 1


async def test_an_option_value_active_variants_use_cannot_be_removed(catalog, admin, category):  # noqa: F811
    product = await _with_options(catalog, admin, category, SIZE)
    product = (
        await catalog.GenerateProductVariants(
            pb.GenerateProductVariantsRequest(product=product.name), metadata=admin.metadata
        )
    ).product
    smaller = product_pb2.Product(
        name=product.name, options=[product_pb2.ProductOption(name="Size", values=["S", "M"])]
    )
    mask = field_mask_pb2.FieldMask(paths=["options"])
    refused = await _refused(
        catalog.UpdateProduct(pb.UpdateProductRequest(product=smaller, update_mask=mask), metadata=admin.metadata),
        grpc.StatusCode.FAILED_PRECONDITION,
    )
    assert _reason(refused) == "OPTION_IN_USE"
    large = next(v for v in product.variants if v.option_values[0].value == "L")
    await catalog.ArchiveProductVariant(pb.ArchiveProductVariantRequest(name=large.name), metadata=admin.metadata)
    updated = (
        await catalog.UpdateProduct(pb.UpdateProductRequest(product=smaller, update_mask=mask), metadata=admin.metadata)
    ).product
    assert [list(o.values) for o in updated.options] == [["S", "M"]]
    archived = next(v for v in updated.variants if v.name == large.name)
    assert archived.state == product_pb2.ProductVariant.STATE_ARCHIVED  # kept, for the orders that name it


async def test_archiving_frees_a_combination_but_not_the_last_variant(catalog, admin, category):  # noqa: F811
    product = await _with_options(catalog, admin, category, SIZE)
    only = product.variants[0]
    refused = await _refused(
        catalog.ArchiveProductVariant(pb.ArchiveProductVariantRequest(name=only.name), metadata=admin.metadata),
        grpc.StatusCode.FAILED_PRECONDITION,
    )
    assert _reason(refused) == "LAST_VARIANT"
    twin = product_pb2.ProductVariant(sku=f"{product.sku}-M", option_values=_values(Size="M"))
    made = (
        await catalog.CreateProductVariant(
            pb.CreateProductVariantRequest(parent=product.name, variant=twin), metadata=admin.metadata
        )
    ).variant
    await catalog.ArchiveProductVariant(
        pb.ArchiveProductVariantRequest(name=only.name, etag=only.etag), metadata=admin.metadata
    )
    again = product_pb2.ProductVariant(sku=f"{product.sku}-S2", option_values=_values(Size="S"))
    reborn = (
        await catalog.CreateProductVariant(
            pb.CreateProductVariantRequest(parent=product.name, variant=again), metadata=admin.metadata
        )
    ).variant
    assert [(v.option, v.value) for v in reborn.option_values] == [("Size", "S")]
    stale = await _refused(
        catalog.UpdateProductVariant(
            pb.UpdateProductVariantRequest(
                variant=product_pb2.ProductVariant(name=made.name, weight_grams=5, etag=only.etag),
                update_mask=field_mask_pb2.FieldMask(paths=["weight_grams"]),
            ),
            metadata=admin.metadata,
        ),
        grpc.StatusCode.ABORTED,
    )
    assert _reason(stale) == "ETAG_MISMATCH"


async def test_a_variant_of_another_product_or_none_is_not_found(catalog, admin, category):  # noqa: F811
    product = await _create(catalog, admin, category)
    other = await _create(catalog, admin, category)
    foreign = other.variants[0].name.replace(other.name, product.name)
    await _refused(catalog.GetProductVariant(pb.GetProductVariantRequest(name=foreign)), grpc.StatusCode.NOT_FOUND)
    await _refused(
        catalog.GetProductVariant(pb.GetProductVariantRequest(name=f"{product.name}/variants/nope")),
        grpc.StatusCode.NOT_FOUND,
    )
