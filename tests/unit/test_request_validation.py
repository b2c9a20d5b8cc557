"""protovalidate rules of the contracts become INVALID_ARGUMENT field violations with dotted paths."""

import pytest

from services.runtime import validation
from services.runtime.errors import InvalidArgument
from shop.catalog.v1 import catalog_service_pb2, product_pb2
from shop.identity.v1 import identity_service_pb2


def _violations(request) -> dict[str, str]:
    with pytest.raises(InvalidArgument) as error:
        validation.check(request)
    return {v.field: v.description for v in error.value.violations}


def test_negative_and_oversized_page_sizes_are_rejected():
    assert "page_size" in _violations(catalog_service_pb2.ListProductsRequest(page_size=-1))
    assert "page_size" in _violations(catalog_service_pb2.ListProductsRequest(page_size=101))


def test_registration_reports_every_bad_field_at_once():
    violations = _violations(identity_service_pb2.RegisterUserRequest(email="not-an-email", password="short"))
    assert set(violations) == {"email", "password", "display_name"}


def test_nested_fields_carry_their_full_path_with_index_and_key():
    request = catalog_service_pb2.CreateProductRequest(
        product=product_pb2.Product(
            sku="lower-case", image_uris=["https://ok.example/a.jpg", "not a uri"], attributes={"": "empty key"}
        ),
    )
    violations = _violations(request)
    assert "product.sku" in violations
    assert "product.image_uris[1]" in violations
    assert "product.attributes['']" in violations


def test_oversized_strings_are_rejected():
    request = catalog_service_pb2.CreateProductRequest(
        product=product_pb2.Product(sku="SKU-1", display_name="x" * 201, description="y" * 5001)
    )
    assert {"product.display_name", "product.description"} <= set(_violations(request))


def test_a_valid_request_passes():
    validation.check(catalog_service_pb2.GetProductRequest(name="products/4b1c"))


def test_messages_read_as_english():
    violations = _violations(identity_service_pb2.LoginRequest(email="", password="x"))
    assert violations["email"] == "must be at least 1 character"


def test_a_rule_relating_several_fields_is_reported_for_the_whole_request():
    from shop.orders.v1 import orders_service_pb2
    from shop.payments.v1 import payment_pb2
    from shop.shipping.v1 import shipment_pb2

    card = payment_pb2.Card(number="4242424242424242", exp_month=12, exp_year=2031, cvc="123")
    address = shipment_pb2.Address(recipient="A", line1="1 Main", city="X", postal_code="12345", country_code="US")
    request_id = "6f1b5d1e-8a0f-4c39-9d37-0b7d0b6f3a10"
    neither = orders_service_pb2.CheckoutRequest(request_id=request_id, card=card)
    both = orders_service_pb2.CheckoutRequest(
        request_id=request_id, card=card, shipping_address=address, saved_address="users/me/addresses/default"
    )
    for request in (neither, both):
        assert _violations(request) == {"": "give exactly one of shipping_address and saved_address"}
    validation.check(orders_service_pb2.CheckoutRequest(request_id=request_id, card=card, shipping_address=address))
    validation.check(
        orders_service_pb2.CheckoutRequest(request_id=request_id, card=card, saved_address="users/me/addresses/default")
    )


@pytest.mark.parametrize(
    "address", ["data:image/png;base64,iVBORw0KGgo=", "http://images.example/a.jpg", "ftp://images.example/a.jpg"]
)
def test_a_picture_address_that_is_not_https_is_refused_on_products_and_variants(address):
    product = catalog_service_pb2.CreateProductRequest(product=product_pb2.Product(sku="SKU-1", image_uris=[address]))
    assert "product.image_uris[0]" in _violations(product)
    variant = catalog_service_pb2.CreateProductVariantRequest(
        parent="products/p1", variant=product_pb2.ProductVariant(sku="SKU-2", image_uris=[address])
    )
    assert "variant.image_uris[0]" in _violations(variant)


def test_a_variant_barcode_is_a_gtin_and_its_sizes_are_not_negative():
    variant = product_pb2.ProductVariant(
        sku="SKU-2", barcode="12345", weight_grams=-1, dimensions=product_pb2.Dimensions(length_mm=-3)
    )
    violations = _violations(catalog_service_pb2.CreateProductVariantRequest(parent="products/p1", variant=variant))
    assert {"variant.barcode", "variant.weight_grams", "variant.dimensions.length_mm"} <= set(violations)


def _request_types():
    import importlib
    from pathlib import Path

    generated = Path(__file__).resolve().parents[2] / "gen"
    for path in sorted((generated / "shop").rglob("*_service_pb2.py")):
        module = importlib.import_module(".".join(path.relative_to(generated).with_suffix("").parts))
        for service in module.DESCRIPTOR.services_by_name.values():
            for method in service.methods:
                yield method.input_type


def test_a_request_type_the_pipeline_skips_has_nothing_protovalidate_would_refuse():
    """The pipeline validates only request types with rules (decided once per method): every request type that
    protovalidate refuses empty, or with one of its message fields set empty, is one it validates."""
    from google.protobuf import message_factory

    types = list(_request_types())
    assert len(types) > 100
    skipped = [t for t in types if not validation.has_rules(t)]
    assert skipped, "the contracts have requests without rules (list methods without parameters)"
    for descriptor in types:
        request = message_factory.GetMessageClass(descriptor)()
        for field in descriptor.fields:
            if field.message_type is not None and not field.is_repeated:
                getattr(request, field.name).SetInParent()
        try:
            validation.check(request)
        except InvalidArgument:
            assert validation.has_rules(descriptor), descriptor.full_name
