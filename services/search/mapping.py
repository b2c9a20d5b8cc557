"""Rows ⇄ protobuf for search."""

from __future__ import annotations

from typing import Any

from services.runtime import money
from services.runtime.money import Money
from services.search.adapters.index import Facets
from services.search.domain import SearchQuery, band_bounds, facet_filters, units_to_money
from shop.search.v1 import search_service_pb2 as pb


def query_from_pb(request: pb.SearchProductsRequest) -> SearchQuery:
    return SearchQuery(
        text=request.query.strip(),
        category=request.category,
        min_price=money.from_proto(request.min_price, field="min_price") if request.HasField("min_price") else None,
        max_price=money.from_proto(request.max_price, field="max_price") if request.HasField("max_price") else None,
        in_stock_only=request.in_stock_only,
        currency=request.currency_code,
        facets=facet_filters(request.facet_filters),
    )


def result_to_pb(row: Any) -> pb.SearchResult:
    return pb.SearchResult(
        product=row.name,
        sku=row.sku,
        display_name=row.display_name,
        category=row.category,
        price=money.to_proto(Money(row.currency, row.price_minor)),
        max_price=money.to_proto(Money(row.currency, row.price_max_minor)),
        available=max(int(row.available), 0),
        in_stock=row.available > 0,
        relevance=float(row.relevance),
    )


def facets_to_pb(response: pb.SearchProductsResponse, facets: Facets) -> None:
    response.category_facets.extend(pb.CategoryFacet(category=c, count=n) for c, n in facets.categories)
    for currency, band, count in facets.price_bands:
        lower, upper = band_bounds(band)
        facet = response.price_facets.add(min_price=money.to_proto(units_to_money(currency, lower)), count=count)
        if upper is not None:
            facet.max_price.CopyFrom(money.to_proto(units_to_money(currency, upper)))
    response.in_stock_count = facets.in_stock
    response.attribute_facets.extend(
        pb.AttributeFacet(
            key=facet.key,
            display_name=facet.display_name,
            unit=facet.unit,
            option=facet.option,
            values=[pb.FacetValue(value=value, count=count) for value, count in facet.values],
        )
        for facet in facets.attributes
    )
