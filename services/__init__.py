"""ShopMesh services: one package per bounded context, all built on :mod:`services.runtime`."""
