"""ReviewsService over gRPC: parse the request, call the service layer, map the result to protobuf."""

from __future__ import annotations

import grpc

from services.reviews.domain import EDITABLE
from services.reviews.mapping import review_to_pb, summary_to_pb
from services.reviews.service import ReviewsService
from services.runtime import call_context, fieldmask
from shop.reviews.v1 import reviews_service_pb2 as pb
from shop.reviews.v1 import reviews_service_pb2_grpc


def _editable(review: object) -> dict[str, object]:
    return {path: getattr(review, path) for path in EDITABLE}


class ReviewsApi(reviews_service_pb2_grpc.ReviewsServiceServicer):
    def __init__(self, reviews: ReviewsService) -> None:
        self._reviews = reviews

    async def CreateReview(
        self, request: pb.CreateReviewRequest, context: grpc.aio.ServicerContext
    ) -> pb.CreateReviewResponse:
        review = await self._reviews.create(
            call_context.caller_with_confirmed_email(), request.parent, _editable(request.review), request.request_id
        )
        return pb.CreateReviewResponse(review=review_to_pb(review))

    async def UpdateReview(
        self, request: pb.UpdateReviewRequest, context: grpc.aio.ServicerContext
    ) -> pb.UpdateReviewResponse:
        paths = fieldmask.paths(request.update_mask, allowed=EDITABLE, default=EDITABLE)
        review = await self._reviews.update(
            call_context.caller(), request.review.name, _editable(request.review), paths, request.review.etag
        )
        return pb.UpdateReviewResponse(review=review_to_pb(review))

    async def GetReview(self, request: pb.GetReviewRequest, context: grpc.aio.ServicerContext) -> pb.GetReviewResponse:
        review = await self._reviews.get(call_context.optional_caller(), request.name)
        return pb.GetReviewResponse(review=review_to_pb(review))

    async def ListReviews(
        self, request: pb.ListReviewsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListReviewsResponse:
        reviews, token = await self._reviews.list(request.parent, request.page_size, request.page_token)
        summary = await self._reviews.rating(request.parent)
        return pb.ListReviewsResponse(
            reviews=[review_to_pb(r) for r in reviews], next_page_token=token, rating_summary=summary_to_pb(summary)
        )

    async def GetRatingSummary(
        self, request: pb.GetRatingSummaryRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetRatingSummaryResponse:
        return pb.GetRatingSummaryResponse(rating_summary=summary_to_pb(await self._reviews.rating(request.product)))

    async def ListPendingReviews(
        self, request: pb.ListPendingReviewsRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListPendingReviewsResponse:
        reviews, token = await self._reviews.pending(request.page_size, request.page_token)
        return pb.ListPendingReviewsResponse(reviews=[review_to_pb(r) for r in reviews], next_page_token=token)

    async def ModerateReview(
        self, request: pb.ModerateReviewRequest, context: grpc.aio.ServicerContext
    ) -> pb.ModerateReviewResponse:
        approve = request.decision == pb.ModerateReviewRequest.DECISION_APPROVE
        review = await self._reviews.moderate(request.name, approve, request.reason)
        return pb.ModerateReviewResponse(review=review_to_pb(review))
