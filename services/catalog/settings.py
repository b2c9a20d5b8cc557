"""Catalog's configuration (``SHOPMESH_*`` environment variables)."""

from __future__ import annotations

from pydantic import SecretStr

from services.runtime.settings import ServiceSettings


class CatalogSettings(ServiceSettings):
    grpc_port: int = 50052
    # Products kept in memory for reads (see adapters/product_cache.py); 0 reads every product from the database.
    product_cache_size: int = 10_000
    # The currency prices are set in by default and rates are relative to; and the currencies the shop sells in
    # (each needs a rate: the migration seeds defaults, admins set them with SetCurrencyRate).
    base_currency: str = "USD"
    sold_currencies: list[str] = ["USD", "EUR", "GBP", "JPY"]
    # Product images' object store (any S3 API: SeaweedFS locally). Unset: images cannot be uploaded
    # (StartProductImageUpload is FAILED_PRECONDITION MEDIA_NOT_CONFIGURED); everything else works.
    media_s3_endpoint: str | None = None  # scheme://host:port, path-style buckets
    media_s3_region: str = "us-east-1"
    media_s3_access_key: str = ""
    media_s3_secret_key: SecretStr | None = None
    # Private: uploads as admins sent them. Public reads (through the gateway's /media/): renditions only.
    media_uploads_bucket: str = "shopmesh-uploads"
    media_bucket: str = "shopmesh-media"
    # Where admins' browsers send uploads: the gateway's public address, which passes /<uploads bucket>/... to the
    # store unchanged (the presigned signature covers the host and the path).
    media_public_url: str = "http://127.0.0.1:8080"
