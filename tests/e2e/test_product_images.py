"""Product pictures end to end: an admin uploads straight into the object store through the gateway, the catalog
checks what arrived, renditions are made from an event, and shoppers fetch them from the gateway's /media/ under
addresses named by their bytes, without the photo's EXIF or GPS data. Every bad upload is a 400 with its reason and
leaves no object behind; deleting an image or its product removes its objects."""

from __future__ import annotations

import asyncio
import hashlib
import io
import time
import uuid

import httpx
import pytest
from PIL import Image

from scripts.mesh import Profile
from scripts.reconcile import profile_media, profile_urls, reconcile
from services.catalog.adapters.object_store import Credentials, ObjectStore
from tests.e2e.conftest import RestUser
from tests.e2e.pictures import (
    finish_upload,
    image_of,
    photo,
    png,
    png_bomb,
    put_bytes,
    start_upload,
    upload,
    wait_until_processed,
)
from tests.e2e.rest_errors import error_reason, field_violations
from tests.e2e.shopping import new_product, new_tee


class Store:
    """The stack's object store, read as its admin (what the tests check objects against)."""

    def __init__(self, mesh: Profile) -> None:
        self.mesh = mesh

    async def _head(self, bucket: str, key: str) -> bool:
        admin = self.mesh.s3_admin_user
        store = ObjectStore(self.mesh.s3_url, Credentials(admin, self.mesh.s3_secret(admin)))
        try:
            return await store.head(bucket, key) is not None
        finally:
            await store.close()

    def has_upload(self, product: str, image: str) -> bool:
        """Whether the uploaded bytes of ``image`` (a name or an id) are in the uploads bucket."""
        key = f"products/{product.removeprefix('products/')}/{image.rsplit('/', 1)[-1]}"
        return asyncio.run(self._head(self.mesh.uploads_bucket, key))

    def has_uploaded_to(self, upload_uri: str) -> bool:
        """Whether anything is at a presigned upload address."""
        path = httpx.URL(upload_uri).path.removeprefix(f"/{self.mesh.uploads_bucket}/")
        return asyncio.run(self._head(self.mesh.uploads_bucket, path))

    def has_rendition(self, uri: str) -> bool:
        return asyncio.run(self._head(self.mesh.media_bucket, uri.removeprefix("/media/")))


@pytest.fixture(scope="module")
def store(mesh: Profile) -> Store:
    return Store(mesh)


@pytest.fixture
def product(rest: httpx.Client, admin: RestUser) -> dict:
    return new_product(rest, admin, display_name="Enamel Mug", stock=0)


def _gone(check, within: float = 30) -> None:
    """Until ``check()`` is false: objects are removed by an event, after the call that deleted the rows."""
    deadline = time.monotonic() + within
    while check():
        assert time.monotonic() < deadline, "the object is still in the store"
        time.sleep(0.2)


def test_an_admin_uploads_a_photo_and_shoppers_get_its_renditions_without_its_gps(
    rest: httpx.Client, admin: RestUser, product: dict, store: Store
):
    created = upload(rest, admin, product["name"], photo(1600, 1200), "image/jpeg", alt_text="  A red enamel mug ")
    assert (created["state"], created["alt_text"], created["content_type"]) == (
        "STATE_PROCESSING",
        "A red enamel mug",
        "image/jpeg",
    )
    ready = wait_until_processed(rest, admin, product["name"], created["name"])
    assert ready["state"] == "STATE_READY"
    # Upright (the photo's orientation applied): 1200 wide, in three widths, each in WebP and JPEG.
    assert {(r["width"], r["height"], r["format"]) for r in ready["renditions"]} == {
        (w, h, f) for w, h in ((320, 427), (640, 853), (1200, 1600)) for f in ("FORMAT_WEBP", "FORMAT_JPEG")
    }
    for rendition in ready["renditions"]:
        served = httpx.get(f"{rest.base_url}{rendition['uri']}")  # anyone, no token
        assert served.status_code == 200
        assert served.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert (
            served.headers["content-type"]
            == {"FORMAT_WEBP": "image/webp", "FORMAT_JPEG": "image/jpeg"}[rendition["format"]]
        )
        assert rendition["uri"] == f"/media/{hashlib.sha256(served.content).hexdigest()}." + (
            "webp" if rendition["format"] == "FORMAT_WEBP" else "jpg"
        )
        opened = Image.open(io.BytesIO(served.content))
        assert opened.size == (rendition["width"], rendition["height"])
        assert not opened.getexif()  # no camera, no GPS position
    # The upload itself is never served: only its renditions are public.
    key = f"/{store.mesh.uploads_bucket}/products/{product['name'].split('/')[1]}/{created['name'].rsplit('/', 1)[1]}"
    assert httpx.get(f"{rest.base_url}{key}").status_code == 404
    assert httpx.get(f"http://127.0.0.1:{store.mesh.ports['s3']}{key}").status_code == 403
    # The product a shopper reads shows it (anonymous reads go through the gateway's cache: the version changed).
    shown = rest.get(f"/v1/{product['name']}").json()["product"]["images"]
    assert [i["name"] for i in shown] == [created["name"]]


