"""The gateway's part in product pictures: GET ``/media/<sha256>.<webp|jpg>`` reads a rendition from the object
store's media bucket (public, immutable: the address names the bytes), and an admin's presigned PUT into the
uploads bucket passes through unchanged (the signature covers the host and the path) and is streamed, past the
body limit of API calls. Locally the store is the stack's SeaweedFS; in the chart, any S3 endpoint from values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scripts.gateway_http_cache import without_cache

if TYPE_CHECKING:
    from scripts.gateway_config import Placement

MEDIA_CLUSTER = "media"
# What the chart's gateway template replaces with its `media` values.
MEDIA_PLACEHOLDERS = {
    "host": "MEDIA_S3_HOST_FROM_VALUES",
    "port": "MEDIA_S3_PORT_FROM_VALUES",
    "media_bucket": "MEDIA_BUCKET_FROM_VALUES",
    "uploads_bucket": "MEDIA_UPLOADS_BUCKET_FROM_VALUES",
}
# Renditions are named by the hash of their bytes: what is at an address never changes.
IMMUTABLE = "public, max-age=31536000, immutable"


def media_routes(where: Placement, ratelimit: dict[str, Any]) -> list[dict[str, Any]]:
    """GET/HEAD /media/<sha256>.<ext> from the media bucket; PUT of a presigned upload into the uploads bucket."""
    not_grpc = {
        "envoy.filters.http.grpc_json_transcoder": {
            "@type": "type.googleapis.com/envoy.config.route.v3.FilterConfig",
            "disabled": True,
        }
    }
    read = [{"name": ":method", "string_match": {"safe_regex": {"regex": "GET|HEAD"}}}]
    return [
        without_cache(
            {
                "match": {"safe_regex": {"regex": "/media/[0-9a-f]+\\.(webp|jpg)"}, "headers": read},
                "route": {
                    "cluster": MEDIA_CLUSTER,
                    "timeout": "30s",
                    "regex_rewrite": {"pattern": {"regex": "^/media/"}, "substitution": f"/{where.media_bucket}/"},
                },
                # What the store says of caching is replaced: the address names the bytes.
                "response_headers_to_remove": ["cache-control", "expires"],
                "response_headers_to_add": [
                    {
                        "header": {"key": "cache-control", "value": IMMUTABLE},
                        "append_action": "OVERWRITE_IF_EXISTS_OR_ADD",
                    }
                ],
                "typed_per_filter_config": {
                    **not_grpc,
                    "envoy.filters.http.local_ratelimit": ratelimit,
                },
            }
        ),
        without_cache(
            {
                "match": {
                    "safe_regex": {"regex": f"/{where.uploads_bucket}/products/[A-Za-z0-9-]+/[0-9a-f]+"},
                    "headers": [{"name": ":method", "string_match": {"exact": "PUT"}}],
                },
                "route": {"cluster": MEDIA_CLUSTER, "timeout": "120s"},
                "typed_per_filter_config": {
                    **not_grpc,
                    # Streamed to the store: the body limit of API calls is not an upload's.
                    "envoy.filters.http.buffer": {
                        "@type": "type.googleapis.com/envoy.extensions.filters.http.buffer.v3.BufferPerRoute",
                        "disabled": True,
                    },
                },
            }
        ),
    ]
