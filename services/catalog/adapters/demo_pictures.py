"""Pictures of the demo catalog, drawn when it is loaded (nothing is downloaded): a plain studio card per product
in its colour or material, one per colour for products that come in colours (shown for those variants). They go
through the same renditions as an upload and land in the object store; the image rows are READY at once.
"""

from __future__ import annotations

import asyncio
import io
import uuid
from datetime import UTC, datetime

from PIL import Image, ImageDraw, ImageFont

from services.catalog import gallery
from services.catalog.adapters.events import CatalogEvents
from services.catalog.adapters.images import ImageRepository
from services.catalog.adapters.repository import ProductRepository
from services.catalog.domain import Product
from services.catalog.media import MediaStore
from services.catalog.renditions import make_renditions
from services.runtime.database import Database

SIDE = 480
# Colours, finishes and materials → what they look like.
SWATCHES = {
    "black": (38, 38, 40),
    "white": (236, 234, 228),
    "red": (178, 44, 40),
    "natural": (196, 164, 120),
    "navy": (36, 52, 92),
    "oatmeal": (214, 200, 172),
    "olive": (102, 106, 58),
    "khaki": (170, 152, 108),
    "charcoal": (64, 66, 70),
    "sky": (150, 190, 226),
    "grey": (140, 142, 146),
    "rust": (168, 82, 44),
    "blue": (52, 100, 170),
    "green": (62, 130, 84),
    "sand": (212, 190, 150),
    "slate": (92, 104, 116),
    "oak": (190, 150, 96),
    "walnut": (104, 70, 46),
    "brass": (190, 154, 70),
    "stainless steel": (170, 174, 178),
    "cast iron": (50, 50, 52),
    "carbon steel": (80, 78, 76),
    "enamelled steel": (40, 90, 140),
    "beech wood": (206, 170, 120),
    "stoneware": (200, 190, 176),
    "terracotta": (188, 98, 62),
    "steel": (150, 154, 158),
    "recycled plastic": (80, 140, 110),
    "ash wood": (200, 176, 140),
}
BACKDROPS = [(244, 240, 232), (234, 240, 236), (238, 236, 244), (244, 236, 232)]


def _swatch(*words: str) -> tuple[int, int, int]:
    for word in words:
        if word.lower() in SWATCHES:
            return SWATCHES[word.lower()]
    return (120, 96, 72)


def draw(title: str, colour: tuple[int, int, int], backdrop: tuple[int, int, int]) -> bytes:
    """A studio card: the object as a soft-cornered shape with its shadow, its name underneath (PNG)."""
    image = Image.new("RGB", (SIDE, SIDE), backdrop)
    pen = ImageDraw.Draw(image)
    shadow = tuple(max(0, c - 22) for c in backdrop)
    pen.ellipse((110, 352, 370, 384), fill=shadow)
    pen.rounded_rectangle((130, 110, 350, 360), radius=48, fill=colour)
    highlight = tuple(min(255, c + 40) for c in colour)
    pen.rounded_rectangle((150, 130, 200, 300), radius=20, fill=highlight)
    font = ImageFont.load_default(size=28)
    pen.text((SIDE // 2, 420), title, fill=(40, 40, 44), font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _pictures(product: Product) -> list[tuple[str, bytes, tuple[str, ...]]]:
    """(alt text, PNG, variant ids it shows) for a product: one per colour it comes in, or one."""
    name = product.fields.display_name
    backdrop = BACKDROPS[sum(map(ord, product.sku)) % len(BACKDROPS)]
    colours = next((o.values for o in product.fields.options if o.name == "Colour"), ())
    if colours:
        return [
            (
                f"{name} in {colour.lower()}",
                draw(name, _swatch(colour), backdrop),
                tuple(v.id for v in product.variants if ("Colour", colour) in v.fields.option_values),
            )
            for colour in colours
        ]
    attrs = product.fields.attributes
    looks = [attrs.get(key, "") for key in ("colour", "finish", "material")]
    said = next((look for look in looks if look), "")
    return [(f"{name}" + (f", {said}" if said else ""), draw(name, _swatch(*looks), backdrop), ())]


async def add_pictures(database: Database, media: MediaStore, skus: set[str]) -> int:
    """Draws and stores pictures for the demo products (``skus``) that have none; how many pictures."""
    async with database.reading() as session:
        products = await ProductRepository(session).list_by_skus(sorted(skus))
    bare = [p for p in products if not p.images]
    made = 0
    for product in bare:
        images = []
        for position, (alt_text, data, variant_ids) in enumerate(_pictures(product)):
            renditions = await asyncio.to_thread(make_renditions, data)
            for rendition in renditions:
                await media.store.put(media.media_bucket, rendition.key, rendition.data, rendition.content_type)
            image_id = uuid.uuid5(uuid.NAMESPACE_URL, f"shopmesh-demo-picture/{product.sku}/{position}").hex
            key = gallery.object_key(product.id, image_id)
            await media.store.put(media.uploads_bucket, key, data, "image/png")
            now = datetime.now(UTC)
            images.append(
                gallery.Image(
                    id=image_id,
                    product_id=product.id,
                    alt_text=alt_text,
                    position=position,
                    variant_ids=variant_ids,
                    state=gallery.READY,
                    width=SIDE,
                    height=SIDE,
                    content_type="image/png",
                    object_key=key,
                    renditions=tuple(gallery.Rendition(r.width, r.height, r.format, r.key) for r in renditions),
                    create_time=now,
                    update_time=now,
                    version=1,
                )
            )
        async with database.transaction() as session:
            for image in images:
                made += await ImageRepository(session).add(image)
            locked = await ProductRepository(session).get(product.id, for_update=True)
            if locked is not None:  # a new version: caches and read models see its pictures
                updated = await ProductRepository(session).save(locked, now=datetime.now(UTC))
                await CatalogEvents(session).updated(updated, {"images"})
    return made
