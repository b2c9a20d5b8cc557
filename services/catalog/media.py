"""Product images: uploads straight to the object store, checked, then cut into renditions from an event.

1. StartProductImageUpload signs a PUT address for ``products/<product>/<image>`` in the uploads bucket (through
   the gateway, which passes it to the store unchanged) and an upload token naming the product, the image id and
   the declared type. The bytes never pass through a service.
2. CreateProductImage reads the object's size and first bytes (image_checks: real type, pixel count) and, in one
   transaction, adds the image (processing), bumps the product and records ProductImageUploaded. A refused upload's
   object is deleted.
3. The catalog's consumer of its own events makes the renditions (renditions.py) off the request path, puts them in
   the media bucket under their content hash, and marks the image ready (or failed) with the product bumped again.
4. Deleting an image or a product records ProductImageDeleted; the consumer deletes the upload and every rendition
   no other image uses. Uploads never finished are swept after a day; ``make reconcile`` checks objects against rows.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import json
import logging
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from services.catalog import domain, gallery, image_checks
from services.catalog.adapters.events import CatalogEvents
from services.catalog.adapters.images import ImageRepository
from services.catalog.adapters.object_store import ObjectStore
from services.catalog.adapters.repository import ProductRepository
from services.catalog.domain import Product
from services.catalog.gallery import Image
from services.catalog.renditions import UndecodableImage, make_renditions
from services.catalog.service import CatalogService
from services.runtime.consumer import Event, Handler
from services.runtime.database import Database, Transaction
from services.runtime.errors import (
    Aborted,
    FailedPrecondition,
    InvalidArgument,
    NotFound,
    PreconditionViolation,
)
from shop.catalog.v1 import events_pb2

log = logging.getLogger(__name__)

UPLOAD_TTL = timedelta(minutes=15)
# An upload no image row names after this long was abandoned (its token expired long before).
ABANDONED_AFTER = timedelta(days=1)
_DEV_SECRET = "shopmesh-development-upload-tokens"


def _now() -> datetime:
    return datetime.now(UTC)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class UploadTokens:
    """Signed (HMAC-SHA256) tokens that tie an upload to its product, image id, declared type and expiry."""

    def __init__(self, secret: str | None) -> None:
        material = (secret or _DEV_SECRET).encode()
        self._key = hmac.new(material, b"shopmesh upload tokens v1", hashlib.sha256).digest()

    def _tag(self, body: str) -> str:
        return _b64(hmac.new(self._key, body.encode(), hashlib.sha256).digest())

    def issue(self, product_id: str, image_id: str, content_type: str, expires: datetime) -> str:
        claims = {"p": product_id, "i": image_id, "t": content_type, "e": int(expires.timestamp())}
        body = _b64(json.dumps(claims, separators=(",", ":")).encode())
        return f"{body}.{self._tag(body)}"

    def read(self, token: str, product_id: str, now: datetime) -> tuple[str, str]:
        """(image id, declared content type) of a token issued for ``product_id`` that has not expired."""
        body, dot, tag = token.partition(".")
        if not dot or not hmac.compare_digest(tag.encode(), self._tag(body).encode()):
            raise InvalidArgument.field(
                "upload_token", "not an upload token of this shop", reason="INVALID_UPLOAD_TOKEN"
            )
        try:
            claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
            issued_for, image_id, content_type, expires = claims["p"], claims["i"], claims["t"], claims["e"]
        except (binascii.Error, ValueError, KeyError, TypeError):
            raise InvalidArgument.field("upload_token", "not an upload token", reason="INVALID_UPLOAD_TOKEN") from None
        if issued_for != product_id:
            raise InvalidArgument.field(
                "upload_token", f"the upload was started for products/{issued_for}", reason="INVALID_UPLOAD_TOKEN"
            )
        if now.timestamp() > expires:
            raise InvalidArgument.field("upload_token", "the upload expired; start another", reason="UPLOAD_EXPIRED")
        return image_id, content_type


@dataclass(frozen=True)
class MediaStore:
    """The object store and where things go in it."""

    store: ObjectStore
    uploads_bucket: str  # private: what admins uploaded
    media_bucket: str  # public reads through the gateway's /media/: renditions only
    public_url: str  # where presigned uploads are addressed: the gateway, as admins' browsers reach it


@dataclass(frozen=True)
class Upload:
    uri: str
    content_type: str
    token: str
    expire_time: datetime
    max_bytes: int


def _image_not_found(product_id: str, image_id: str) -> NotFound:
    return NotFound(gallery.IMAGE, f"products/{product_id}/images/{image_id}")


class MediaService:
    def __init__(
        self,
        database: Database,
        catalog: CatalogService,
        media: MediaStore | None,
        tokens: UploadTokens,
        *,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._db = database
        self._catalog = catalog
        self._media = media
        self._tokens = tokens
        self._clock = clock

    def _store(self) -> MediaStore:
        if self._media is None:
            raise FailedPrecondition(
                [PreconditionViolation("MEDIA", "catalog", "this shop has no object store configured for images")],
                reason="MEDIA_NOT_CONFIGURED",
            )
        return self._media

    async def _locked(self, session: Transaction, product_id: str) -> Product:
        product = await ProductRepository(session).get(product_id, for_update=True)
        if product is None:
            raise NotFound(domain.PRODUCT, f"products/{product_id}")
        return product

    async def _changed(self, session: Transaction, product: Product) -> Product:
        updated = await ProductRepository(session).save(product, now=self._clock())
        await CatalogEvents(session).updated(updated, {"images"})
        return updated

    # --- uploads ------------------------------------------------------------------------------------

    async def start_upload(self, product_id: str, content_type: str) -> Upload:
        media = self._store()
        await self._catalog.get_product(product_id)  # NotFound before anything is signed
        image_id = uuid.uuid4().hex
        expires = self._clock() + UPLOAD_TTL
        uri = media.store.presigned_put(
            media.public_url,
            media.uploads_bucket,
            gallery.object_key(product_id, image_id),
            content_type,
            int(UPLOAD_TTL.total_seconds()),
        )
        token = self._tokens.issue(product_id, image_id, content_type, expires)
        return Upload(uri, content_type, token, expires, image_checks.MAX_BYTES)

    async def _checked_upload(self, media: MediaStore, key: str, declared: str) -> image_checks.CheckedImage:
        stored = await media.store.head(media.uploads_bucket, key)
        if stored is None:
            raise InvalidArgument.field(
                "upload_token", "nothing was uploaded to the upload's address yet", reason="UPLOAD_MISSING"
            )
        try:
            image_checks.check_size(stored.size)
            head = await media.store.get(media.uploads_bucket, key, first_bytes=image_checks.HEADER_BYTES)
            return image_checks.check_upload(head or b"", stored.size, declared)
        except InvalidArgument:
            await media.store.delete(media.uploads_bucket, key)  # refused: nothing of it stays
            raise

    async def create(self, product_id: str, *, token: str, alt_text: str, variants: Sequence[str]) -> Image:
        media = self._store()
        now = self._clock()
        image_id, declared = self._tokens.read(token, product_id, now)
        alt_text = gallery.check_alt_text(alt_text)
        key = gallery.object_key(product_id, image_id)
        async with self._db.reading() as session:  # a repeated token: the image it made
            earlier = await ImageRepository(session).get(image_id)
        if earlier is not None:
            return earlier
        checked = await self._checked_upload(media, key, declared)
        async with self._catalog.changing(product_id) as session:
            images = ImageRepository(session)
            product = await self._locked(session, product_id)
            if (earlier := await images.get(image_id)) is not None:
                return earlier
            if len(product.images) >= gallery.MAX_IMAGES:
                raise FailedPrecondition(
                    [PreconditionViolation("IMAGES", product.name, f"at most {gallery.MAX_IMAGES} images a product")],
                    reason="TOO_MANY_IMAGES",
                )
            variant_ids = gallery.check_variants(product_id, variants, {v.id for v in product.variants})
            image = Image(
                id=image_id,
                product_id=product_id,
                alt_text=alt_text,
                position=len(product.images),
                variant_ids=variant_ids,
                state=gallery.PROCESSING,
                width=checked.width,
                height=checked.height,
                content_type=checked.content_type,
                object_key=key,
                renditions=(),
                create_time=now,
                update_time=now,
                version=1,
            )
            await images.add(image)
            updated = await self._changed(session, product)
            await CatalogEvents(session).image_uploaded(updated, image)
            return image

    # --- the gallery ----------------------------------------------------------------------------------

    async def update(
        self,
        product_id: str,
        image_id: str,
        *,
        alt_text: str,
        position: int,
        variants: Sequence[str],
        paths: set[str],
        etag: str,
    ) -> Image:
        if not paths:
            raise InvalidArgument.field("update_mask", f"name what to change: {', '.join(sorted(gallery.UPDATABLE))}")
        async with self._catalog.changing(product_id) as session:
            images = ImageRepository(session)
            product = await self._locked(session, product_id)
            image = next((i for i in product.images if i.id == image_id), None)
            if image is None:
                raise _image_not_found(product_id, image_id)
            if etag and etag != image.etag:
                raise Aborted(
                    "the image changed since it was read; read it again",
                    reason="ETAG_MISMATCH",
                    metadata={"resource": image.name},
                )
            values: dict[str, Any] = {}
            if "alt_text" in paths:
                values["alt_text"] = gallery.check_alt_text(alt_text)
            if "variants" in paths:
                values["variant_ids"] = gallery.check_variants(product_id, variants, {v.id for v in product.variants})
            now = self._clock()
            if "position" in paths:
                positions = gallery.moved(product.images, image_id, position)
                values["position"] = positions.pop(image_id, image.position)
                await images.reposition(positions, now)
            if all(getattr(image, k) == v for k, v in values.items()):
                return image
            await images.save(image, now, **values)
            await self._changed(session, product)
            changed = await images.get(image_id)
            assert changed is not None
            return changed

    async def delete(self, product_id: str, image_id: str) -> None:
        async with self._catalog.changing(product_id) as session:
            images = ImageRepository(session)
            product = await self._locked(session, product_id)
            image = next((i for i in product.images if i.id == image_id), None)
            if image is None:
                raise _image_not_found(product_id, image_id)
            await images.delete(image_id)
            await images.reposition(gallery.closed_up(product.images, image_id), self._clock())
            updated = await self._changed(session, product)
            await CatalogEvents(session).image_deleted(updated, image)

    # --- from events: renditions and removals -------------------------------------------------------

    def handlers(self) -> dict[str, Handler]:
        if self._media is None:
            return {}
        return {
            "shop.catalog.v1.ProductImageUploaded": self._make_renditions,
            "shop.catalog.v1.ProductImageDeleted": self._remove_objects,
        }

    async def _make_renditions(self, session: Transaction, event: Event) -> None:
        media = self._store()
        uploaded = event.parse(events_pb2.ProductImageUploaded)
        _, product_id, _, image_id = uploaded.image.name.split("/")
        image = await ImageRepository(session).get(image_id)
        if image is None or image.state != gallery.PROCESSING:
            return  # deleted meanwhile, or done by an earlier delivery
        data = await media.store.get(media.uploads_bucket, uploaded.object_key)
        try:
            if data is None:
                raise UndecodableImage("the upload's object is gone")
            made = await asyncio.to_thread(make_renditions, data)
        except (UndecodableImage, InvalidArgument) as error:
            log.warning("image %s cannot be decoded: %s", uploaded.image.name, error)
            made = []
        for rendition in made:  # content-addressed: putting the same bytes again changes nothing
            await media.store.put(media.media_bucket, rendition.key, rendition.data, rendition.content_type)
        renditions = tuple(gallery.Rendition(r.width, r.height, r.format, r.key) for r in made)
        product = await ProductRepository(session).get(product_id, for_update=True)
        image = await ImageRepository(session).get(image_id, for_update=True)
        if product is None or image is None or image.state != gallery.PROCESSING:
            for rendition in renditions:  # the image went while its renditions were made
                if not await ImageRepository(session).rendition_in_use(rendition.key):
                    await media.store.delete(media.media_bucket, rendition.key)
            return
        state = gallery.READY if renditions else gallery.FAILED
        await ImageRepository(session).save(image, self._clock(), state=state, renditions=renditions)
        await self._changed(session, product)

    async def _remove_objects(self, session: Transaction, event: Event) -> None:
        media = self._store()
        deleted = event.parse(events_pb2.ProductImageDeleted)
        await media.store.delete(media.uploads_bucket, deleted.object_key)
        images = ImageRepository(session)
        for key in deleted.rendition_keys:
            if not await images.rendition_in_use(key):
                await media.store.delete(media.media_bucket, key)

    async def sweep_abandoned_uploads(self) -> int:
        """Deletes uploads that no image names and that are older than ABANDONED_AFTER; how many."""
        media = self._store()
        cutoff = self._clock() - ABANDONED_AFTER
        swept = 0
        async for stored in media.store.keys(media.uploads_bucket, "products/"):
            if stored.last_modified is None or stored.last_modified > cutoff:
                continue
            image_id = stored.key.rsplit("/", 1)[-1]
            async with self._db.reading() as session:
                named = await ImageRepository(session).get(image_id)
            if named is None:
                await media.store.delete(media.uploads_bucket, stored.key)
                swept += 1
        return swept
