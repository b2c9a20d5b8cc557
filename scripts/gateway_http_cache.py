"""The gateway's part in serving public reads cheaply: its HTTP cache, conditional requests and compression.

Services declare which reads may be cached, and for how long, in the contract (``(shop.edge.v1.cache)`` beside
the method's GET rule); the shared runtime answers those with a strong ``ETag`` and ``Cache-Control: public,
max-age=N, stale-while-revalidate=M`` (:mod:`services.runtime.http_caching`). Here the gateway:

- keeps those answers in Envoy's HTTP cache (the file-system cache: bounded in bytes, Envoy evicting entries
  when it is full; a directory per gateway replica) and answers later requests from it until they are stale,
  so repeated anonymous reads never reach Python. A request carrying ``Authorization`` is neither answered
  from nor stored in the cache (Envoy's shared-cache rule), and a cached answer is not counted against the
  rate limits (like a CDN's, it costs no service anything);
- answers a GET whose ``If-None-Match`` matches the answer's ETag with 304 and no body
  (``gateway/conditional_requests.lua``, in front of the cache so a conditional read is answered from it);
- compresses JSON (and the storefront's text) of at least ``MIN_COMPRESSED_BYTES`` with brotli or gzip, as
  ``Accept-Encoding`` prefers; a compressed answer's ETag is made weak (it names another representation);
- marks every other REST answer ``Cache-Control: private, no-store`` (user-specific or changing state), and
  an error of a cacheable route ``no-store``.
"""

from __future__ import annotations

from typing import Any

from scripts.mesh import ROOT
from services.runtime.http_caching import cache_policies

CONDITIONAL_LUA = ROOT / "gateway" / "conditional_requests.lua"
MIN_COMPRESSED_BYTES = 1024  # below this a compressed body saves less than its headers and CPU cost
COMPRESSED_TYPES = (
    "application/json",
    "text/html",
    "text/css",
    "application/javascript",
    "text/javascript",
    "image/svg+xml",
)
CACHE_BYTES = 256 << 20  # per gateway replica
CACHE_ENTRY_BYTES = 4 << 20  # a product list page is tens of KiB
NOT_CACHEABLE = "private, no-store"
CACHE_FILTER = "envoy.filters.http.cache"
CONDITIONAL_FILTER = "envoy.filters.http.lua"
FAILED_CACHEABLE = "no-store"


def cached_methods(grpc_service: str) -> set[str]:
    """The methods of ``grpc_service`` whose contract declares a cache policy (read as the services read it)."""
    return {path.rsplit("/", 1)[1] for path in cache_policies([grpc_service])}


def route_response_headers(cacheable: bool) -> list[dict[str, Any]]:
    """A REST route's Cache-Control: the service's own for a cacheable success, ``no-store`` otherwise."""
    if cacheable:
        header = {"key": "cache-control", "value": FAILED_CACHEABLE}
        return [{"header": header, "append_action": "ADD_IF_ABSENT"}]
    header = {"key": "cache-control", "value": NOT_CACHEABLE}
    return [{"header": header, "append_action": "OVERWRITE_IF_EXISTS_OR_ADD"}]


def _compressor(name: str, library_type: str) -> dict[str, Any]:
    return {
        "name": f"envoy.filters.http.compressor.{name}",
        "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.compressor.v3.Compressor",
            "response_direction_config": {
                "common_config": {
                    "min_content_length": MIN_COMPRESSED_BYTES,
                    "content_type": list(COMPRESSED_TYPES),
                },
                # A strong ETag names the uncompressed bytes; the compressed answer keeps it as a weak one.
                "weaken_etag_on_compress": True,
                "uncompressible_response_codes": [304],
            },
            "compressor_library": {"name": name, "typed_config": {"@type": library_type}},
        },
    }


def compressor_filters() -> list[dict[str, Any]]:
    """Brotli and gzip; Envoy picks the one the client's Accept-Encoding prefers (brotli on a tie)."""
    return [
        _compressor("brotli", "type.googleapis.com/envoy.extensions.compression.brotli.compressor.v3.Brotli"),
        _compressor("gzip", "type.googleapis.com/envoy.extensions.compression.gzip.compressor.v3.Gzip"),
    ]


