"""What an uploaded picture must be before the catalog accepts it, decided from its size and its first bytes.

- Its real type comes from its magic bytes (JPEG, PNG, WebP, GIF), never from what the uploader declared; a
  declaration that disagrees is refused (a "lying content type").
- Its pixel count comes from its header, read without decoding a pixel: a PNG that would inflate to 20 000 x
  20 000 pixels (a decompression bomb) is refused before anything allocates it.
- Empty files and files over ``MAX_BYTES`` are refused.

Every refusal is INVALID_ARGUMENT on ``upload_token`` (the upload is what is wrong) with its own reason.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

from services.runtime.errors import InvalidArgument

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 12_000
# Enough of the file to find its dimensions: a JPEG's frame header may follow up to 64 KiB of EXIF and ICC
# segments; the others put it in their first bytes.
HEADER_BYTES = 1024 * 1024

TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")
# Pillow's format name of each type it must decode as.
_PIL_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP", "image/gif": "GIF"}


def sniff(head: bytes) -> str | None:
    """The image type the bytes start like, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    return None


@dataclass(frozen=True)
class CheckedImage:
    content_type: str
    width: int
    height: int


def _refused(description: str, reason: str) -> InvalidArgument:
    return InvalidArgument.field("upload_token", description, reason=reason)


def check_size(size: int) -> None:
    if size == 0:
        raise _refused("the uploaded file is empty", "UPLOAD_EMPTY")
    if size > MAX_BYTES:
        raise _refused(f"the uploaded file is {size} bytes; at most {MAX_BYTES}", "UPLOAD_TOO_LARGE")


def check_pixels(width: int, height: int) -> None:
    if width <= 0 or height <= 0:
        raise _refused("the image has no pixels", "NOT_AN_IMAGE")
    if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
        raise _refused(
            f"the image is {width} x {height} pixels; at most {MAX_SIDE} a side and {MAX_PIXELS} in all",
            "IMAGE_TOO_LARGE",
        )


def dimensions(head: bytes, content_type: str) -> tuple[int, int]:
    """Width and height from the header (nothing decoded); NOT_AN_IMAGE when the header does not parse."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(head), formats=[_PIL_FORMATS[content_type]]) as image:
                return image.size
        except Image.DecompressionBombError:
            # Pillow's own guard fires past twice its default limit; the size is still in the header.
            return _png_header_size(head) if content_type == "image/png" else (MAX_SIDE + 1, MAX_SIDE + 1)
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise _refused("the file's header is not a readable image", "NOT_AN_IMAGE") from None


def _png_header_size(head: bytes) -> tuple[int, int]:
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def check_upload(head: bytes, size: int, declared: str) -> CheckedImage:
    """The picture's real type and size, or the reason it is refused. ``head``: its first ``HEADER_BYTES``."""
    check_size(size)
    actual = sniff(head)
    if actual is None:
        raise _refused("the file is not a JPEG, PNG, WebP or GIF image", "NOT_AN_IMAGE")
    if actual != declared:
        raise _refused(f"the file was declared {declared} but is {actual}", "CONTENT_TYPE_MISMATCH")
    width, height = dimensions(head, actual)
    check_pixels(width, height)
    return CheckedImage(actual, width, height)
