"""Cart's composition root: Redis and the catalog client from settings, the service, the servicer."""

from __future__ import annotations

from collections.abc import Sequence

import redis.asyncio as redis

from services.cart.adapters.catalog_client import CatalogClient
from services.cart.adapters.redis_store import RedisCarts
from services.cart.api import CartApi
from services.cart.domain import ANONYMOUS_PREFIX
from services.cart.service import CartService
from services.cart.settings import CartSettings
from services.runtime.channels import open_channel
from services.runtime.server import Registration, Resources, ServiceDefinition
from shop.cart.v1 import cart_service_pb2, cart_service_pb2_grpc

SERVICE_NAME = cart_service_pb2.DESCRIPTOR.services_by_name["CartService"].full_name


async def compose(settings: CartSettings, resources: Resources) -> Sequence[Registration]:
    client = redis.Redis.from_url(settings.redis_url, **settings.redis_options(timeout_seconds=2))
    # Pricing a cart's promotions is internal to the mesh: called as cart.
    channel = open_channel(settings.catalog_target, service_tokens=resources.service_tokens)
    resources.closers += [channel.close, client.aclose]

    def ttl(owner: str) -> int:
        anonymous = owner.startswith(ANONYMOUS_PREFIX)
        return settings.anonymous_cart_ttl_seconds if anonymous else settings.user_cart_ttl_seconds

    carts = RedisCarts(client, ttl=ttl)
    resources.probes.append(carts.ping)
    api = CartApi(CartService(carts, CatalogClient(channel)))
    return [
        Registration(SERVICE_NAME, lambda server: cart_service_pb2_grpc.add_CartServiceServicer_to_server(api, server))
    ]


DEFINITION = ServiceDefinition(name="cart", settings_type=CartSettings, compose=compose)
