"""Which web origins may call the API from a browser (CORS), per deployment.

A local stack allows any port of localhost and 127.0.0.1 (a storefront's dev server, the tests' pages), or
exactly the origins in ``SHOPMESH_CORS_ORIGINS`` (comma-separated, e.g. ``https://shop.example.com``). The
Helm chart takes them from ``gateway.cors`` in its values: the generated ``envoy.yaml`` carries a placeholder
per field, which the chart's template replaces (``helm/shopmesh/templates/gateway.yaml``); the production
values must list their origins, never ``*``. The API authenticates with bearer tokens, not cookies, so
credentials are not allowed unless a deployment asks for them (and then ``*`` is refused).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

ORIGINS_ENV = "SHOPMESH_CORS_ORIGINS"
LOCAL_ORIGINS = r"https?://(localhost|127\.0\.0\.1)(:[0-9]+)?"
METHODS = ("GET", "POST", "PATCH", "DELETE", "OPTIONS")
# What a browser may send: the token, JSON, a request id, conditional reads, gRPC-Web's own.
HEADERS = ("authorization", "content-type", "x-request-id", "if-none-match", "x-grpc-web", "grpc-timeout")
# What a page may read: validators, when to retry, the rate limit's account, the request id, gRPC status.
EXPOSED = (
    "etag",
    "retry-after",
    "x-request-id",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "x-ratelimit-reset",
    "grpc-status",
    "grpc-message",
)
MAX_AGE_SECONDS = 600
# The chart's template replaces each of these with the JSON of its value (JSON is YAML).
CHART_PLACEHOLDERS = {
    "allow_origin_string_match": "CORS_ALLOWED_ORIGINS_FROM_VALUES",
    "allow_methods": "CORS_ALLOWED_METHODS_FROM_VALUES",
    "allow_headers": "CORS_ALLOWED_HEADERS_FROM_VALUES",
    "expose_headers": "CORS_EXPOSED_HEADERS_FROM_VALUES",
    "max_age": "CORS_MAX_AGE_FROM_VALUES",
    "allow_credentials": "CORS_ALLOW_CREDENTIALS_FROM_VALUES",
}


@dataclass(frozen=True)
class Cors:
    # Exact origins (scheme://host[:port]); empty means the local pattern above.
    origins: tuple[str, ...] = ()
    methods: tuple[str, ...] = METHODS
    headers: tuple[str, ...] = HEADERS
    exposed: tuple[str, ...] = EXPOSED
    max_age_seconds: int = MAX_AGE_SECONDS
    credentials: bool = False

    @classmethod
    def local(cls) -> Cors:
        listed = os.environ.get(ORIGINS_ENV, "")
        return cls(origins=tuple(o.strip().rstrip("/") for o in listed.split(",") if o.strip()))

    def policy(self) -> dict[str, Any]:
        """Envoy's CorsPolicy (set on the gateway's virtual host)."""
        if self.origins:
            matchers: list[dict[str, Any]] = [{"exact": origin} for origin in self.origins]
        else:
            matchers = [{"safe_regex": {"regex": LOCAL_ORIGINS}}]
        return {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.cors.v3.CorsPolicy",
            "allow_origin_string_match": matchers,
            "allow_methods": ", ".join(self.methods),
            "allow_headers": ", ".join(self.headers),
            "expose_headers": ", ".join(self.exposed),
            "max_age": str(self.max_age_seconds),
            "allow_credentials": self.credentials,
            "forward_not_matching_preflights": False,
        }


def chart_policy() -> dict[str, Any]:
    """The policy with a placeholder per field, for the chart's template to fill from its values."""
    return {**Cors().policy(), **CHART_PLACEHOLDERS}
