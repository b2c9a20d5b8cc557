"""RecommendationsService over gRPC: parse the request, call the service layer, map the result to protobuf."""

from __future__ import annotations

from collections.abc import Sequence

import grpc

from services.recommendations.domain import Recommendation
from services.recommendations.service import RecommendationsService
from services.runtime import call_context
from shop.recommendations.v1 import recommendations_service_pb2 as pb
from shop.recommendations.v1 import recommendations_service_pb2_grpc


def _to_pb(recommendations: Sequence[Recommendation]) -> list[pb.Recommendation]:
    return [
        pb.Recommendation(
            product=r.product,
            display_name=r.display_name,
            reason=pb.Recommendation.Reason.Value(f"REASON_{r.reason}"),
            score=r.score,
        )
        for r in recommendations
    ]


class RecommendationsApi(recommendations_service_pb2_grpc.RecommendationsServiceServicer):
    def __init__(self, recommendations: RecommendationsService) -> None:
        self._recommendations = recommendations

    async def GetProductRecommendations(
        self, request: pb.GetProductRecommendationsRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetProductRecommendationsResponse:
        found = await self._recommendations.for_product(request.product, request.page_size)
        return pb.GetProductRecommendationsResponse(recommendations=_to_pb(found))

    async def GetUserRecommendations(
        self, request: pb.GetUserRecommendationsRequest, context: grpc.aio.ServicerContext
    ) -> pb.GetUserRecommendationsResponse:
        found = await self._recommendations.for_user(call_context.caller(), request.page_size)
        return pb.GetUserRecommendationsResponse(recommendations=_to_pb(found))

    async def ListBestSellers(
        self, request: pb.ListBestSellersRequest, context: grpc.aio.ServicerContext
    ) -> pb.ListBestSellersResponse:
        return pb.ListBestSellersResponse(
            recommendations=_to_pb(await self._recommendations.best_sellers(request.page_size))
        )
