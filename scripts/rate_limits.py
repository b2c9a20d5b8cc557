"""The edge's rate limits per client, shared by every gateway replica (Envoy's global rate limit service).

Each request through the gateway is counted against its **client address** (the remote address, or the
address the trusted proxy chain reports in ``X-Forwarded-For``: the gateway trusts ``xff_num_trusted_hops``
hops, see :mod:`scripts.gateway_config`), in the rate limit service (github.com/envoyproxy/ratelimit, built with
``go install``), which keeps its counters in Redis, so two gateways count together and a restart forgets
nothing. One anonymous client flooding login therefore locks out only itself.

- every route: ``EDGE_PER_CLIENT`` requests a minute per client;
- the routes a service lists in ``strict_rate_limit`` (login, registration, session refresh, password change,
  checkout): ``STRICT_PER_CLIENT`` a minute per client and route, and, when the request carries a token,
  ``STRICT_PER_ACCOUNT`` a minute per account and route whatever addresses it comes from (one stolen
  account testing cards through many proxies is cut off like one address is). The account is the token's
  ``sub``, which the gateway's JWT filter verified.

A limited request is answered 429 (RESOURCE_EXHAUSTED over gRPC) with ``Retry-After`` and the
``X-RateLimit-*`` headers. The gateway's local token buckets stay as a per-replica backstop that protects the
services even when the rate limit service is down (the gateway then lets requests through: fail open).
Local stacks exempt loopback clients (the README's curl, tests, ``make bench``) so tools on the machine are
never throttled; simulated remote clients (``X-Forwarded-For``) are limited like real ones. The chart exempts
nobody. Login is also throttled per account inside identity (see services/identity).
"""

from __future__ import annotations

from typing import Any

import yaml

from scripts.mesh import MeshService

DOMAIN = "shopmesh"
EDGE_PER_CLIENT = 1200  # a minute: a person browsing fast makes well under one request a second
STRICT_PER_CLIENT = 20  # a minute per strict route: enough for a person mistyping, nothing for a guesser
STRICT_PER_ACCOUNT = 20  # a minute per strict route and account, from every address together
SCOPE_KEY = "scope"
EDGE_SCOPE = "edge"
CLIENT_KEY = "remote_address"  # Envoy's remote_address action: the client address after the trusted hops
ACCOUNT_KEY = "account"
# Where the gateway's JWT filter leaves a verified token's claims (jwt_authn's payload_in_metadata).
JWT_METADATA = ("envoy.filters.http.jwt_authn", "jwt_payload")


def strict_scope(service: MeshService, method: str) -> str:
    return f"{service.name}.{method}"


def edge_rate_limit() -> dict[str, Any]:
    """The per-client limit every route of the gateway has."""
    return {
        "actions": [
            {"generic_key": {"descriptor_key": SCOPE_KEY, "descriptor_value": EDGE_SCOPE}},
            {"remote_address": {}},
        ]
    }


def route_rate_limits(service: MeshService, method: str) -> list[dict[str, Any]]:
    """The descriptors Envoy sends the rate limit service for one method's route."""
    limits = [edge_rate_limit()]
    if method in service.strict_rate_limit:
        scope = strict_scope(service, method)
        limits.append(
            {
                "actions": [
                    {"generic_key": {"descriptor_key": SCOPE_KEY, "descriptor_value": scope}},
                    {"remote_address": {}},
                ]
            }
        )
        account = {
            "descriptor_key": ACCOUNT_KEY,
            "metadata_key": {"key": JWT_METADATA[0], "path": [{"key": JWT_METADATA[1]}, {"key": "sub"}]},
            "source": "DYNAMIC",
            "skip_if_absent": True,  # no token, no account: the per-client limit alone applies
        }
        limits.append(
            {
                "actions": [
                    {"generic_key": {"descriptor_key": SCOPE_KEY, "descriptor_value": f"{scope}.account"}},
                    {"metadata": account},
                ]
            }
        )
    return limits


def _per_client(requests_per_minute: int, exempt: tuple[str, ...]) -> list[dict[str, Any]]:
    exempted = [{"key": CLIENT_KEY, "value": address, "rate_limit": {"unlimited": True}} for address in exempt]
    return [*exempted, {"key": CLIENT_KEY, "rate_limit": {"unit": "minute", "requests_per_unit": requests_per_minute}}]


def service_config(mesh: list[MeshService], *, exempt: tuple[str, ...] = ()) -> str:
    """The rate limit service's config (its ``config/<domain>.yaml``)."""
    descriptors = [{"key": SCOPE_KEY, "value": EDGE_SCOPE, "descriptors": _per_client(EDGE_PER_CLIENT, exempt)}]
    for service in mesh:
        for method in service.strict_rate_limit:
            descriptors.append(
                {
                    "key": SCOPE_KEY,
                    "value": strict_scope(service, method),
                    "descriptors": _per_client(STRICT_PER_CLIENT, exempt),
                }
            )
            per_account = {"unit": "minute", "requests_per_unit": STRICT_PER_ACCOUNT}
            descriptors.append(
                {
                    "key": SCOPE_KEY,
                    "value": f"{strict_scope(service, method)}.account",
                    "descriptors": [{"key": ACCOUNT_KEY, "rate_limit": per_account}],
                }
            )
    header = "# Generated by scripts/rate_limits.py from services/mesh.toml. Do not edit.\n"
    return header + yaml.safe_dump({"domain": DOMAIN, "descriptors": descriptors}, sort_keys=False)
