"""Reads and writes of product images (rows only; their bytes are in the object store)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert

from services.catalog.adapters.tables import product_images
from services.catalog.gallery import Image, Rendition
from services.runtime.database import Transaction


def _image(row: Any) -> Image:
    return Image(
        id=row.id,
        product_id=str(row.product_id),
        alt_text=row.alt_text,
        position=row.position,
        variant_ids=tuple(row.variant_ids),
        state=row.state,
        width=row.width,
        height=row.height,
        content_type=row.content_type,
        object_key=row.object_key,
        renditions=tuple(Rendition(r["w"], r["h"], r["f"], r["k"]) for r in row.renditions),
        create_time=row.create_time,
        update_time=row.update_time,
        version=row.version,
    )


def _renditions(renditions: Sequence[Rendition]) -> list[dict[str, Any]]:
    return [{"w": r.width, "h": r.height, "f": r.format, "k": r.key} for r in renditions]


async def images_of(session: Transaction, product_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[Image]]:
    """Product id → its images in gallery order."""
    query = (
        select(product_images)
        .where(product_images.c.product_id.in_(product_ids))
        .order_by(product_images.c.position, product_images.c.create_time)
    )
    found: dict[uuid.UUID, list[Image]] = {}
    for row in (await session.execute(query)).all():
        found.setdefault(row.product_id, []).append(_image(row))
    return found


class ImageRepository:
    def __init__(self, session: Transaction) -> None:
        self._session = session

    async def get(self, image_id: str, *, for_update: bool = False) -> Image | None:
        query = select(product_images).where(product_images.c.id == image_id)
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).first()
        return None if row is None else _image(row)

    async def add(self, image: Image) -> bool:
        """Inserts the image; False when its id is taken (the same upload finished twice)."""
        result = await self._session.execute(
            insert(product_images)
            .values(
                id=image.id,
                product_id=uuid.UUID(image.product_id),
                alt_text=image.alt_text,
                position=image.position,
                variant_ids=list(image.variant_ids),
                state=image.state,
                width=image.width,
                height=image.height,
                content_type=image.content_type,
                object_key=image.object_key,
                renditions=_renditions(image.renditions),
                create_time=image.create_time,
                update_time=image.update_time,
                version=image.version,
            )
            .on_conflict_do_nothing()
            .returning(product_images.c.id)
        )
        return result.first() is not None

    async def save(self, image: Image, now: datetime, **values: Any) -> None:
        """Changes ``alt_text``, ``position``, ``variant_ids``, ``state`` or ``renditions`` of the image."""
        if "variant_ids" in values:
            values["variant_ids"] = list(values["variant_ids"])
        if "renditions" in values:
            values["renditions"] = _renditions(values["renditions"])
        await self._session.execute(
            update(product_images)
            .where(product_images.c.id == image.id)
            .values(update_time=now, version=product_images.c.version + 1, **values)
        )

    async def reposition(self, positions: Mapping[str, int], now: datetime) -> None:
        for image_id, position in positions.items():
            await self._session.execute(
                update(product_images)
                .where(product_images.c.id == image_id)
                .values(position=position, update_time=now, version=product_images.c.version + 1)
            )

    async def delete(self, image_id: str) -> None:
        await self._session.execute(delete(product_images).where(product_images.c.id == image_id))

    async def rendition_in_use(self, key: str) -> bool:
        """Whether any image still has the rendition ``key`` (content-addressed: two uploads of the same picture
        share them)."""
        query = select(product_images.c.id).where(product_images.c.renditions.contains([{"k": key}])).limit(1)
        return (await self._session.execute(query)).first() is not None
