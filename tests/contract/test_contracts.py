"""The contracts: every RPC says who may call it and how REST reaches it, and buf guards compatibility."""

import shutil
import subprocess
from pathlib import Path

import pytest
from google.api import annotations_pb2
from google.protobuf import descriptor_pb2, descriptor_pool, empty_pb2  # noqa: F401  (empty.proto in the pool)

from scripts.gateway_config import _load_contracts
from scripts.mesh import ROOT, services
from services.runtime.http_caching import cache_policies
from shop.auth.v1 import access_pb2
from shop.edge.v1 import cache_pb2

BUF = ROOT / ".tools" / "bin" / "buf"


def _methods():
    _load_contracts()
    pool = descriptor_pool.Default()
    for service in services():
        for name in service.grpc_services:
            yield from pool.FindServiceByName(name).methods


def test_every_mesh_service_has_a_contract_with_methods():
    methods = list(_methods())
    assert {m.containing_service.full_name for m in methods} == {n for s in services() for n in s.grpc_services}


@pytest.mark.parametrize("method", list(_methods()), ids=lambda m: m.full_name)
def test_every_rpc_declares_its_access_and_public_ones_a_rest_mapping(method):
    """Internal RPCs (saga steps) have no REST mapping, so the edge cannot reach them; every other has one."""
    options = method.GetOptions()
    access = options.Extensions[access_pb2.access]
    assert access != access_pb2.ACCESS_UNSPECIFIED
    has_rule = options.Extensions[annotations_pb2.http].WhichOneof("pattern") is not None
    assert has_rule == (access not in (access_pb2.ACCESS_INTERNAL, access_pb2.ACCESS_CREDENTIALS)), method.full_name


@pytest.mark.parametrize("method", list(_methods()), ids=lambda m: m.full_name)
def test_reads_and_request_id_writes_declare_that_retrying_them_is_safe(method):
    """The mesh retries exactly the RPCs whose ``idempotency_level`` says so (istio/ and helm/ derive it):
    every GET is NO_SIDE_EFFECTS and every write deduplicated by ``request_id`` is IDEMPOTENT."""
    options = method.GetOptions()
    level = options.idempotency_level
    if options.Extensions[annotations_pb2.http].WhichOneof("pattern") == "get":
        assert level == options.NO_SIDE_EFFECTS, method.full_name
    if "request_id" in method.input_type.fields_by_name:
        assert level == options.IDEMPOTENT, method.full_name


def test_the_public_reads_a_cdn_may_keep_declare_how_long_and_nothing_else_does():
    """A cache policy is for public GETs whose answer is the same for every caller (never a cart or a review
    its author may see unapproved), and the storefront's anonymous reads all have one."""
    declared = {
        m.full_name: m.GetOptions().Extensions[cache_pb2.cache]
        for m in _methods()
        if m.GetOptions().HasExtension(cache_pb2.cache)
    }
    for name in declared:
        method = descriptor_pool.Default().FindMethodByName(name)
        assert method.GetOptions().Extensions[access_pb2.access] == access_pb2.ACCESS_PUBLIC, name
        assert method.GetOptions().Extensions[annotations_pb2.http].WhichOneof("pattern") == "get", name
    assert set(declared) == {
        "shop.catalog.v1.CatalogService.GetProduct",
        "shop.catalog.v1.CatalogService.ListProducts",
        "shop.catalog.v1.CatalogService.BatchGetProducts",
        "shop.catalog.v1.CatalogService.GetCategory",
        "shop.catalog.v1.CatalogService.ListCategories",
        "shop.search.v1.SearchService.SearchProducts",
        "shop.search.v1.SearchService.Autocomplete",
        "shop.reviews.v1.ReviewsService.ListReviews",
        "shop.reviews.v1.ReviewsService.GetRatingSummary",
        "shop.recommendations.v1.RecommendationsService.GetProductRecommendations",
        "shop.recommendations.v1.RecommendationsService.ListBestSellers",
        "shop.shipping.v1.ShippingService.ListShippingCountries",
    }
    # Prices may change: what shows a price is fresh within seconds.
    assert all(
        declared[f"shop.catalog.v1.CatalogService.{m}"].max_age_seconds <= 10 for m in ("GetProduct", "ListProducts")
    )


def test_a_cache_policy_on_a_method_that_is_not_public_stops_the_server():
    pool = descriptor_pool.Default()
    proto = descriptor_pb2.FileDescriptorProto(name="tests/leaky.proto", package="tests.leaky", syntax="proto3")
    proto.dependency.extend(["shop/auth/v1/access.proto", "shop/edge/v1/cache.proto", "google/protobuf/empty.proto"])
    method = proto.service.add(name="LeakyService").method.add(
        name="GetMine", input_type=".google.protobuf.Empty", output_type=".google.protobuf.Empty"
    )
    method.options.Extensions[access_pb2.access] = access_pb2.ACCESS_AUTHENTICATED
    method.options.Extensions[cache_pb2.cache].max_age_seconds = 60
    pool.Add(proto)
    with pytest.raises(ValueError, match="not ACCESS_PUBLIC"):
        cache_policies(["tests.leaky.LeakyService"])
    assert (
        cache_policies(["shop.catalog.v1.CatalogService"])["/shop.catalog.v1.CatalogService/GetProduct"].cache_control
        == "public, max-age=10, stale-while-revalidate=50"
    )


def test_buf_breaking_catches_a_removed_field(tmp_path: Path):
    """The breaking check of `make check` really fails on a break (here: a field taken out of Product)."""
    image = tmp_path / "current.binpb"
    subprocess.run([BUF, "build", "-o", image], cwd=ROOT, check=True)
    changed = tmp_path / "repo"
    shutil.copytree(ROOT / "proto", changed / "proto")
    shutil.copytree(ROOT / ".tools" / "protos", changed / "third_party")
    (changed / "buf.yaml").write_text(
        "version: v2\nmodules:\n  - path: proto\n  - path: third_party\nbreaking:\n  use:\n    - FILE\n"
    )
    product = changed / "proto" / "shop" / "catalog" / "v1" / "product.proto"
    text = product.read_text()
    start = text.index("  // Longer text shown on the product page.")
    end = text.index("  // The category, `categories/{category}`.")
    product.write_text(text[:start] + text[end:])
    result = subprocess.run([BUF, "breaking", changed, "--against", image], capture_output=True, text=True)
    assert result.returncode != 0
    assert "description" in result.stdout + result.stderr
