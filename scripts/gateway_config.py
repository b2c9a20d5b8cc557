"""Renders the Envoy gateway config from the services list and the contracts (``make gateway``).

Everything route-specific is derived, so adding a service is a block in ``services/mesh.toml``:
- REST → gRPC transcoding for every service from the descriptor set (``google.api.http`` rules);
  unknown REST routes are 404, never proxied raw;
- one route per method the edge exposes (never ``ACCESS_INTERNAL`` or ``ACCESS_CREDENTIALS`` ones) and one
  health-checked HTTP/2 cluster per service (grpc.health.v1 on its own service name);
- JWT verification with identity's JWKS; each method's requirement comes from its
  ``(shop.auth.v1.access)`` option: public methods accept a missing token but not a bad one;
- per-client rate limits shared by every gateway replica (the global rate limit service, see
  :mod:`scripts.rate_limits`), strict on the methods a service lists (login, registration...), with local
  token buckets as a per-replica backstop; the client address (after the trusted proxies) passed on as
  ``x-client-address``; CORS for browser clients, per deployment (:mod:`scripts.gateway_cors`); local replies
  (401, 404, 429...) as JSON ``google.rpc.Status``;
- public reads answered from the gateway's HTTP cache, conditional requests (304) and compression
  (:mod:`scripts.gateway_http_cache`).

The dev profile's output is committed as ``gateway/envoy.yaml``; ``--check`` fails when it is stale.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from google.protobuf import descriptor_pool
from google.protobuf.descriptor_pb2 import MethodOptions

from scripts.gateway_cors import Cors, chart_policy
from scripts.gateway_http_cache import (
    CORE_CLUSTER,
    INTERNAL_LISTENERS,
    cached_methods,
    core_cluster,
    core_listener,
    edge_filters,
    route_response_headers,
    without_cache,
)
from scripts.gateway_media import MEDIA_CLUSTER, MEDIA_PLACEHOLDERS, media_routes
from scripts.mesh import ROOT, MeshService, Profile, services
from scripts.rate_limits import DOMAIN as RATE_LIMIT_DOMAIN
from scripts.rate_limits import JWT_METADATA, edge_rate_limit, route_rate_limits
from scripts.web_server import page_patterns
from services.runtime.client_address import CLIENT_ADDRESS_HEADER

COMMITTED = ROOT / "gateway" / "envoy.yaml"
JWT_PROVIDER = "identity"
# Local replies (what the gateway answers itself) carry a google.rpc.Status body like the services' errors do:
# HTTP status → (gRPC code, ErrorInfo reason, the sentence a person reads).
GATEWAY_DOMAIN = "gateway.shopmesh.dev"
LOCAL_REPLIES = {
    400: (3, "MALFORMED_REQUEST", "The request could not be read: its JSON is malformed or does not fit this route."),
    401: (16, "AUTHENTICATION_REQUIRED", "This call needs a valid access token (Authorization: Bearer <token>)."),
    403: (7, "TOKEN_NOT_ACCEPTED", "The access token is not accepted for this API."),
    404: (5, "ROUTE_NOT_FOUND", "No such route; the API reference is at /docs."),
    405: (12, "METHOD_NOT_ALLOWED", "This route does not take that HTTP method."),
    413: (8, "REQUEST_TOO_LARGE", "The request body is larger than the gateway accepts (1 MiB)."),
    415: (3, "UNSUPPORTED_MEDIA_TYPE", "The request body must be JSON (application/json)."),
    429: (8, "RATE_LIMITED", "Too many requests from this client; retry after the seconds in Retry-After."),
    431: (8, "HEADERS_TOO_LARGE", "The request headers are larger than the gateway accepts (32 KiB, 64 headers)."),
    503: (14, "SERVICE_UNAVAILABLE", "The service behind this route is unavailable; retry in a moment."),
    504: (4, "UPSTREAM_TIMEOUT", "The service behind this route did not answer in time."),
}
STRICT_BUCKET = {"max_tokens": 20, "tokens_per_fill": 20, "fill_interval": "1s"}
MAX_REQUEST_BYTES = 1 << 20  # a request body over 1 MiB is 413
MAX_REQUEST_HEADERS_KB = 32  # request headers over 32 KiB are 431
DEFAULT_BUCKET = {"max_tokens": 5000, "tokens_per_fill": 5000, "fill_interval": "1s"}
# The storefront's files: a page view is a few requests, and browsers cache the hashed assets for a year.
WEB_BUCKET = {"max_tokens": 1000, "tokens_per_fill": 1000, "fill_interval": "1s"}
WEB_CLUSTER = "web"
RATELIMIT_GRPC_PORT = 8081  # the rate limit service's gRPC port in a pod
REFLECTION_PORT = 50050  # the mesh-wide reflection server, beside Envoy in the gateway's pod
REFLECTION_SERVICES = ("grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection")


@dataclass(frozen=True)
class Placement:
    """Where the gateway runs: a local stack (everything on 127.0.0.1, one port per service) or a
    Kubernetes pod (listening on all interfaces, services found by their DNS names)."""

    listen_address: str
    port: int
    admin_port: int
    descriptor: str
    # Envoy cluster type: STATIC for fixed local addresses, STRICT_DNS for Kubernetes Services.
    cluster_type: str
    # Service → the addresses of its endpoints: each replica of a local stack, or a Kubernetes Service's name.
    upstreams: dict[str, list[tuple[str, int]]]
    # Service → where a local stack's canary of it listens (scripts/canary.py): its routes are weighted between
    # the service's cluster and ``<service>-canary``, 100 to 0 unless the admin port's runtime says otherwise
    # (``routing.<service>``, ``routing.<service>-canary``). In Kubernetes Istio splits the traffic instead.
    canaries: dict[str, tuple[str, int]] | None = None
    # Where the gateway sends its spans (a Zipkin's host and port), when it traces: it is the root of every
    # request's trace, samples all of them, and passes W3C trace context (and B3) to the services.
    zipkin: tuple[str, int] | None = None
    # Files the gateway serves itself: the OpenAPI document (GET /openapi.json) and its reference page
    # (GET /docs), when given.
    openapi: str | None = None
    api_reference: str | None = None
    # The global rate limit service (host, gRPC port) and the client addresses it never limits.
    ratelimit: tuple[str, int] | None = None
    ratelimit_exempt: tuple[str, ...] = ()
    # The mesh-wide reflection server (services/runtime/mesh_reflection.py): grpcurl through the gateway.
    reflection: tuple[str, int] | None = None
    # Proxies in front of the gateway whose X-Forwarded-For entries are believed: the client is the address
    # that many hops from the right (a local stack trusts one, so tests and tools can act as remote clients;
    # in Kubernetes it is the ingress gateway).
    trusted_hops: int = 1
    # Whether the gateway retries what is safe to retry. A local stack has no sidecars, so the gateway does what
    # Istio's VirtualServices do in Kubernetes (helm/.../istio/mtls-and-traffic.yaml): methods whose contract
    # says NO_SIDE_EFFECTS or IDEMPOTENT, on unavailable, reset, connect-failure and refused-stream. In
    # Kubernetes the sidecar retries (retrying at both hops would multiply the attempts).
    retries: bool = False
    # The directory of the gateway's HTTP cache (none: public reads are not cached here).
    cache_path: str | None = None
    # Envoy's CorsPolicy: the origins a browser may call from, and what it may send and read.
    cors: dict[str, Any] | None = None
    # The storefront's files (scripts/web_server.py): every GET that is not the API goes there, so the shop and
    # its API share one origin.
    web: tuple[str, int] | None = None
    # The object store of product images (its S3 API's host and port) and its two buckets: GET /media/<file> reads
    # a rendition from the media bucket (public, immutable); PUT /<uploads bucket>/<key>?X-Amz-... passes an
    # admin's presigned upload through unchanged (the signature covers the host and the path).
    media: tuple[str, int | str] | None = None
    media_bucket: str = "shopmesh-media"
    uploads_bucket: str = "shopmesh-uploads"

    @classmethod
    def local(
        cls,
        profile: Profile,
        *,
        descriptor: str = "gen/descriptors/shopmesh.binpb",
        openapi: str = "gen/openapi/shopmesh.swagger.json",
        api_reference: str = "gen/openapi/index.html",
        cache_path: str | None = None,
    ) -> Placement:
        return cls(
            listen_address="127.0.0.1",
            port=profile.ports["envoy"],
            admin_port=profile.ports["envoy_admin"],
            descriptor=descriptor,
            cluster_type="STATIC",
            upstreams={s.name: [("127.0.0.1", r.port) for r in profile.replicas(s.name)] for s in services()},
            canaries={s.name: ("127.0.0.1", profile.canary(s.name).port) for s in services()},
            zipkin=("127.0.0.1", profile.ports["zipkin"]),
            openapi=openapi,
            api_reference=api_reference,
            ratelimit=("127.0.0.1", profile.ports["ratelimit"]),
            ratelimit_exempt=("127.0.0.1",),
            reflection=("127.0.0.1", profile.ports["reflection"]),
            retries=True,
            cache_path=cache_path or f".run/{profile.name}/gateway-cache",
            cors=Cors.local().policy(),
            web=("127.0.0.1", profile.ports["web"]),
            media=("127.0.0.1", profile.ports["s3"]),
            media_bucket=profile.media_bucket,
            uploads_bucket=profile.uploads_bucket,
        )

    @classmethod
    def kubernetes(
        cls,
        *,
        port: int,
        admin_port: int,
        descriptor: str,
        name_prefix: str,
        cache_path: str,
        openapi: str | None = None,
    ) -> Placement:
        """Services are reached as ``<name_prefix><service>:<port>`` (Services in the gateway's namespace)."""
        return cls(
            listen_address="0.0.0.0",
            port=port,
            admin_port=admin_port,
            descriptor=descriptor,
            cluster_type="STRICT_DNS",
            upstreams={s.name: [(f"{name_prefix}{s.name}", s.port)] for s in services()},
            openapi=openapi,
            ratelimit=(f"{name_prefix}ratelimit", RATELIMIT_GRPC_PORT),
            reflection=("127.0.0.1", REFLECTION_PORT),  # a container of the gateway's pod
            cache_path=cache_path,
            cors=chart_policy(),  # filled from the chart's values
            # The object store and its buckets, filled from the chart's values (templates/gateway.yaml).
            media=(MEDIA_PLACEHOLDERS["host"], MEDIA_PLACEHOLDERS["port"]),
            media_bucket=MEDIA_PLACEHOLDERS["media_bucket"],
            uploads_bucket=MEDIA_PLACEHOLDERS["uploads_bucket"],
        )


def _load_contracts() -> None:
    gen = ROOT / "gen"
    for path in sorted((gen / "shop").rglob("*_pb2.py")):
        importlib.import_module(".".join(path.relative_to(gen).with_suffix("").parts))


def _method_access(grpc_service: str) -> dict[str, int]:
    from shop.auth.v1 import access_pb2

    service = descriptor_pool.Default().FindServiceByName(grpc_service)
    return {m.name: m.GetOptions().Extensions[access_pb2.access] for m in service.methods}


def _retry_safe(grpc_service: str, method: str) -> bool:
    level = descriptor_pool.Default().FindServiceByName(grpc_service).methods_by_name[method].GetOptions()
    return level.idempotency_level in (MethodOptions.NO_SIDE_EFFECTS, MethodOptions.IDEMPOTENT)


# What the mesh's VirtualServices retry (on the same conditions), for a local gateway; one attempt more, since a
# local stack has one replica of each service and no other to fail over to.
RETRY_POLICY = {
    "retry_on": "unavailable,reset,connect-failure,refused-stream",
    "num_retries": 3,
    # Each retry goes to another replica when there is one (a killed or draining replica is skipped at once);
    # the backoff stays short so that an answer the service explained (UNAVAILABLE with RetryInfo: its database
    # or Redis is down) reaches the client within a second instead of after seconds of retries.
    "retry_back_off": {"base_interval": "0.1s", "max_interval": "0.4s"},
    "retry_host_predicate": [
        {
            "name": "envoy.retry_host_predicates.previous_hosts",
            "typed_config": {
                "@type": "type.googleapis.com/envoy.extensions.retry.host.previous_hosts.v3.PreviousHostsPredicate"
            },
        }
    ],
    "host_selection_retry_max_attempts": 3,
}


def _ratelimit(stat_prefix: str, bucket: dict[str, Any]) -> dict[str, Any]:
    return {
        "@type": "type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit",
        "stat_prefix": stat_prefix,
        "token_bucket": bucket,
        "filter_enabled": {
            "default_value": {"numerator": 100, "denominator": "HUNDRED"},
            "runtime_key": f"{stat_prefix}_enabled",
        },
        "filter_enforced": {
            "default_value": {"numerator": 100, "denominator": "HUNDRED"},
            "runtime_key": f"{stat_prefix}_enforced",
        },
        # A refused client learns when to come back: the bucket refills every second.
        "response_headers_to_add": [
            {"header": {"key": "retry-after", "value": "1"}, "append_action": "OVERWRITE_IF_EXISTS_OR_ADD"}
        ],
    }


def _edge_methods(grpc_service: str) -> dict[str, int]:
    """The methods the edge exposes: all but the services' own (saga steps, service tokens)."""
    from shop.auth.v1 import access_pb2

    services_only = (access_pb2.ACCESS_INTERNAL, access_pb2.ACCESS_CREDENTIALS)
    return {m: a for m, a in _method_access(grpc_service).items() if a not in services_only}


def _served_file(path: str, filename: str, content_type: str) -> dict[str, Any]:
    """GET ``path`` answered by the gateway itself with ``filename`` (read when the config loads)."""
    return without_cache(  # nothing to fill the cache from
        {
            "match": {"path": path, "headers": [{"name": ":method", "string_match": {"exact": "GET"}}]},
            "direct_response": {"status": 200, "body": {"filename": filename}},
            "response_headers_to_add": [
                {
                    "header": {"key": "content-type", "value": content_type},
                    "append_action": "OVERWRITE_IF_EXISTS_OR_ADD",
                }
            ],
            # Not a gRPC method: the transcoder would refuse it as unknown.
            "typed_per_filter_config": {
                "envoy.filters.http.grpc_json_transcoder": {
                    "@type": "type.googleapis.com/envoy.config.route.v3.FilterConfig",
                    "disabled": True,
                }
            },
        }
    )


def storefront_paths() -> list[dict[str, Any]]:
    """Route matches of the storefront's URLs: its pages (``web/src/pages.json``, the app's own route table, e.g.
    ``/products/:id``), its built files (``/assets/...``, ``/favicon.svg``), and any other page a browser
    navigates to (it asks for HTML: the app answers 404 with its "no such page"). Nothing else reaches it: an
    API client's unknown path stays the gateway's ROUTE_NOT_FOUND."""
    matches: list[dict[str, Any]] = [
        {"path": pattern.replace("\\", "")} if "[" not in pattern else {"safe_regex": {"regex": pattern}}
        for pattern in page_patterns()
    ]
    browser = {"name": "accept", "string_match": {"contains": "text/html"}}
    return [*matches, {"prefix": "/assets/"}, {"path": "/favicon.svg"}, {"prefix": "/", "headers": [browser]}]


def _web_routes() -> list[dict[str, Any]]:
    """GET and HEAD of a page of the storefront or one of its files."""
    read = [{"name": ":method", "string_match": {"safe_regex": {"regex": "GET|HEAD"}}}]
    return [
        without_cache(
            {
                "match": {**match, "headers": [*read, *match.get("headers", [])]},
                "route": {"cluster": WEB_CLUSTER, "timeout": "10s"},
                "typed_per_filter_config": {
                    "envoy.filters.http.grpc_json_transcoder": {
                        "@type": "type.googleapis.com/envoy.config.route.v3.FilterConfig",
                        "disabled": True,
                    },
                    "envoy.filters.http.local_ratelimit": _ratelimit("web", WEB_BUCKET),
                },
            }
        )
        for match in storefront_paths()
    ]


def _routes(mesh: list[MeshService], where: Placement) -> list[dict[str, Any]]:
    routes: list[dict[str, Any]] = []
    if where.openapi:
        routes.append(_served_file("/openapi.json", where.openapi, "application/json"))
    if where.api_reference:
        routes.append(_served_file("/docs", where.api_reference, "text/html; charset=utf-8"))
    for service in mesh:
        for grpc_service in service.grpc_services:
            cacheable = cached_methods(grpc_service)
            for method in sorted(_edge_methods(grpc_service)):
                strict = method in service.strict_rate_limit
                bucket, stat = (STRICT_BUCKET, "strict") if strict else (DEFAULT_BUCKET, "default")
                routes.append(
                    {
                        "match": {"path": f"/{grpc_service}/{method}"},
                        "route": {
                            **_destination(service, where),
                            "timeout": "15s",
                            **({"rate_limits": route_rate_limits(service, method)} if where.ratelimit else {}),
                            **(
                                {"retry_policy": RETRY_POLICY}
                                if where.retries and _retry_safe(grpc_service, method)
                                else {}
                            ),
                        },
                        "response_headers_to_add": route_response_headers(method in cacheable),
                        "typed_per_filter_config": {
                            "envoy.filters.http.local_ratelimit": _ratelimit(f"{service.name}_{stat}", bucket)
                        },
                    }
                )
    if where.reflection:
        # grpcurl list/describe through the gateway: reflection of every contract, public like the JWKS.
        for reflection_service in REFLECTION_SERVICES:
            routes.append(
                {
                    "match": {"prefix": f"/{reflection_service}/"},
                    "route": {
                        "cluster": "reflection",
                        "timeout": "0s",  # a stream that lives as long as grpcurl's session
                        **({"rate_limits": [edge_rate_limit()]} if where.ratelimit else {}),
                    },
                    # The buffer filter waits for a request's end, which a bidirectional stream never has.
                    "typed_per_filter_config": {
                        "envoy.filters.http.buffer": {
                            "@type": "type.googleapis.com/envoy.extensions.filters.http.buffer.v3.BufferPerRoute",
                            "disabled": True,
                        }
                    },
                }
            )
    # CORS preflights (any path): the CORS filter answers them itself, and it skips direct-response routes,
    # so they need a route with a cluster. Mismatching preflights are answered too (never forwarded).
    routes.append(
        {
            "match": {"prefix": "/", "headers": [{"name": ":method", "string_match": {"exact": "OPTIONS"}}]},
            "route": {"cluster": mesh[0].name},
        }
    )
    if where.cache_path:
        # A REST GET before the transcoder has turned it into a gRPC call: the HTTP cache sends the ones it may
        # answer (no token) to the gateway's core listener, which transcodes and routes them as below. With the
        # storefront here, only the API's paths (the rest of GET is pages and their files).
        for prefix in ("/v1/", "/.well-known/") if where.web else ("/",):
            routes.append(
                {
                    "match": {"prefix": prefix, "headers": [{"name": ":method", "string_match": {"exact": "GET"}}]},
                    "route": {"cluster": CORE_CLUSTER, "timeout": "15s"},
                }
            )
    if where.media:
        routes.extend(media_routes(where, _ratelimit("web", WEB_BUCKET)))
    if where.web:
        routes.extend(_web_routes())
    # Anything else: 404 (the transcoder already answers unknown REST routes; this catches raw paths).
    routes.append(
        without_cache(
            {"match": {"prefix": "/"}, "direct_response": {"status": 404, "body": {"inline_string": "no such route"}}}
        )
    )
    return routes


def _jwt_rules(mesh: list[MeshService]) -> list[dict[str, Any]]:
    from shop.auth.v1 import access_pb2

    rules = []
    for service in mesh:
        for grpc_service in service.grpc_services:
            for method, access in sorted(_edge_methods(grpc_service).items()):
                requires: dict[str, Any] = {"provider_name": JWT_PROVIDER}
                if access == access_pb2.ACCESS_PUBLIC:
                    requires = {"requires_any": {"requirements": [requires, {"allow_missing": {}}]}}
                rules.append({"match": {"path": f"/{grpc_service}/{method}"}, "requires": requires})
    return rules


def _local_reply_mappers() -> list[dict[str, Any]]:
    """Every reply the gateway makes itself has the services' error shape: google.rpc.Status JSON with an
    ErrorInfo (``reason``, ``domain`` = the gateway's, and Envoy's own words under ``metadata.envoy``)."""
    mappers = []
    for http, (grpc, reason, message) in LOCAL_REPLIES.items():
        mapper: dict[str, Any] = {
            "filter": {
                "status_code_filter": {
                    "comparison": {"op": "EQ", "value": {"default_value": http, "runtime_key": f"local_reply_{http}"}}
                }
            },
            "body_format_override": {
                "json_format": {
                    "code": grpc,
                    "message": message,
                    "details": [
                        {
                            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                            "reason": reason,
                            "domain": GATEWAY_DOMAIN,
                            "metadata": {"envoy": "%LOCAL_REPLY_BODY%", "request_id": "%REQ(X-REQUEST-ID)%"},
                        }
                    ],
                },
                "content_type": "application/json",
            },
        }
        if http == 429:
            # The global limiter says when its window resets; the local one has set Retry-After itself.
            mapper["headers_to_add"] = [
                {
                    "header": {"key": "retry-after", "value": "%RESP(X-RATELIMIT-RESET)%"},
                    "append_action": "ADD_IF_ABSENT",
                }
            ]
        mappers.append(mapper)
    return mappers


CANARY_RUNTIME_PREFIX = "routing"


def _destination(service: MeshService, where: Placement) -> dict[str, Any]:
    """Where a route of ``service`` goes: its cluster, or its cluster and its canary's by runtime weights."""
    if not where.canaries:
        return {"cluster": service.name}
    return {
        "weighted_clusters": {
            "runtime_key_prefix": CANARY_RUNTIME_PREFIX,
            "clusters": [{"name": service.name, "weight": 100}, {"name": f"{service.name}-canary", "weight": 0}],
        }
    }


def _cluster(service: MeshService, where: Placement, canary: bool = False) -> dict[str, Any]:
    name = f"{service.name}-canary" if canary else service.name
    endpoints = [where.canaries[service.name]] if canary and where.canaries else where.upstreams[service.name]
    return {
        "name": name,
        "type": where.cluster_type,
        "connect_timeout": "1s",
        "lb_policy": "ROUND_ROBIN",
        "typed_extension_protocol_options": {
            "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
                "@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
                "explicit_http_config": {"http2_protocol_options": {}},
            }
        },
        "load_assignment": {
            "cluster_name": name,
            "endpoints": [
                {
                    "lb_endpoints": [
                        {"endpoint": {"address": {"socket_address": {"address": address, "port_value": port}}}}
                        for address, port in endpoints
                    ]
                }
            ],
        },
        # Envoy lets 3 retries be under way per cluster by default: a restart under load would overflow that.
        **({"circuit_breakers": {"thresholds": [{"max_retries": 100}]}} if where.retries else {}),
        "health_checks": [
            {
                "timeout": "1s",
                "interval": "2s",
                "unhealthy_threshold": 2,
                "healthy_threshold": 1,
                # Default is 60 s: a fresh Envoy would call a healthy backend down for a minute.
                "no_traffic_interval": "2s",
                "grpc_health_check": {"service_name": service.grpc_services[0]},
            }
        ],
    }


