"""Product images' pure rules: what an upload must be (type by magic bytes, pixel limits from the header), the
renditions made of it (no metadata survives, never wider than the upload), upload tokens, gallery order."""

from __future__ import annotations

import hashlib
import io
import struct
import zlib
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from services.catalog import gallery, image_checks
from services.catalog.media import UploadTokens
from services.catalog.renditions import WIDTHS, UndecodableImage, make_renditions, widths_for
from services.runtime.errors import InvalidArgument

NOW = datetime(2026, 12, 7, 12, tzinfo=UTC)


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + ihdr + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def _encoded(fmt: str, size: tuple[int, int] = (50, 40), **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 200, 30)).save(out, fmt, **save)
    return out.getvalue()


def _reason(call) -> str:
    with pytest.raises(InvalidArgument) as refused:
        call()
    assert refused.value.violations[0].field == "upload_token"
    return refused.value.reason


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp"), ("GIF", "image/gif")],
)
def test_every_accepted_type_is_known_by_its_bytes(fmt, content_type):
    data = _encoded(fmt)
    assert image_checks.check_upload(data, len(data), content_type) == image_checks.CheckedImage(content_type, 50, 40)
    others = [t for t in image_checks.TYPES if t != content_type]
    assert {_reason(lambda t=t: image_checks.check_upload(data, len(data), t)) for t in others} == {
        "CONTENT_TYPE_MISMATCH"
    }


@given(st.binary(max_size=200).filter(lambda b: image_checks.sniff(b) is None and b))
def test_bytes_no_image_type_starts_with_are_not_an_image(data):
    assert _reason(lambda: image_checks.check_upload(data, len(data), "image/png")) == "NOT_AN_IMAGE"


@given(st.integers(1, 60_000), st.integers(1, 60_000))
def test_the_pixel_limit_is_read_from_the_header(width, height):
    data = _png_header(width, height)
    within = width <= image_checks.MAX_SIDE and height <= image_checks.MAX_SIDE
    within = within and width * height <= image_checks.MAX_PIXELS
    if within:
        assert image_checks.check_upload(data, len(data), "image/png").width == width
    else:
        assert _reason(lambda: image_checks.check_upload(data, len(data), "image/png")) == "IMAGE_TOO_LARGE"


def test_empty_and_oversized_files_are_refused_by_their_size():
    assert _reason(lambda: image_checks.check_upload(b"", 0, "image/png")) == "UPLOAD_EMPTY"
    head = _encoded("PNG")
    assert _reason(lambda: image_checks.check_upload(head, image_checks.MAX_BYTES + 1, "image/png")) == (
        "UPLOAD_TOO_LARGE"
    )


def test_a_truncated_header_is_not_an_image():
    assert _reason(lambda: image_checks.check_upload(b"\xff\xd8\xff\xe0\x00", 5, "image/jpeg")) == "NOT_AN_IMAGE"


@given(st.integers(1, 4000))
def test_rendition_widths_never_pass_the_upload_and_keep_the_ladder(width):
    widths = widths_for(width)
    assert widths == sorted(set(widths))
    assert widths
    assert max(widths) == min(width, WIDTHS[-1])
    assert all(w in WIDTHS for w in widths[:-1])


def test_renditions_carry_no_metadata_and_stand_upright():
    exif = Image.Exif()
    exif[0x010F] = "Camera"
    exif[0x0112] = 6  # rotate to view: the picture is taller than wide once upright
    exif.get_ifd(0x8825).update({1: "N", 2: (48.0, 51.0, 29.0)})
    made = make_renditions(_encoded("JPEG", (800, 600), exif=exif.tobytes()))
    assert {(r.width, r.format) for r in made} == {(w, f) for w in (320, 600) for f in ("webp", "jpeg")}
    for rendition in made:
        opened = Image.open(io.BytesIO(rendition.data))
        assert opened.size == (rendition.width, rendition.height)
        assert opened.height > opened.width
        assert not opened.getexif()
        assert "exif" not in opened.info
        assert rendition.key.startswith(hashlib.sha256(rendition.data).hexdigest())


