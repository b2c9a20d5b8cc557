"""What a public read tells caches: a strong ETag and a ``Cache-Control`` policy, declared in the contract.

A method whose contract carries ``(shop.edge.v1.cache)`` answers every success with two response headers
(gRPC initial metadata, which Envoy's transcoder passes to REST clients as HTTP headers):

- ``etag``: a strong validator derived from what the answer says (a digest of the response message's
  deterministic encoding), so two answers carry the same ETag exactly when their JSON is the same;
- ``cache-control: public, max-age=N, stale-while-revalidate=M`` from the declaration.

The gateway keeps those answers in its HTTP cache and answers a matching ``If-None-Match`` with 304 itself
(:mod:`scripts.gateway_config`); gRPC callers may use the ETag the same way. Errors carry neither header.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from dataclasses import dataclass

from google.protobuf import descriptor_pool
from google.protobuf.message import Message

from shop.auth.v1 import access_pb2
from shop.edge.v1 import cache_pb2


@dataclass(frozen=True)
class CachePolicy:
    max_age_seconds: int
    stale_while_revalidate_seconds: int

    @functools.cached_property
    def cache_control(self) -> str:
        directives = ["public", f"max-age={self.max_age_seconds}"]
        if self.stale_while_revalidate_seconds:
            directives.append(f"stale-while-revalidate={self.stale_while_revalidate_seconds}")
        return ", ".join(directives)


def entity_tag(response: Message) -> str:
    """A strong ETag: 128 bits of BLAKE2b over the message's deterministic encoding, quoted."""
    digest = hashlib.blake2b(response.SerializeToString(deterministic=True), digest_size=16).digest()
    return '"' + base64.urlsafe_b64encode(digest).rstrip(b"=").decode() + '"'


def validators(response: Message, policy: CachePolicy) -> tuple[tuple[str, str], ...]:
    """The response headers of a successful answer under ``policy``."""
    return (("etag", entity_tag(response)), ("cache-control", policy.cache_control))


def cache_policies(service_names: list[str]) -> dict[str, CachePolicy]:
    """``/pkg.Service/Method`` → declared cache policy, for the methods of our services that declare one.

    Only a public method may be cached by shared caches (an answer for one caller must never reach another):
    a declaration on any other is a contract error and the server refuses to start.
    """
    pool = descriptor_pool.Default()
    policies: dict[str, CachePolicy] = {}
    for service_name in service_names:
        for method in pool.FindServiceByName(service_name).methods:
            options = method.GetOptions()
            if not options.HasExtension(cache_pb2.cache):
                continue
            if options.Extensions[access_pb2.access] != access_pb2.ACCESS_PUBLIC:
                raise ValueError(f"{method.full_name} declares (shop.edge.v1.cache) but is not ACCESS_PUBLIC")
            declared = options.Extensions[cache_pb2.cache]
            policies[f"/{service_name}/{method.name}"] = CachePolicy(
                declared.max_age_seconds, declared.stale_while_revalidate_seconds
            )
    return policies
