"""Pictures for upload tests, made here (nothing downloaded), and the two steps of an upload through the gateway."""

from __future__ import annotations

import io
import struct
import time
import uuid
import zlib

import httpx
from PIL import Image

from tests.e2e.conftest import RestUser

# EXIF tags: camera make, orientation, and the GPS block (latitude and longitude of where it was taken).
MAKE, ORIENTATION, GPS_INFO = 0x010F, 0x0112, 0x8825


def _unique(image: Image.Image) -> Image.Image:
    """Renditions are named by their bytes: a picture of its own per call, so no test shares another's objects."""
    marker = uuid.uuid4().bytes
    for n, byte in enumerate(marker):
        image.paste((byte, 255 - byte, n * 16), (n * 16, 0, n * 16 + 16, 16))
    return image


def photo(width: int = 1600, height: int = 1200, *, colour: tuple[int, int, int] = (180, 40, 40)) -> bytes:
    """A JPEG as a phone makes it: camera make, an orientation (rotate 90° to view) and a GPS position."""
    image = Image.new("RGB", (width, height), colour)
    for x in range(0, width, 64):  # some detail, so encoders have something to keep
        image.paste((x % 255, 90, 200), (x, 0, x + 8, height))
    _unique(image)
    exif = Image.Exif()
    exif[MAKE] = "ShopMesh Test Camera"
    exif[ORIENTATION] = 6
    exif.get_ifd(GPS_INFO).update({1: "N", 2: (48.0, 51.0, 29.0), 3: "E", 4: (2.0, 17.0, 40.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def png(width: int = 400, height: int = 300) -> bytes:
    out = io.BytesIO()
    _unique(Image.new("RGBA", (width, height), (20, 120, 60, 200))).save(out, "PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(side: int = 20_000) -> bytes:
    """A small PNG whose header promises side x side pixels (what a decompression bomb looks like)."""
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + side) * 16, 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


def start_upload(rest: httpx.Client, admin: RestUser, product: str, content_type: str) -> dict:
    started = rest.post(f"/v1/{product}/images:startUpload", headers=admin.headers, json={"content_type": content_type})
    assert started.status_code == 200, started.text
    return started.json()


def put_bytes(upload: dict, data: bytes, content_type: str | None = None) -> httpx.Response:
    """The admin's browser sends the bytes to the presigned address (through the gateway, to the store)."""
    return httpx.put(
        upload["upload_uri"], content=data, headers={"content-type": content_type or upload["content_type"]}, timeout=30
    )


def finish_upload(
    rest: httpx.Client, admin: RestUser, product: str, upload: dict, alt_text: str = "The product", **image: object
) -> httpx.Response:
    return rest.post(
        f"/v1/{product}/images",
        headers=admin.headers,
        json={"upload_token": upload["upload_token"], "image": {"alt_text": alt_text, **image}},
    )


def upload(
    rest: httpx.Client, admin: RestUser, product: str, data: bytes, content_type: str, alt_text: str = "The product"
) -> dict:
    """Both steps; the new image (PROCESSING)."""
    started = start_upload(rest, admin, product, content_type)
    assert put_bytes(started, data).status_code == 200
    created = finish_upload(rest, admin, product, started, alt_text)
    assert created.status_code == 200, created.text
    return created.json()["image"]


def image_of(rest: httpx.Client, admin: RestUser, product: str, image: str) -> dict | None:
    """The image as the catalog has it now (read with a token: the gateway's cache answers only anonymous reads)."""
    found = rest.get(f"/v1/{product}", headers=admin.headers).json()["product"]["images"]
    return next((i for i in found if i["name"] == image), None)


def wait_until_processed(rest: httpx.Client, admin: RestUser, product: str, image: str, within: float = 30) -> dict:
    """The image once its renditions are made (READY) or it failed: made from an event, off the request path."""
    deadline = time.monotonic() + within
    while True:
        found = image_of(rest, admin, product, image)
        assert found is not None, f"{image} is not in the gallery"
        if found["state"] != "STATE_PROCESSING":
            return found
        assert time.monotonic() < deadline, f"{image} still processing after {within}s"
        time.sleep(0.2)