def test_a_picture_whose_pixels_do_not_decode_fails():
    with pytest.raises(UndecodableImage):
        make_renditions(_png_header(500, 500))


TOKENS = UploadTokens("catalog-secret")


def test_an_upload_token_names_its_image_and_type_until_it_expires():
    token = TOKENS.issue("p1", "a" * 32, "image/png", NOW + timedelta(minutes=15))
    assert TOKENS.read(token, "p1", NOW) == ("a" * 32, "image/png")
    with pytest.raises(InvalidArgument) as expired:
        TOKENS.read(token, "p1", NOW + timedelta(minutes=16))
    assert expired.value.reason == "UPLOAD_EXPIRED"
    with pytest.raises(InvalidArgument) as elsewhere:
        TOKENS.read(token, "p2", NOW)
    assert elsewhere.value.reason == "INVALID_UPLOAD_TOKEN"


@given(st.data())
def test_any_edit_of_an_upload_token_is_refused(data):
    token = TOKENS.issue("p1", "b" * 32, "image/jpeg", NOW + timedelta(minutes=15))
    at = data.draw(st.integers(0, len(token) - 1))
    replacement = data.draw(st.characters(codec="ascii").filter(lambda c: c != token[at]))
    edited = token[:at] + replacement + token[at + 1 :]
    with pytest.raises(InvalidArgument) as refused:
        TOKENS.read(edited, "p1", NOW)
    assert refused.value.reason == "INVALID_UPLOAD_TOKEN"
    with pytest.raises(InvalidArgument):
        UploadTokens("another-shop").read(token, "p1", NOW)


def _gallery(n: int) -> list[gallery.Image]:
    return [
        gallery.Image(
            id=f"{i:032x}",
            product_id="p",
            alt_text="x",
            position=i,
            variant_ids=(),
            state=gallery.READY,
            width=1,
            height=1,
            content_type="image/png",
            object_key="k",
            renditions=(),
            create_time=NOW,
            update_time=NOW,
            version=1,
        )
        for i in range(n)
    ]


@given(st.integers(1, 20), st.data())
def test_moving_an_image_keeps_the_gallery_a_sequence(n, data):
    images = _gallery(n)
    moving = data.draw(st.sampled_from(images))
    target = data.draw(st.integers(-3, n + 3))
    changes = gallery.moved(images, moving.id, target)
    after = {i.id: changes.get(i.id, i.position) for i in images}
    assert sorted(after.values()) == list(range(n))
    assert after[moving.id] == min(max(target, 0), n - 1)
    others = sorted((i for i in images if i.id != moving.id), key=lambda i: after[i.id])
    assert [i.position for i in others] == sorted(i.position for i in others)  # the rest keep their order


@given(st.integers(1, 20), st.data())
def test_removing_an_image_closes_the_gap(n, data):
    images = _gallery(n)
    removed = data.draw(st.sampled_from(images))
    changes = gallery.closed_up(images, removed.id)
    after = [changes.get(i.id, i.position) for i in images if i.id != removed.id]
    assert after == list(range(n - 1))


def test_alt_text_is_required_and_tidied():
    assert gallery.check_alt_text("  A  mug\n on a table ") == "A mug on a table"
    with pytest.raises(InvalidArgument) as missing:
        gallery.check_alt_text(" \t ")
    assert missing.value.reason == "ALT_TEXT_REQUIRED"


def test_an_image_shows_only_variants_of_its_product():
    ids = {"v1", "v2"}
    assert gallery.check_variants("p", ["products/p/variants/v2"], ids) == ("v2",)
    with pytest.raises(InvalidArgument) as refused:
        gallery.check_variants("p", ["products/q/variants/v1", "products/p/variants/v9"], ids)
    assert [v.field for v in refused.value.violations] == ["image.variants[0]", "image.variants[1]"]