def conditional_filter() -> dict[str, Any]:
    return {
        "name": CONDITIONAL_FILTER,
        "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua",
            "default_source_code": {"inline_string": CONDITIONAL_LUA.read_text()},
        },
    }


def cache_filter(path: str) -> dict[str, Any]:
    """Envoy's HTTP cache, stored in files under ``path`` (wiped when a local gateway starts)."""
    return {
        "name": CACHE_FILTER,
        "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.cache.v3.CacheConfig",
            "typed_config": {
                "@type": "type.googleapis.com/envoy.extensions.http.cache.file_system_http_cache.v3"
                ".FileSystemHttpCacheConfig",
                "manager_config": {"thread_pool": {"thread_count": 1}},
                "cache_path": path,
                "max_cache_size_bytes": str(CACHE_BYTES),
                "max_individual_cache_entry_size_bytes": str(CACHE_ENTRY_BYTES),
            },
        },
    }


# --- the core listener -------------------------------------------------------------------------------------
# Envoy's cache filter sends the requests it may answer (GETs without a token) straight to their route's
# cluster, past every filter behind it, so the transcoder, JWT and rate limits would never see them. As
# Envoy's documentation recommends, they go to an internal listener of the same Envoy instead (no port, no
# network), which runs the rest of the chain with the same routes. The edge's Lua filter passes it the client
# address it derived from the trusted proxies (``EDGE_CLIENT_HEADER``, replaced on every request, so a client
# cannot choose it), for the rate limits and services to count.
CORE_LISTENER = "gateway_core"
CORE_CLUSTER = "gateway_core"
EDGE_CLIENT_HEADER = "x-shopmesh-edge-client"
INTERNAL_LISTENERS = {
    "name": "envoy.bootstrap.internal_listener",
    "typed_config": {"@type": "type.googleapis.com/envoy.extensions.bootstrap.internal_listener.v3.InternalListener"},
}


def edge_filters(cache_path: str) -> list[dict[str, Any]]:
    """The filters in front of the edge listener's chain: compression, conditional requests, the cache."""
    return [*compressor_filters(), conditional_filter(), cache_filter(cache_path)]


def without_cache(route: dict[str, Any]) -> dict[str, Any]:
    """``route`` with the cache filter off: a route the gateway answers itself has no cluster to fill from."""
    off = {"@type": "type.googleapis.com/envoy.config.route.v3.FilterConfig", "disabled": True}
    return {**route, "typed_per_filter_config": {**route.get("typed_per_filter_config", {}), CACHE_FILTER: off}}


def core_listener(edge: dict[str, Any]) -> dict[str, Any]:
    """The internal listener: the edge's connection manager without its edge filters and access log (the edge
    logs and traces each request once), finding the client in ``EDGE_CLIENT_HEADER``."""
    edge_only = {*(f["name"] for f in compressor_filters()), CONDITIONAL_FILTER, CACHE_FILTER}
    manager = {
        **{k: v for k, v in edge.items() if k not in ("access_log", "tracing", "use_remote_address")},
        "stat_prefix": "core",
        "xff_num_trusted_hops": 0,
        "original_ip_detection_extensions": [
            {
                "name": "envoy.http.original_ip_detection.custom_header",
                "typed_config": {
                    "@type": "type.googleapis.com/envoy.extensions.http.original_ip_detection.custom_header.v3"
                    ".CustomHeaderConfig",
                    "header_name": EDGE_CLIENT_HEADER,
                },
            }
        ],
        "http_filters": [f for f in edge["http_filters"] if f["name"] not in edge_only],
    }
    return {
        "name": CORE_LISTENER,
        "internal_listener": {},
        "filter_chains": [
            {"filters": [{"name": "envoy.filters.network.http_connection_manager", "typed_config": manager}]}
        ],
    }


def core_cluster() -> dict[str, Any]:
    return {
        "name": CORE_CLUSTER,
        "connect_timeout": "1s",
        "load_assignment": {
            "cluster_name": CORE_CLUSTER,
            "endpoints": [
                {
                    "lb_endpoints": [
                        {"endpoint": {"address": {"envoy_internal_address": {"server_listener_name": CORE_LISTENER}}}}
                    ]
                }
            ],
        },
    }
