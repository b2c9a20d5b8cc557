"""A product's gallery: its uploaded pictures, their order, what they show, and where they are on their way to
shoppers (processing → ready, or failed). Pure rules; media.py applies them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from services.runtime.errors import FieldViolation, InvalidArgument
from services.runtime.resource_versions import etag

IMAGE = "catalog.shopmesh.dev/ProductImage"

PROCESSING = "processing"
READY = "ready"
FAILED = "failed"

MAX_IMAGES = 20
MAX_ALT_TEXT = 250
# Fields UpdateProductImage may change.
UPDATABLE = frozenset({"alt_text", "position", "variants"})


@dataclass(frozen=True)
class Rendition:
    width: int
    height: int
    format: str  # "webp" | "jpeg"
    key: str  # "<sha256>.<ext>": its object in the media bucket, its file under the gateway's /media/

    @property
    def uri(self) -> str:
        return f"/media/{self.key}"


@dataclass(frozen=True)
class Image:
    id: str  # 32 hex digits
    product_id: str
    alt_text: str
    position: int
    variant_ids: tuple[str, ...]
    state: str
    width: int
    height: int
    content_type: str
    object_key: str  # the upload's object in the uploads bucket
    renditions: tuple[Rendition, ...]
    create_time: datetime
    update_time: datetime
    version: int

    @property
    def name(self) -> str:
        return f"products/{self.product_id}/images/{self.id}"

    @property
    def etag(self) -> str:
        return etag(self.id, self.version)


def object_key(product_id: str, image_id: str) -> str:
    """Where an upload's bytes go in the uploads bucket."""
    return f"products/{product_id}/{image_id}"


def check_alt_text(alt_text: str, path: str = "image.alt_text") -> str:
    cleaned = " ".join(alt_text.split())
    if not cleaned:
        raise InvalidArgument.field(
            path, "describe the picture for shoppers who cannot see it", reason="ALT_TEXT_REQUIRED"
        )
    if len(cleaned) > MAX_ALT_TEXT:
        raise InvalidArgument.field(path, f"at most {MAX_ALT_TEXT} characters")
    return cleaned


def check_variants(
    product_id: str, names: Sequence[str], variant_ids: set[str], path: str = "image.variants"
) -> tuple[str, ...]:
    """Variant names → ids of this product's variants (field violations name the others)."""
    ids, violations = [], []
    prefix = f"products/{product_id}/variants/"
    for n, name in enumerate(names):
        variant_id = name.removeprefix(prefix) if name.startswith(prefix) else None
        if variant_id is None or variant_id not in variant_ids:
            violations.append(FieldViolation(f"{path}[{n}]", f"{name} is not a variant of products/{product_id}"))
        elif variant_id not in ids:
            ids.append(variant_id)
    if violations:
        raise InvalidArgument(violations, reason="UNKNOWN_VARIANT")
    return tuple(ids)


def moved(images: Sequence[Image], image_id: str, position: int) -> dict[str, int]:
    """Image id → its new position when ``image_id`` moves to ``position`` (clamped to the gallery's end); only the
    images whose position changes."""
    order = [i.id for i in sorted(images, key=lambda i: (i.position, i.create_time))]
    order.remove(image_id)
    order.insert(min(max(position, 0), len(order)), image_id)
    current = {i.id: i.position for i in images}
    return {i: n for n, i in enumerate(order) if current[i] != n}


def closed_up(images: Sequence[Image], removed: str) -> dict[str, int]:
    """Positions after ``removed`` leaves: the others keep their order, 0 to n - 1; only the changed ones."""
    order = [i for i in sorted(images, key=lambda i: (i.position, i.create_time)) if i.id != removed]
    return {i.id: n for n, i in enumerate(order) if i.position != n}
