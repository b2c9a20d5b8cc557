"""Native gRPC, directly to a service and through the same Envoy listener, plus the operator tools."""

import json
import subprocess

import grpc
import pytest
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase

from scripts.mesh import ROOT, Profile, services
from services.runtime import mesh_reflection
from shop.catalog.v1 import catalog_service_pb2 as pb
from shop.catalog.v1 import catalog_service_pb2_grpc, product_pb2
from shop.identity.v1 import identity_service_pb2 as identity_pb
from shop.identity.v1 import identity_service_pb2_grpc
from tests.e2e.conftest import RestUser
from tests.rich_errors import details_of

GRPCURL = ROOT / ".tools" / "bin" / "grpcurl"
CONTRACTS, _ = mesh_reflection.load(mesh_reflection.DEFAULT_DESCRIPTORS)  # every contract, as make gen built it


def _grpcurl(*args: str) -> str:
    result = subprocess.run([GRPCURL, "-plaintext", *args], capture_output=True, text=True, timeout=20)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_grpcurl_lists_catalog_health_and_reflection(mesh: Profile):
    listed = set(_grpcurl(mesh.target("catalog"), "list").split())
    assert listed == {
        "shop.catalog.v1.CatalogService",
        "grpc.health.v1.Health",
        "grpc.reflection.v1alpha.ServerReflection",
    }


def test_grpcurl_health_check_says_serving(mesh: Profile):
    assert json.loads(_grpcurl(mesh.target("identity"), "grpc.health.v1.Health/Check"))["status"] == "SERVING"


def test_grpcurl_calls_a_method_by_reflection(mesh: Profile):
    page = json.loads(
        _grpcurl("-d", '{"page_size": 2}', mesh.target("catalog"), "shop.catalog.v1.CatalogService/ListProducts")
    )
    assert len(page["products"]) == 2


def test_grpcurl_through_the_gateway_lists_describes_and_calls_every_service_with_no_flags(
    mesh: Profile, customer: RestUser
):
    gateway = f"localhost:{mesh.ports['envoy']}"
    listed = set(_grpcurl(gateway, "list").split())
    assert {f"shop.{s.name}.v1.{s.grpc_services[0].rsplit('.', 1)[1]}" for s in services()} <= listed
    described = _grpcurl(gateway, "describe", "shop.orders.v1.OrdersService")
    assert "rpc Checkout ( .shop.orders.v1.CheckoutRequest )" in described
    assert "message User {" in _grpcurl(gateway, "describe", "shop.identity.v1.User")
    # The README's example, as written there.
    me = json.loads(
        _grpcurl(
            "-H", f"authorization: Bearer {customer.token}", "-d", '{"name": "users/me"}',
            gateway, "shop.identity.v1.IdentityService/GetUser",
        )
    )  # fmt: skip
    assert me["user"]["email"] == customer.email
    page = json.loads(_grpcurl("-d", '{"page_size": 2}', gateway, "shop.catalog.v1.CatalogService/ListProducts"))
    assert len(page["products"]) == 2


def _symbols(service_name: str) -> list[str]:
    """The service, each method, and each method's request and response message."""
    service = CONTRACTS.FindServiceByName(service_name)
    symbols = [service.full_name]
    for method in service.methods:
        symbols += [method.full_name, method.input_type.full_name, method.output_type.full_name]
    return symbols


def _unresolved(target: str, symbols: list[str]) -> list[str]:
    """The symbols reflection at ``target`` cannot place in a file."""
    missing = []
    with grpc.insecure_channel(target) as channel:
        reflected = ProtoReflectionDescriptorDatabase(channel)
        for symbol in symbols:
            try:
                reflected.FindFileContainingSymbol(symbol)
            except KeyError:
                missing.append(symbol)
    return missing


def test_reflection_knows_every_method_and_message_through_the_gateway_and_on_each_service(mesh: Profile):
    every = [symbol for service in services() for name in service.grpc_services for symbol in _symbols(name)]
    assert _unresolved(f"localhost:{mesh.ports['envoy']}", every) == []
    for service in services():
        own = [symbol for name in service.grpc_services for symbol in _symbols(name)]
        assert _unresolved(mesh.target(service.name), own) == [], service.name
    # An operator's question, as they type it.
    described = _grpcurl(
        f"localhost:{mesh.ports['envoy']}", "describe", "shop.reviews.v1.ReviewsService.ModerateReview"
    )
    assert "rpc ModerateReview ( .shop.reviews.v1.ModerateReviewRequest )" in described


async def test_grpc_through_envoy_reads_anonymously_and_needs_a_token_to_write(mesh: Profile):
    gateway = f"127.0.0.1:{mesh.ports['envoy']}"
    async with grpc.aio.insecure_channel(gateway) as channel:
        catalog = catalog_service_pb2_grpc.CatalogServiceStub(channel)
        page = await catalog.ListProducts(pb.ListProductsRequest(page_size=3))
        assert len(page.products) == 3
        got = await catalog.GetProduct(pb.GetProductRequest(name=page.products[0].name))
        assert got.product == page.products[0]
        product = product_pb2.Product(sku="GRPC-NOPE", display_name="No", category="categories/kitchen")
        with pytest.raises(grpc.aio.AioRpcError) as error:
            await catalog.CreateProduct(pb.CreateProductRequest(product=product))
        assert error.value.code() == grpc.StatusCode.UNAUTHENTICATED

        identity = identity_service_pb2_grpc.IdentityServiceStub(channel)
        session = await identity.Login(identity_pb.LoginRequest(email=mesh.admin_email, password=mesh.admin_password))
        metadata = (("authorization", f"Bearer {session.access_token}"),)
        with pytest.raises(grpc.aio.AioRpcError) as error:
            await catalog.CreateProduct(pb.CreateProductRequest(product=product), metadata=metadata)
        # Past the gateway's JWT check: the service's own validation answers, with its details intact.
        assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        assert "BadRequest" in details_of(error.value)


async def test_grpc_directly_to_the_service_gives_rich_errors(mesh: Profile):
    async with grpc.aio.insecure_channel(mesh.target("catalog")) as channel:
        catalog = catalog_service_pb2_grpc.CatalogServiceStub(channel)
        with pytest.raises(grpc.aio.AioRpcError) as error:
            await catalog.GetProduct(pb.GetProductRequest(name="products/does-not-exist"))
        assert error.value.code() == grpc.StatusCode.NOT_FOUND
        details = details_of(error.value)
        assert details["ErrorInfo"].domain == "catalog.shopmesh.dev"
        assert details["ResourceInfo"].resource_name == "products/does-not-exist"
