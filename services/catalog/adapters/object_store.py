"""The catalog's S3-compatible object store (SeaweedFS's S3 gateway locally, any S3 endpoint in Kubernetes).

A small client over httpx that signs with AWS Signature Version 4: the handful of calls the catalog makes
(put, get, head, delete, list) and presigned PUT addresses, whose bytes go from the admin's browser to the store
through the gateway without passing through a service. Path-style addressing (``<endpoint>/<bucket>/<key>``).
"""

from __future__ import annotations

import hashlib
import hmac
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote, urlsplit

import httpx

from services.runtime.errors import Unavailable

_ALGORITHM = "AWS4-HMAC-SHA256"
_UNSIGNED = "UNSIGNED-PAYLOAD"
_S3_NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"


@dataclass(frozen=True)
class Credentials:
    access_key: str
    secret_key: str
    region: str = "us-east-1"


@dataclass(frozen=True)
class StoredObject:
    key: str
    size: int
    content_type: str = ""
    last_modified: datetime | None = None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def _quote(text: str, safe: str = "-_.~") -> str:
    return quote(text, safe=safe)


class Signer:
    """AWS Signature Version 4 for the S3 service: request headers, or a presigned query string."""

    def __init__(self, credentials: Credentials) -> None:
        self._credentials = credentials

    def _scope(self, now: datetime) -> str:
        return f"{now:%Y%m%d}/{self._credentials.region}/s3/aws4_request"

    def _signature(self, now: datetime, canonical_request: str) -> str:
        to_sign = "\n".join(
            [_ALGORITHM, f"{now:%Y%m%dT%H%M%SZ}", self._scope(now), _sha256(canonical_request.encode())]
        )
        key = _hmac(f"AWS4{self._credentials.secret_key}".encode(), f"{now:%Y%m%d}")
        for part in (self._credentials.region, "s3", "aws4_request"):
            key = _hmac(key, part)
        return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()

    @staticmethod
    def _canonical(
        method: str, path: str, query: Mapping[str, str], headers: Mapping[str, str], payload_hash: str
    ) -> tuple[str, str]:
        canonical_query = "&".join(f"{_quote(k)}={_quote(v)}" for k, v in sorted(query.items()))
        names = sorted(headers)
        canonical_headers = "".join(f"{name}:{headers[name].strip()}\n" for name in names)
        signed = ";".join(names)
        request = "\n".join(
            [method, _quote(path, safe="/-_.~"), canonical_query, canonical_headers, signed, payload_hash]
        )
        return request, signed

    def headers(
        self, method: str, url: str, query: Mapping[str, str], body: bytes, extra: Mapping[str, str], now: datetime
    ) -> dict[str, str]:
        parts = urlsplit(url)
        payload_hash = _sha256(body)
        headers = {
            "host": parts.netloc,
            "x-amz-date": f"{now:%Y%m%dT%H%M%SZ}",
            "x-amz-content-sha256": payload_hash,
            **{k.lower(): v for k, v in extra.items()},
        }
        request, signed = self._canonical(method, parts.path or "/", query, headers, payload_hash)
        credential = f"{self._credentials.access_key}/{self._scope(now)}"
        authorization = (
            f"{_ALGORITHM} Credential={credential}, SignedHeaders={signed}, Signature={self._signature(now, request)}"
        )
        return {**headers, "authorization": authorization}

    def presigned(self, method: str, url: str, headers: Mapping[str, str], expires: int, now: datetime) -> str:
        """``url`` with the query that lets whoever holds it make this one request (with ``headers``) until
        ``expires`` seconds from ``now``."""
        parts = urlsplit(url)
        signed_headers = {"host": parts.netloc, **{k.lower(): v for k, v in headers.items()}}
        query = {
            "X-Amz-Algorithm": _ALGORITHM,
            "X-Amz-Credential": f"{self._credentials.access_key}/{self._scope(now)}",
            "X-Amz-Date": f"{now:%Y%m%dT%H%M%SZ}",
            "X-Amz-Expires": str(expires),
            "X-Amz-SignedHeaders": ";".join(sorted(signed_headers)),
        }
        request, _ = self._canonical(method, parts.path, query, signed_headers, _UNSIGNED)
        query["X-Amz-Signature"] = self._signature(now, request)
        encoded = "&".join(f"{_quote(k)}={_quote(v)}" for k, v in query.items())
        return f"{parts.scheme}://{parts.netloc}{_quote(parts.path, safe='/-_.~')}?{encoded}"


class ObjectStoreError(Unavailable):
    """The store answered something other than what the call expects (an outage, a misconfigured bucket or
    identity): callers see UNAVAILABLE, the store's trouble, never INTERNAL; consumers retry, then dead-letter."""

    def __init__(self, message: str) -> None:
        super().__init__(message, reason="OBJECT_STORE_UNAVAILABLE")