BAD_UPLOADS = {
    "not an image": (b"<html>not a picture</html>", "image/png", "NOT_AN_IMAGE"),
    "empty": (b"", "image/jpeg", "UPLOAD_EMPTY"),
    "a PNG declared as JPEG": (png(), "image/jpeg", "CONTENT_TYPE_MISMATCH"),
    "a decompression bomb": (png_bomb(20_000), "image/png", "IMAGE_TOO_LARGE"),
}


@pytest.mark.parametrize("case", BAD_UPLOADS, ids=list(BAD_UPLOADS))
def test_a_bad_upload_is_refused_with_its_reason_and_leaves_nothing(
    rest: httpx.Client, admin: RestUser, product: dict, store: Store, case: str
):
    data, declared, reason = BAD_UPLOADS[case]
    started = start_upload(rest, admin, product["name"], declared)
    assert put_bytes(started, data).status_code == 200  # the store takes any bytes; the catalog checks them
    assert store.has_uploaded_to(started["upload_uri"])
    refused = finish_upload(rest, admin, product["name"], started)
    assert refused.status_code == 400, refused.text
    assert error_reason(refused) == reason
    assert field_violations(refused) == {"upload_token"}
    assert rest.get(f"/v1/{product['name']}", headers=admin.headers).json()["product"]["images"] == []
    assert not store.has_uploaded_to(started["upload_uri"])


