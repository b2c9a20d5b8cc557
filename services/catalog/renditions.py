"""The versions of an uploaded picture that shoppers get: several widths, each in WebP and JPEG.

Each is decoded from the upload and encoded anew, so nothing of the upload's metadata (EXIF, GPS position, camera,
comments) survives; the EXIF orientation is applied first, so a phone's portrait photo stays upright. Each is named
by the SHA-256 of its bytes: an address whose content never changes, served as immutable.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

from services.catalog.image_checks import MAX_PIXELS, check_pixels

WIDTHS = (320, 640, 1280)
# Format → (Pillow's encoder, file extension, content type).
FORMATS = {"webp": ("WEBP", "webp", "image/webp"), "jpeg": ("JPEG", "jpg", "image/jpeg")}


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    format: str  # a key of FORMATS
    data: bytes

    @property
    def key(self) -> str:
        """Its object key and file name, ``<sha256>.<ext>``."""
        return f"{hashlib.sha256(self.data).hexdigest()}.{FORMATS[self.format][1]}"

    @property
    def content_type(self) -> str:
        return FORMATS[self.format][2]


class UndecodableImage(Exception):
    """The bytes passed the header checks but are not a whole image."""


def widths_for(original_width: int) -> list[int]:
    """The rendition widths of a picture ``original_width`` wide: never wider than it, at least one."""
    widths = [w for w in WIDTHS if w < original_width]
    widest = min(original_width, WIDTHS[-1])
    return widths if widest in widths else [*widths, widest]


def _flattened(image: Image.Image) -> Image.Image:
    """RGB for JPEG: transparency over white."""
    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def make_renditions(data: bytes) -> list[Rendition]:
    """Every rendition of the picture ``data`` (CPU-bound: run it off the event loop)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as opened:
                check_pixels(*opened.size)
                if opened.size[0] * opened.size[1] > MAX_PIXELS:
                    raise UndecodableImage("too many pixels")
                opened.seek(0)  # an animated GIF or WebP: its first frame
                alpha = _has_alpha(opened)
                image = ImageOps.exif_transpose(opened).convert("RGBA" if alpha else "RGB")
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombWarning, Image.DecompressionBombError) as e:
            raise UndecodableImage(str(e)) from None
    renditions = []
    for width in widths_for(image.width):
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        for name, (encoder, _, _) in FORMATS.items():
            out = io.BytesIO()
            if encoder == "JPEG":
                _flattened(resized).save(out, "JPEG", quality=85, optimize=True, progressive=True)
            else:
                resized.save(out, "WEBP", quality=80, method=4)
            renditions.append(Rendition(width, height, name, out.getvalue()))
    return renditions


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