class ObjectStore:
    """Calls to one S3 endpoint with one set of credentials."""

    def __init__(
        self,
        endpoint: str,
        credentials: Credentials,
        *,
        timeout: float = 30.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        # scheme://host:port, no path: objects are addressed <endpoint>/<bucket>/<key>.
        self._endpoint = endpoint.rstrip("/")
        self._signer = Signer(credentials)
        self._client = httpx.AsyncClient(timeout=timeout, transport=transport)

    async def close(self) -> None:
        await self._client.aclose()

    def _url(self, bucket: str, key: str = "") -> str:
        return f"{self._endpoint}/{bucket}" + (f"/{key}" if key else "")

    async def _call(
        self,
        method: str,
        bucket: str,
        key: str = "",
        *,
        query: Mapping[str, str] | None = None,
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
    ) -> httpx.Response:
        url = self._url(bucket, key)
        query = dict(query or {})
        signed = self._signer.headers(method, url, query, body, headers or {}, datetime.now(UTC))
        signed.pop("host")  # httpx sends the same one
        encoded = "&".join(f"{_quote(k)}={_quote(v)}" for k, v in sorted(query.items()))
        target = f"{self._endpoint}{_quote(urlsplit(url).path, safe='/-_.~')}" + (f"?{encoded}" if encoded else "")
        try:
            return await self._client.request(method, target, content=body, headers=signed)
        except httpx.HTTPError as error:
            raise Unavailable(f"the object store did not answer: {type(error).__name__}") from error

    async def ensure_bucket(self, bucket: str) -> None:
        response = await self._call("HEAD", bucket)
        if response.status_code == 404:
            response = await self._call("PUT", bucket)
            if response.status_code not in (200, 409):
                raise ObjectStoreError(f"creating bucket {bucket}: {response.status_code} {response.text[:200]}")
        elif response.status_code != 200:
            raise ObjectStoreError(f"bucket {bucket}: {response.status_code}")

    async def put(self, bucket: str, key: str, body: bytes, content_type: str) -> None:
        response = await self._call("PUT", bucket, key, body=body, headers={"content-type": content_type})
        if response.status_code != 200:
            raise ObjectStoreError(f"PUT {bucket}/{key}: {response.status_code} {response.text[:200]}")

    async def head(self, bucket: str, key: str) -> StoredObject | None:
        response = await self._call("HEAD", bucket, key)
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise ObjectStoreError(f"HEAD {bucket}/{key}: {response.status_code}")
        return StoredObject(
            key=key,
            size=int(response.headers.get("content-length", "0")),
            content_type=response.headers.get("content-type", ""),
        )

    async def get(self, bucket: str, key: str, *, first_bytes: int | None = None) -> bytes | None:
        """The object's bytes (only the first ``first_bytes`` when given); None when there is no such object."""
        headers = {"range": f"bytes=0-{first_bytes - 1}"} if first_bytes else {}
        response = await self._call("GET", bucket, key, headers=headers)
        if response.status_code == 404:
            return None
        if response.status_code == 416:  # an empty object has no first byte
            return b""
        if response.status_code not in (200, 206):
            raise ObjectStoreError(f"GET {bucket}/{key}: {response.status_code}")
        return response.content

    async def delete(self, bucket: str, key: str) -> None:
        response = await self._call("DELETE", bucket, key)
        if response.status_code not in (200, 204, 404):
            raise ObjectStoreError(f"DELETE {bucket}/{key}: {response.status_code}")

    async def keys(self, bucket: str, prefix: str = "") -> AsyncIterator[StoredObject]:
        """Every object of ``bucket`` under ``prefix`` (ListObjectsV2, page by page)."""
        token = ""
        while True:
            query = {"list-type": "2", "prefix": prefix, **({"continuation-token": token} if token else {})}
            response = await self._call("GET", bucket, query=query)
            if response.status_code == 404:
                return
            if response.status_code != 200:
                raise ObjectStoreError(f"listing {bucket}: {response.status_code} {response.text[:200]}")
            root = ET.fromstring(response.content)
            for item in root.iter(f"{_S3_NS}Contents"):
                modified = item.findtext(f"{_S3_NS}LastModified", "")
                yield StoredObject(
                    key=item.findtext(f"{_S3_NS}Key", ""),
                    size=int(item.findtext(f"{_S3_NS}Size", "0")),
                    last_modified=datetime.fromisoformat(modified.replace("Z", "+00:00")) if modified else None,
                )
            token = root.findtext(f"{_S3_NS}NextContinuationToken", "")
            if root.findtext(f"{_S3_NS}IsTruncated", "false") != "true" or not token:
                return

    def presigned_put(self, public_endpoint: str, bucket: str, key: str, content_type: str, expires: int) -> str:
        """An address on ``public_endpoint`` (the gateway, which passes it to the store unchanged) that PUTs
        ``key`` with exactly that ``Content-Type`` within ``expires`` seconds."""
        url = f"{public_endpoint.rstrip('/')}/{bucket}/{key}"
        return self._signer.presigned("PUT", url, {"content-type": content_type}, expires, datetime.now(UTC))