def test_upload_addresses_and_tokens_hold_only_for_what_they_were_issued(
    rest: httpx.Client, admin: RestUser, product: dict
):
    started = start_upload(rest, admin, product["name"], "image/png")
    # Nothing uploaded yet.
    early = finish_upload(rest, admin, product["name"], started)
    assert (early.status_code, error_reason(early)) == (400, "UPLOAD_MISSING")
    # The address is signed for its type and its key: another type or another key is the store's 403.
    assert put_bytes(started, png(), content_type="image/jpeg").status_code == 403
    other_key = started["upload_uri"].replace(started["upload_uri"].split("?")[0][-4:], "0000")
    assert httpx.put(other_key, content=png(), headers={"content-type": "image/png"}).status_code == 403
    assert put_bytes(started, png()).status_code == 200
    # An edited token, or one used on another product, is a 400.
    token = started["upload_token"]
    edited = {**started, "upload_token": token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")}
    tampered = finish_upload(rest, admin, product["name"], edited)
    assert (tampered.status_code, error_reason(tampered)) == (400, "INVALID_UPLOAD_TOKEN")
    other = new_product(rest, admin, stock=0)
    moved = finish_upload(rest, admin, other["name"], started)
    assert (moved.status_code, error_reason(moved)) == (400, "INVALID_UPLOAD_TOKEN")
    # Alt text is required.
    blank = finish_upload(rest, admin, product["name"], started, alt_text="   ")
    assert (blank.status_code, error_reason(blank)) == (400, "ALT_TEXT_REQUIRED")
    # The same token twice: one image.
    first = finish_upload(rest, admin, product["name"], started, alt_text="A green square")
    again = finish_upload(rest, admin, product["name"], started, alt_text="A green square")
    assert first.status_code == again.status_code == 200
    assert first.json()["image"]["name"] == again.json()["image"]["name"]
    images = rest.get(f"/v1/{product['name']}", headers=admin.headers).json()["product"]["images"]
    assert len(images) == 1


def test_images_show_variants_keep_their_order_and_leave_no_objects_when_deleted(
    rest: httpx.Client, admin: RestUser, store: Store
):
    tee = new_tee(rest, admin, display_name="Gallery Tee")
    product = tee["name"]
    black = tee["variants"]["M", "Black"]
    front = upload(rest, admin, product, photo(900, 600, colour=(10, 10, 10)), "image/jpeg", "Front, black")
    back = upload(rest, admin, product, png(500, 500), "image/png", "Back")
    shown = rest.patch(
        f"/v1/{front['name']}",
        headers=admin.headers,
        json={"variants": [black["name"]], "position": 1},
        params={"update_mask": "variants,position"},
    )
    assert shown.status_code == 200, shown.text
    assert (shown.json()["image"]["variants"], shown.json()["image"]["position"]) == ([black["name"]], 1)
    assert image_of(rest, admin, product, back["name"])["position"] == 0
    stranger = rest.patch(
        f"/v1/{back['name']}",
        headers=admin.headers,
        json={"variants": ["products/other/variants/v1"]},
        params={"update_mask": "variants"},
    )
    assert (stranger.status_code, error_reason(stranger)) == (400, "UNKNOWN_VARIANT")
    ready = [wait_until_processed(rest, admin, product, i["name"]) for i in (front, back)]
    renditions = [r["uri"] for image in ready for r in image["renditions"]]
    assert renditions
    assert all(store.has_rendition(uri) for uri in renditions)
    # Deleting one image: its objects go; the other's stay.
    assert rest.delete(f"/v1/{front['name']}", headers=admin.headers).status_code == 200
    assert image_of(rest, admin, product, back["name"])["position"] == 0
    _gone(lambda: store.has_upload(product, front["name"]))
    _gone(lambda: any(store.has_rendition(r["uri"]) for r in ready[0]["renditions"]))
    assert all(store.has_rendition(r["uri"]) for r in ready[1]["renditions"])
    # Deleting the product: the rest goes.
    current = rest.get(f"/v1/{product}", headers=admin.headers).json()["product"]
    archived = rest.post(f"/v1/{product}:archive", headers=admin.headers, json={"etag": current["etag"]})
    assert archived.status_code == 200, archived.text
    assert rest.delete(f"/v1/{product}", headers=admin.headers).status_code == 200
    _gone(lambda: store.has_upload(product, back["name"]))
    _gone(lambda: any(store.has_rendition(r["uri"]) for r in ready[1]["renditions"]))


def test_an_image_address_that_is_not_https_is_refused(rest: httpx.Client, admin: RestUser, product: dict):
    for uri in ("data:image/png;base64,iVBORw0KGgo=", "http://example.com/a.png", "javascript:alert(1)"):
        refused = rest.patch(
            f"/v1/{product['name']}",
            headers=admin.headers,
            json={"image_uris": [uri]},
            params={"update_mask": "image_uris"},
        )
        assert refused.status_code == 400, (uri, refused.text)


def test_reconcile_finds_objects_without_images_and_images_without_objects(
    rest: httpx.Client, admin: RestUser, product: dict, store: Store, mesh: Profile
):
    image = wait_until_processed(
        rest, admin, product["name"], upload(rest, admin, product["name"], png(), "image/png")["name"]
    )
    stray = f"{uuid.uuid4().hex}{uuid.uuid4().hex}.webp"  # a rendition no image names

    async def tamper() -> None:
        admin_user = mesh.s3_admin_user
        objects = ObjectStore(mesh.s3_url, Credentials(admin_user, mesh.s3_secret(admin_user)))
        try:
            await objects.put(mesh.media_bucket, stray, b"RIFF....WEBP", "image/webp")
            await objects.delete(mesh.media_bucket, image["renditions"][0]["uri"].removeprefix("/media/"))
        finally:
            await objects.close()

    asyncio.run(tamper())
    report = reconcile(profile_urls("test"), settle=0.0, media=profile_media("test"))
    found = {(f.check, f.subject) for f in report.findings if f.check.startswith("media-")}
    assert ("media-rendition-orphan", stray) in found
    assert ("media-rendition-missing", image["name"]) in found
    assert report.checked["product images"] >= 1