def _static_cluster(name: str, address: str, port: int | str) -> dict[str, Any]:
    return {
        "name": name,
        "type": "STATIC",
        "connect_timeout": "1s",
        "load_assignment": {
            "cluster_name": name,
            "endpoints": [
                {
                    "lb_endpoints": [
                        {"endpoint": {"address": {"socket_address": {"address": address, "port_value": port}}}}
                    ]
                }
            ],
        },
    }


def _global_ratelimit() -> dict[str, Any]:
    """Per-client limits shared by every gateway replica (:mod:`scripts.rate_limits`)."""
    return {
        "@type": "type.googleapis.com/envoy.extensions.filters.http.ratelimit.v3.RateLimit",
        "domain": RATE_LIMIT_DOMAIN,
        # Fail open only when the service is down or very slow: a busy host answers in tens of ms, not a second.
        "timeout": "1s",
        # The service down or slow: requests go through (the local buckets still protect the services).
        "failure_mode_deny": False,
        "enable_x_ratelimit_headers": "DRAFT_VERSION_03",
        "rate_limited_as_resource_exhausted": True,
        "rate_limit_service": {
            "grpc_service": {"envoy_grpc": {"cluster_name": "ratelimit"}},
            "transport_api_version": "V3",
        },
    }


def _http2_cluster(name: str, target: tuple[str, int], cluster_type: str) -> dict[str, Any]:
    """A gRPC (HTTP/2) upstream of the gateway's own: the rate limit service, the reflection server."""
    cluster = _static_cluster(name, *target)
    cluster["type"] = cluster_type
    cluster["typed_extension_protocol_options"] = {
        "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
            "@type": "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions",
            "explicit_http_config": {"http2_protocol_options": {}},
        }
    }
    return cluster


