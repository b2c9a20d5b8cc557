"""The Envoy gateway config: valid for the real Envoy, and derived from the contracts."""

import re
import subprocess

import yaml
from google.protobuf import descriptor_pool
from google.protobuf.descriptor_pb2 import MethodOptions

from scripts.gateway_config import COMMITTED, Placement, _method_access, render
from scripts.mesh import ROOT, Profile, services
from shop.auth.v1 import access_pb2


def _http_filters(config):
    manager = config["static_resources"]["listeners"][0]["filter_chains"][0]["filters"][0]["typed_config"]
    return {f["name"]: f.get("typed_config") for f in manager["http_filters"]}, manager


def test_envoy_accepts_the_committed_config():
    result = subprocess.run(
        [ROOT / ".venv" / "bin" / "envoy", "--mode", "validate", "-c", COMMITTED],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "OK" in result.stdout + result.stderr


def test_envoy_accepts_the_test_profile_config(tmp_path):
    path = tmp_path / "envoy.yaml"
    path.write_text(yaml.safe_dump(render(Placement.local(Profile.named("test")))))
    result = subprocess.run(
        [ROOT / ".venv" / "bin" / "envoy", "--mode", "validate", "-c", path], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


def test_each_replica_of_a_service_is_an_endpoint_of_its_cluster(monkeypatch):
    monkeypatch.setenv("SHOPMESH_REPLICAS", "2,orders=3")
    profile = Profile.named("test")
    clusters = {c["name"]: c for c in render(Placement.local(profile))["static_resources"]["clusters"]}
    for service in services():
        endpoints = clusters[service.name]["load_assignment"]["endpoints"][0]["lb_endpoints"]
        ports = [e["endpoint"]["address"]["socket_address"]["port_value"] for e in endpoints]
        assert ports == [r.port for r in profile.replicas(service.name)]
        assert len(ports) == (3 if service.name == "orders" else 2)
        assert clusters[service.name]["lb_policy"] == "ROUND_ROBIN"


def test_every_service_has_a_health_checked_http2_cluster_and_a_route_per_edge_method():
    config = render(Placement.local(Profile.named("dev")))
    clusters = {c["name"]: c for c in config["static_resources"]["clusters"]}
    _, manager = _http_filters(config)
    paths = {r["match"].get("path"): r for r in manager["route_config"]["virtual_hosts"][0]["routes"]}
    for service in services():
        cluster = clusters[service.name]
        assert cluster["health_checks"][0]["grpc_health_check"]["service_name"] == service.grpc_services[0]
        assert "http2_protocol_options" in str(cluster["typed_extension_protocol_options"])
        for name in service.grpc_services:
            for method, access in _method_access(name).items():
                routed = f"/{name}/{method}" in paths
                assert routed == (access not in (access_pb2.ACCESS_INTERNAL, access_pb2.ACCESS_CREDENTIALS)), (
                    f"{name}/{method}"
                )
                if routed:
                    # Everything to the service's replicas unless a canary's runtime weights say otherwise.
                    weighted = paths[f"/{name}/{method}"]["route"]["weighted_clusters"]
                    assert weighted["runtime_key_prefix"] == "routing"
                    assert [(c["name"], c["weight"]) for c in weighted["clusters"]] == [
                        (service.name, 100),
                        (f"{service.name}-canary", 0),
                    ]
        canary = clusters[f"{service.name}-canary"]
        (endpoint,) = canary["load_assignment"]["endpoints"][0]["lb_endpoints"]
        assert (
            endpoint["endpoint"]["address"]["socket_address"]["port_value"]
            == Profile.named("dev").canary(service.name).port
        )
        assert canary["health_checks"] == cluster["health_checks"]


def test_the_chart_s_gateway_routes_to_each_service_alone():
    """In Kubernetes Istio's VirtualService weights split a canary's traffic; the gateway names one cluster."""
    from scripts.gateway_config import Placement as P

    config = render(
        P.kubernetes(port=8080, admin_port=9901, descriptor="d.binpb", name_prefix="shopmesh-", cache_path="/tmp/c")
    )
    names = {c["name"] for c in config["static_resources"]["clusters"]}
    assert not any(name.endswith("-canary") for name in names)
    _, manager = _http_filters(config)
    routed = [r["route"] for r in manager["route_config"]["virtual_hosts"][0]["routes"] if "route" in r]
    assert all("weighted_clusters" not in route for route in routed)


def test_a_local_gateway_retries_what_the_mesh_retries_and_the_chart_s_gateway_leaves_it_to_the_sidecars():
    """Locally there is no sidecar: the gateway retries methods whose contract says they are safe to repeat
    (NO_SIDE_EFFECTS, IDEMPOTENT) and nothing else. In Kubernetes the sidecars do, so the gateway does not."""
    local = render(Placement.local(Profile.named("dev")))
    _, manager = _http_filters(local)
    routes = {r["match"].get("path"): r for r in manager["route_config"]["virtual_hosts"][0]["routes"]}
    retried = {path for path, r in routes.items() if "retry_policy" in r.get("route", {})}
    assert "/shop.catalog.v1.CatalogService/GetProduct" in retried  # a read
    assert "/shop.orders.v1.OrdersService/Checkout" in retried  # a write that applies once per request_id
    assert "/shop.cart.v1.CartService/AddCartItem" not in retried  # adds again if repeated
    safe = (MethodOptions.NO_SIDE_EFFECTS, MethodOptions.IDEMPOTENT)
    expected = {
        f"/{name}/{method.name}"
        for service in services()
        for name in service.grpc_services
        for method in descriptor_pool.Default().FindServiceByName(name).methods
        if f"/{name}/{method.name}" in routes and method.GetOptions().idempotency_level in safe
    }
    assert retried == expected
    assert routes["/shop.catalog.v1.CatalogService/GetProduct"]["route"]["retry_policy"]["retry_on"] == (
        "unavailable,reset,connect-failure,refused-stream"
    )
    kubernetes = render(
        Placement.kubernetes(
            port=8080, admin_port=9901, descriptor="/d.binpb", name_prefix="shopmesh-", cache_path="/var/cache/envoy"
        )
    )
    _, manager = _http_filters(kubernetes)
    assert not any("retry_policy" in r.get("route", {}) for r in manager["route_config"]["virtual_hosts"][0]["routes"])


def test_jwt_rules_follow_each_methods_declared_access():
    filters, _ = _http_filters(render(Placement.local(Profile.named("dev"))))
    rules = {r["match"]["path"]: r["requires"] for r in filters["envoy.filters.http.jwt_authn"]["rules"]}
    # Public: a missing token is fine, a bad one is not.
    assert "allow_missing" in str(rules["/shop.catalog.v1.CatalogService/GetProduct"])
    assert "allow_missing" in str(rules["/shop.identity.v1.IdentityService/Login"])
    # Everything else needs identity's token.
    assert rules["/shop.catalog.v1.CatalogService/CreateProduct"] == {"provider_name": "identity"}
    assert rules["/shop.identity.v1.IdentityService/GetUser"] == {"provider_name": "identity"}
    # The token is forwarded so services can tell who calls.
    assert filters["envoy.filters.http.jwt_authn"]["providers"]["identity"]["forward"] is True


def test_unknown_rest_routes_are_rejected_not_proxied():
    filters, _ = _http_filters(render(Placement.local(Profile.named("dev"))))
    transcoder = filters["envoy.filters.http.grpc_json_transcoder"]
    assert transcoder["request_validation_options"]["reject_unknown_method"] is True
    assert transcoder["convert_grpc_status"] is True


def test_public_reads_pass_the_cache_and_everything_else_is_marked_private():
    config = render(Placement.local(Profile.named("dev")))
    filters, manager = _http_filters(config)
    names = list(filters)
    # Compression and the conditional (304) step wrap the cache, which comes before the transcoder.
    assert names.index("envoy.filters.http.compressor.gzip") < names.index("envoy.filters.http.lua")
    assert names.index("envoy.filters.http.lua") < names.index("envoy.filters.http.cache")
    assert names.index("envoy.filters.http.cache") < names.index("envoy.filters.http.grpc_json_transcoder")
    routes = {r["match"].get("path"): r for r in manager["route_config"]["virtual_hosts"][0]["routes"]}
    product = routes["/shop.catalog.v1.CatalogService/GetProduct"]["response_headers_to_add"][0]
    assert (product["header"]["value"], product["append_action"]) == ("no-store", "ADD_IF_ABSENT")  # errors only
    for path in ("/shop.cart.v1.CartService/GetCart", "/shop.identity.v1.IdentityService/GetUser"):
        marked = routes[path]["response_headers_to_add"][0]
        assert (marked["header"]["value"], marked["append_action"]) == (
            "private, no-store",
            "OVERWRITE_IF_EXISTS_OR_ADD",
        )
    # What the cache fills goes through the core listener, which has the whole chain but the edge's part.
    core = next(x for x in config["static_resources"]["listeners"] if x["name"] == "gateway_core")
    core_filters = [f["name"] for f in core["filter_chains"][0]["filters"][0]["typed_config"]["http_filters"]]
    assert "envoy.filters.http.grpc_json_transcoder" in core_filters
    assert "envoy.filters.http.ratelimit" in core_filters
    assert "envoy.filters.http.cache" not in core_filters
    assert "envoy.filters.http.lua" not in core_filters
    assert "internal_listener" in core
    assert "address" not in core


def test_a_local_gateway_allows_localhost_origins_or_exactly_the_ones_configured(monkeypatch):
    _, manager = _http_filters(render(Placement.local(Profile.named("dev"))))
    cors = manager["route_config"]["virtual_hosts"][0]["typed_per_filter_config"]["envoy.filters.http.cors"]
    assert "localhost" in cors["allow_origin_string_match"][0]["safe_regex"]["regex"]
    assert cors["allow_credentials"] is False
    monkeypatch.setenv("SHOPMESH_CORS_ORIGINS", "https://shop.example.com, https://admin.example.com/")
    _, manager = _http_filters(render(Placement.local(Profile.named("dev"))))
    cors = manager["route_config"]["virtual_hosts"][0]["typed_per_filter_config"]["envoy.filters.http.cors"]
    assert cors["allow_origin_string_match"] == [
        {"exact": "https://shop.example.com"},
        {"exact": "https://admin.example.com"},
    ]
    assert {"etag", "retry-after", "x-request-id"} <= set(cors["expose_headers"].split(", "))


def _routed(match: dict, path: str, accept: str) -> bool:
    wanted = [h["string_match"]["contains"] for h in match.get("headers", []) if h["name"] == "accept"]
    if wanted and not all(w in accept for w in wanted):
        return False
    if "path" in match:
        return path == match["path"]
    if "prefix" in match:
        return path.startswith(match["prefix"])
    return re.fullmatch(match["safe_regex"]["regex"], path) is not None


def test_a_local_gateway_sends_the_storefront_s_pages_and_files_to_it_and_nothing_else():
    """Pages and their files share the API's origin: after the API's routes, GET and HEAD of the app's pages
    (web/src/pages.json) and built files go to the storefront's file server, past the transcoder and the cache;
    the API's GETs and unknown paths never do."""
    local = render(Placement.local(Profile.named("dev")))
    routes = local["static_resources"]["listeners"][0]["filter_chains"][0]["filters"][0]["typed_config"][
        "route_config"
    ]["virtual_hosts"][0]["routes"]
    web = [i for i, r in enumerate(routes) if r.get("route", {}).get("cluster") == "web"]
    assert web == list(range(web[0], web[-1] + 1))  # one block, before the 404
    storefront = [routes[i] for i in web]
    assert all(r["typed_per_filter_config"]["envoy.filters.http.grpc_json_transcoder"]["disabled"] for r in storefront)

    def to_web(path: str, accept: str = "*/*") -> bool:
        return any(_routed(r["match"], path, accept) for r in storefront)

    for path in ("/", "/products/abc", "/admin", "/admin/products/x", "/assets/index-AbC.js", "/favicon.svg"):
        assert to_web(path), path
    for path in ("/admin/nothing-here", "/shop.catalog.v1.Nope/Get", "/products/a/b", "/.env"):
        assert not to_web(path), path  # an API client's unknown path: the gateway's 404
        assert to_web(path, accept="text/html,application/xhtml+xml"), path  # a browser's: the app's 404 page
    api_gets = [r["match"]["prefix"] for r in routes[: web[0]] if r.get("route", {}).get("cluster") == "gateway_core"]
    assert api_gets == ["/v1/", "/.well-known/"]
    assert routes[web[-1] + 1]["direct_response"]["status"] == 404  # anything else is the gateway's 404
    cluster = next(c for c in local["static_resources"]["clusters"] if c["name"] == "web")
    address = cluster["load_assignment"]["endpoints"][0]["lb_endpoints"][0]["endpoint"]["address"]["socket_address"]
    assert address == {"address": "127.0.0.1", "port_value": Profile.named("dev").ports["web"]}
    # The chart's gateway serves the API alone (the storefront is a local-stack program).
    chart = render(Placement.kubernetes(port=8080, admin_port=9901, descriptor="d", name_prefix="", cache_path="/c"))
    assert "web" not in {c["name"] for c in chart["static_resources"]["clusters"]}
