"""Domain ⇄ protobuf for reviews."""

from __future__ import annotations

from services.reviews.domain import RatingSummary, Review
from services.reviews.service import review_etag
from services.runtime.resource_versions import timestamp
from shop.catalog.v1 import product_pb2
from shop.reviews.v1 import review_pb2 as pb


def review_to_pb(review: Review) -> pb.Review:
    return pb.Review(
        name=review.name,
        author=f"users/{review.user_id}",
        rating=review.rating,
        title=review.title,
        body=review.body,
        state=pb.Review.State.Value(f"STATE_{review.state}"),
        rejection_reason=review.rejection_reason,
        create_time=timestamp(review.create_time),
        update_time=timestamp(review.update_time),
        etag=review_etag(review),
        purchased_variant=review.purchased_variant,
        purchased_option_values=[
            product_pb2.OptionValue(option=name, value=value) for name, value in review.purchased_options
        ],
    )


def summary_to_pb(summary: RatingSummary) -> pb.RatingSummary:
    return pb.RatingSummary(
        product=summary.product,
        review_count=summary.review_count,
        average_rating=summary.average_rating,
        star_counts=list(summary.star_counts),
    )
