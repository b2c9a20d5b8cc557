"""Reviews' domain: what a review is, who may see and change it, and a product's rating. No I/O here."""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime

from services.runtime.errors import FieldViolation, InvalidArgument, NotFound
from services.runtime.tokens import Principal

REVIEW = "reviews.shopmesh.dev/Review"
PENDING, APPROVED, REJECTED = "PENDING", "APPROVED", "REJECTED"
EDITABLE = ("rating", "title", "body")

_NAME = re.compile(r"^(products/[A-Za-z0-9-]{1,64})/reviews/([0-9a-f-]{36})$")


@dataclass(frozen=True)
class Review:
    id: uuid.UUID
    product: str
    user_id: str
    rating: int
    title: str
    body: str
    state: str
    rejection_reason: str
    create_time: datetime
    update_time: datetime
    version: int
    # What the author bought: the variant delivered to them and its option values (empty before variants).
    purchased_variant: str = ""
    purchased_options: tuple[tuple[str, str], ...] = ()

    @property
    def name(self) -> str:
        return f"{self.product}/reviews/{self.id}"

    def visible_to(self, caller: Principal | None) -> bool:
        """Approved reviews are public; the others only their author and admins see."""
        if self.state == APPROVED:
            return True
        return caller is not None and (caller.is_admin or caller.user_id == self.user_id)


def parse_name(name: str, field: str = "name") -> tuple[str, uuid.UUID]:
    """``products/{p}/reviews/{id}`` → (``products/{p}``, id); INVALID_ARGUMENT otherwise."""
    match = _NAME.match(name)
    if match is None:
        raise InvalidArgument.field(field, "must be products/{product}/reviews/{review}")
    try:
        return match.group(1), uuid.UUID(match.group(2))
    except ValueError:
        raise InvalidArgument.field(field, "the review id is not a UUID") from None


def require(values: Mapping[str, object], paths: Collection[str]) -> None:
    """Rating, title and body must be given (protovalidate lets their zero values through so that an update
    can leave them out of its mask)."""
    missing = [path for path in EDITABLE if path in paths and not (str(values[path]).strip() and values[path] != 0)]
    if missing:
        raise InvalidArgument([FieldViolation(f"review.{path}", "is required") for path in missing])


def not_found(name: str) -> NotFound:
    return NotFound(REVIEW, name)


@dataclass(frozen=True)
class RatingSummary:
    product: str
    star_counts: tuple[int, int, int, int, int]

    @property
    def review_count(self) -> int:
        return sum(self.star_counts)

    @property
    def average_rating(self) -> float:
        if not self.review_count:
            return 0.0
        total = sum(stars * count for stars, count in enumerate(self.star_counts, start=1))
        return round(total / self.review_count, 2)

    @classmethod
    def from_counts(cls, product: str, counts: dict[int, int]) -> RatingSummary:
        return cls(product, tuple(counts.get(stars, 0) for stars in range(1, 6)))  # type: ignore[arg-type]