def _tracing() -> dict[str, Any]:
    return {
        "random_sampling": {"value": 100},
        "spawn_upstream_span": True,
        "provider": {
            "name": "envoy.tracers.zipkin",
            "typed_config": {
                "@type": "type.googleapis.com/envoy.config.trace.v3.ZipkinConfig",
                "collector_cluster": "zipkin",
                "collector_endpoint": "/api/v2/spans",
                "collector_endpoint_version": "HTTP_JSON",
                "trace_id_128bit": True,
                "shared_span_context": False,
                # The services speak W3C trace context (traceparent): Envoy reads and writes it besides B3.
                "trace_context_option": "USE_B3_WITH_W3C_PROPAGATION",
            },
        },
    }


def render(where: Placement) -> dict[str, Any]:
    _load_contracts()
    mesh = services()
    envoy_port = where.port
    transcoder = {
        "@type": "type.googleapis.com/envoy.extensions.filters.http.grpc_json_transcoder.v3.GrpcJsonTranscoder",
        "proto_descriptor": where.descriptor,
        "services": [name for s in mesh for name in s.grpc_services],
        "print_options": {
            "add_whitespace": False,
            "always_print_primitive_fields": True,
            "always_print_enums_as_ints": False,
            "preserve_proto_field_names": True,
        },
        "convert_grpc_status": True,
        # Browsers and HTTP clients encode spaces in query strings as '+' ("order_by=price+desc").
        "query_param_unescape_plus": True,
        "request_validation_options": {"reject_unknown_method": True, "reject_unknown_query_parameters": True},
    }
    jwt = {
        "@type": "type.googleapis.com/envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication",
        "providers": {
            JWT_PROVIDER: {
                "issuer": "shopmesh-identity",
                "audiences": ["shopmesh"],
                # Identity's JWKS, fetched through this very gateway (REST route of IdentityService.GetJwks).
                "remote_jwks": {
                    "http_uri": {
                        "uri": f"http://127.0.0.1:{envoy_port}/v1/jwks",
                        "cluster": "gateway_self",
                        "timeout": "2s",
                    },
                    "cache_duration": "300s",
                    "async_fetch": {"fast_listener": True, "failed_refetch_duration": "1s"},
                },
                # Services verify the token again and need it to know the caller.
                "forward": True,
                # The verified claims, for the per-account rate limits (scripts/rate_limits.py).
                "payload_in_metadata": JWT_METADATA[1],
            }
        },
        "rules": _jwt_rules(mesh),
    }
    cors = where.cors or Cors.local().policy()
    connection_manager = {
        "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3"
        ".HttpConnectionManager",
        "stat_prefix": "edge",
        "codec_type": "AUTO",
        # A caller's x-request-id is kept as given (not rewritten to carry the trace decision), so the id a
        # client sent, the one in every log line and the gateway span's guid:x-request-id tag are the same;
        # every answer carries it back.
        "request_id_extension": {
            "typed_config": {
                "@type": "type.googleapis.com/envoy.extensions.request_id.uuid.v3.UuidRequestIdConfig",
                "pack_trace_reason": False,
            }
        },
        "always_set_request_id_in_response": True,
        # With use_remote_address, requests from outside would otherwise get a fresh id.
        "preserve_external_request_id": True,
        "access_log": [
            {
                "name": "envoy.access_loggers.stdout",
                "typed_config": {
                    "@type": "type.googleapis.com/envoy.extensions.access_loggers.stream.v3.StdoutAccessLog",
                    "log_format": {
                        "json_format": {
                            "time": "%START_TIME%",
                            "method": "%REQ(:METHOD)%",
                            "path": "%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%",
                            "grpc_path": "%REQ(:PATH)%",
                            "status": "%RESPONSE_CODE%",
                            "grpc_status": "%GRPC_STATUS(NUMBER)%",
                            "duration_ms": "%DURATION%",
                            "request_id": "%REQ(X-REQUEST-ID)%",
                            "trace_id": "%TRACE_ID%",
                            "upstream": "%UPSTREAM_CLUSTER%",
                            "flags": "%RESPONSE_FLAGS%",
                        }
                    },
                },
            }
        ],
        **({"tracing": _tracing()} if where.zipkin else {}),
        "local_reply_config": {"mappers": _local_reply_mappers()},
        # The client address (rate limits, logs) comes from the connection or the trusted proxies' XFF.
        "use_remote_address": True,
        "xff_num_trusted_hops": where.trusted_hops,
        # Limits on what one request may bring: headers (the default is 60 KiB and 100 of them) and, through
        # the buffer filter below, its body (JSON requests here are a few KiB; more is 413).
        "max_request_headers_kb": MAX_REQUEST_HEADERS_KB,
        "common_http_protocol_options": {"max_headers_count": 64},
        "route_config": {
            "name": "edge",
            "max_direct_response_body_size_bytes": 1 << 20,  # the files served above (default: 4 KiB)
            "virtual_hosts": [
                {
                    "name": "shopmesh",
                    "domains": ["*"],
                    "typed_per_filter_config": {"envoy.filters.http.cors": cors},
                    # The client address the rate limits count (after the trusted proxies), for the services
                    # (identity throttles logins per account and address); whatever a client sent is replaced.
                    "request_headers_to_add": [
                        {
                            "header": {
                                "key": CLIENT_ADDRESS_HEADER,
                                "value": "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%",
                            },
                            "append_action": "OVERWRITE_IF_EXISTS_OR_ADD",
                        }
                    ],
                    "routes": _routes(mesh, where),
                }
            ],
        },
        "http_filters": [
            {
                "name": "envoy.filters.http.cors",
                "typed_config": {"@type": "type.googleapis.com/envoy.extensions.filters.http.cors.v3.Cors"},
            },
            *(edge_filters(where.cache_path) if where.cache_path else []),
            {
                "name": "envoy.filters.http.buffer",
                "typed_config": {
                    "@type": "type.googleapis.com/envoy.extensions.filters.http.buffer.v3.Buffer",
                    "max_request_bytes": MAX_REQUEST_BYTES,
                },
            },
            {"name": "envoy.filters.http.grpc_json_transcoder", "typed_config": transcoder},
            {"name": "envoy.filters.http.jwt_authn", "typed_config": jwt},
            # Per client first: a request its client's allowance refuses never spends the backstop's tokens, so a
            # client flooding far past its allowance costs the others nothing.
            *(
                [{"name": "envoy.filters.http.ratelimit", "typed_config": _global_ratelimit()}]
                if where.ratelimit
                else []
            ),
            {"name": "envoy.filters.http.local_ratelimit", "typed_config": _ratelimit("edge", DEFAULT_BUCKET)},
            {
                "name": "envoy.filters.http.router",
                "typed_config": {"@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"},
            },
        ],
    }
    listeners = [
        {
            "name": "edge",
            "address": {"socket_address": {"address": where.listen_address, "port_value": envoy_port}},
            "filter_chains": [
                {
                    "filters": [
                        {"name": "envoy.filters.network.http_connection_manager", "typed_config": connection_manager}
                    ]
                }
            ],
        }
    ]
    clusters = [
        *(_cluster(s, where) for s in mesh),
        *(_cluster(s, where, canary=True) for s in mesh if where.canaries),
        _static_cluster("gateway_self", "127.0.0.1", envoy_port),
        *([_static_cluster("zipkin", *where.zipkin)] if where.zipkin else []),
        *([_http2_cluster("ratelimit", where.ratelimit, where.cluster_type)] if where.ratelimit else []),
        *([_http2_cluster("reflection", where.reflection, "STATIC")] if where.reflection else []),
        *([_static_cluster(WEB_CLUSTER, *where.web)] if where.web else []),
        *([{**_static_cluster(MEDIA_CLUSTER, *where.media), "type": where.cluster_type}] if where.media else []),
    ]
    extensions = []
    if where.cache_path:
        listeners.append(core_listener(connection_manager))
        clusters.append(core_cluster())
        extensions.append(INTERNAL_LISTENERS)
    return {
        # The node's cluster names the gateway in traces.
        "node": {"id": "gateway", "cluster": "shopmesh-gateway"},
        # Runtime overrides through the admin port (POST /runtime_modify?key=value), e.g. the share of
        # requests traced: tracing.random_sampling=10 (`make bench` measures REST that way).
        "layered_runtime": {"layers": [{"name": "admin", "admin_layer": {}}]},
        "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": where.admin_port}}},
        **({"bootstrap_extensions": extensions} if extensions else {}),
        "static_resources": {"listeners": listeners, "clusters": clusters},
    }


def to_yaml(config: dict[str, Any], *, placement: str = "the dev stack") -> str:
    header = (
        "# Generated by `make gen` (scripts/gateway_config.py) from services/mesh.toml and the contracts.\n"
        f"# Do not edit: change the generator or the contracts. This is the config of {placement}.\n"
    )
    return header + yaml.safe_dump(config, sort_keys=False, width=120)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="dev")
    parser.add_argument("--out", type=Path, help="write here instead of gateway/envoy.yaml")
    parser.add_argument("--check", action="store_true", help="fail when gateway/envoy.yaml is stale")
    args = parser.parse_args()
    text = to_yaml(render(Placement.local(Profile.named(args.profile))))
    if args.check:
        if not COMMITTED.exists() or COMMITTED.read_text() != text:
            print("gateway/envoy.yaml is stale; run `make gateway` and commit it")
            return 1
        print("gateway/envoy.yaml is up to date")
        return 0
    out = args.out or COMMITTED
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
