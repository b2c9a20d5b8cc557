"""The object store client's AWS Signature Version 4 against the examples AWS publishes for S3 (their credentials,
date and expected signatures): a request signed in headers, and a presigned address."""

import asyncio
from datetime import UTC, datetime

import httpx
import pytest

from services.catalog.adapters.object_store import Credentials, ObjectStore, Signer
from services.runtime.errors import Unavailable

AWS_EXAMPLE = Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
DAY = datetime(2013, 5, 24, tzinfo=UTC)


def test_a_ranged_get_is_signed_as_aws_documents():
    headers = Signer(AWS_EXAMPLE).headers(
        "GET", "https://examplebucket.s3.amazonaws.com/test.txt", {}, b"", {"Range": "bytes=0-9"}, DAY
    )
    assert headers["authorization"] == (
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
        "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
        "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
    )


def test_a_presigned_address_is_signed_as_aws_documents():
    url = Signer(AWS_EXAMPLE).presigned("GET", "https://examplebucket.s3.amazonaws.com/test.txt", {}, 86400, DAY)
    assert url.endswith("X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    assert "X-Amz-SignedHeaders=host&" in url
    assert "X-Amz-Expires=86400" in url


def test_a_presigned_upload_binds_its_content_type():
    signer = Signer(AWS_EXAMPLE)
    jpeg = signer.presigned("PUT", "http://gw/uploads/products/p/1", {"content-type": "image/jpeg"}, 900, DAY)
    png = signer.presigned("PUT", "http://gw/uploads/products/p/1", {"content-type": "image/png"}, 900, DAY)
    assert "X-Amz-SignedHeaders=content-type%3Bhost" in jpeg
    assert jpeg.rsplit("=", 1)[1] != png.rsplit("=", 1)[1]


def _store(status: int) -> ObjectStore:
    transport = httpx.MockTransport(lambda request: httpx.Response(status, text="<Error/>"))
    return ObjectStore("http://store:8333", AWS_EXAMPLE, transport=transport)


def test_a_store_in_trouble_is_unavailable_to_callers_never_internal():
    async def calls() -> None:
        for status in (500, 503, 403):
            store = _store(status)
            with pytest.raises(Unavailable) as refused:
                await store.head("shopmesh-uploads", "products/p/1")
            assert refused.value.reason == "OBJECT_STORE_UNAVAILABLE"
            with pytest.raises(Unavailable):
                await store.put("shopmesh-media", "a.webp", b"x", "image/webp")
            await store.close()
        missing = _store(404)
        assert await missing.head("shopmesh-uploads", "products/p/1") is None
        assert await missing.get("shopmesh-uploads", "products/p/1") is None
        await missing.close()

    asyncio.run(calls())
