from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.type import money_pb2 as _money_pb2
from shop.auth.v1 import access_pb2 as _access_pb2
from shop.edge.v1 import cache_pb2 as _cache_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SearchProductsRequest(_message.Message):
    __slots__ = ("query", "category", "min_price", "max_price", "in_stock_only", "page_size", "page_token", "currency_code", "facet_filters")
    QUERY_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    MIN_PRICE_FIELD_NUMBER: _ClassVar[int]
    MAX_PRICE_FIELD_NUMBER: _ClassVar[int]
    IN_STOCK_ONLY_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    FACET_FILTERS_FIELD_NUMBER: _ClassVar[int]
    query: str
    category: str
    min_price: _money_pb2.Money
    max_price: _money_pb2.Money
    in_stock_only: bool
    page_size: int
    page_token: str
    currency_code: str
    facet_filters: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, query: _Optional[str] = ..., category: _Optional[str] = ..., min_price: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., max_price: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., in_stock_only: _Optional[bool] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ..., currency_code: _Optional[str] = ..., facet_filters: _Optional[_Iterable[str]] = ...) -> None: ...

class SearchResult(_message.Message):
    __slots__ = ("product", "sku", "display_name", "category", "price", "available", "in_stock", "relevance", "max_price")
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    AVAILABLE_FIELD_NUMBER: _ClassVar[int]
    IN_STOCK_FIELD_NUMBER: _ClassVar[int]
    RELEVANCE_FIELD_NUMBER: _ClassVar[int]
    MAX_PRICE_FIELD_NUMBER: _ClassVar[int]
    product: str
    sku: str
    display_name: str
    category: str
    price: _money_pb2.Money
    available: int
    in_stock: bool
    relevance: float
    max_price: _money_pb2.Money
    def __init__(self, product: _Optional[str] = ..., sku: _Optional[str] = ..., display_name: _Optional[str] = ..., category: _Optional[str] = ..., price: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., available: _Optional[int] = ..., in_stock: _Optional[bool] = ..., relevance: _Optional[float] = ..., max_price: _Optional[_Union[_money_pb2.Money, _Mapping]] = ...) -> None: ...

class FacetValue(_message.Message):
    __slots__ = ("value", "count")
    VALUE_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    value: str
    count: int
    def __init__(self, value: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class AttributeFacet(_message.Message):
    __slots__ = ("key", "display_name", "unit", "option", "values")
    KEY_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    OPTION_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    key: str
    display_name: str
    unit: str
    option: bool
    values: _containers.RepeatedCompositeFieldContainer[FacetValue]
    def __init__(self, key: _Optional[str] = ..., display_name: _Optional[str] = ..., unit: _Optional[str] = ..., option: _Optional[bool] = ..., values: _Optional[_Iterable[_Union[FacetValue, _Mapping]]] = ...) -> None: ...

class CategoryFacet(_message.Message):
    __slots__ = ("category", "count")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    category: str
    count: int
    def __init__(self, category: _Optional[str] = ..., count: _Optional[int] = ...) -> None: ...

class PriceFacet(_message.Message):
    __slots__ = ("min_price", "max_price", "count")
    MIN_PRICE_FIELD_NUMBER: _ClassVar[int]
    MAX_PRICE_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    min_price: _money_pb2.Money
    max_price: _money_pb2.Money
    count: int
    def __init__(self, min_price: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., max_price: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., count: _Optional[int] = ...) -> None: ...

class SearchProductsResponse(_message.Message):
    __slots__ = ("results", "next_page_token", "total_size", "category_facets", "price_facets", "in_stock_count", "attribute_facets")
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    TOTAL_SIZE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FACETS_FIELD_NUMBER: _ClassVar[int]
    PRICE_FACETS_FIELD_NUMBER: _ClassVar[int]
    IN_STOCK_COUNT_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTE_FACETS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[SearchResult]
    next_page_token: str
    total_size: int
    category_facets: _containers.RepeatedCompositeFieldContainer[CategoryFacet]
    price_facets: _containers.RepeatedCompositeFieldContainer[PriceFacet]
    in_stock_count: int
    attribute_facets: _containers.RepeatedCompositeFieldContainer[AttributeFacet]
    def __init__(self, results: _Optional[_Iterable[_Union[SearchResult, _Mapping]]] = ..., next_page_token: _Optional[str] = ..., total_size: _Optional[int] = ..., category_facets: _Optional[_Iterable[_Union[CategoryFacet, _Mapping]]] = ..., price_facets: _Optional[_Iterable[_Union[PriceFacet, _Mapping]]] = ..., in_stock_count: _Optional[int] = ..., attribute_facets: _Optional[_Iterable[_Union[AttributeFacet, _Mapping]]] = ...) -> None: ...

class AutocompleteRequest(_message.Message):
    __slots__ = ("prefix", "page_size")
    PREFIX_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    prefix: str
    page_size: int
    def __init__(self, prefix: _Optional[str] = ..., page_size: _Optional[int] = ...) -> None: ...

class Suggestion(_message.Message):
    __slots__ = ("display_name", "product")
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    display_name: str
    product: str
    def __init__(self, display_name: _Optional[str] = ..., product: _Optional[str] = ...) -> None: ...

class AutocompleteResponse(_message.Message):
    __slots__ = ("suggestions",)
    SUGGESTIONS_FIELD_NUMBER: _ClassVar[int]
    suggestions: _containers.RepeatedCompositeFieldContainer[Suggestion]
    def __init__(self, suggestions: _Optional[_Iterable[_Union[Suggestion, _Mapping]]] = ...) -> None: ...
