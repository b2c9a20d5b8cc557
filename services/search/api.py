"""SearchService over gRPC: parse the request, call the service layer, map the result to protobuf."""

from __future__ import annotations

import grpc

from services.search.mapping import facets_to_pb, query_from_pb, result_to_pb
from services.search.service import SearchService
from shop.search.v1 import search_service_pb2 as pb
from shop.search.v1 import search_service_pb2_grpc


class SearchApi(search_service_pb2_grpc.SearchServiceServicer):
    def __init__(self, search: SearchService) -> None:
        self._search = search

    async def SearchProducts(
        self, request: pb.SearchProductsRequest, context: grpc.aio.ServicerContext
    ) -> pb.SearchProductsResponse:
        rows, token, total, facets = await self._search.search(
            query_from_pb(request), request.page_size, request.page_token
        )
        response = pb.SearchProductsResponse(
            results=[result_to_pb(row) for row in rows], next_page_token=token, total_size=total
        )
        facets_to_pb(response, facets)
        return response

    async def Autocomplete(
        self, request: pb.AutocompleteRequest, context: grpc.aio.ServicerContext
    ) -> pb.AutocompleteResponse:
        rows = await self._search.autocomplete(request.prefix, request.page_size)
        return pb.AutocompleteResponse(
            suggestions=[pb.Suggestion(display_name=row.display_name, product=row.name) for row in rows]
        )
