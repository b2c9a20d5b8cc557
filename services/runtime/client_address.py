"""The address of the client behind a request, as the gateway saw it.

The gateway sets ``x-client-address`` on every request it forwards (overwriting whatever the client sent) to
the client address it derived from the connection and its trusted proxies (``X-Forwarded-For``), the same
address its per-client rate limits count. A call made straight to a service (inside the mesh) is known by its
peer address instead.
"""

from __future__ import annotations

from typing import Any

CLIENT_ADDRESS_HEADER = "x-client-address"


def client_address(context: Any) -> str:
    for key, value in context.invocation_metadata() or ():
        if key == CLIENT_ADDRESS_HEADER and value:
            return str(value)
    peer = str(context.peer() or "")  # "ipv4:10.0.0.7:51234", "ipv6:[::1]:51234", "unix:..."
    kind, _, rest = peer.partition(":")
    if kind == "ipv4":
        return rest.rsplit(":", 1)[0]
    if kind == "ipv6":
        return rest.rsplit(":", 1)[0].strip("[]")
    return peer
