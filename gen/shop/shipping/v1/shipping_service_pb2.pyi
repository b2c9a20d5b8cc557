from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import httpbody_pb2 as _httpbody_pb2
from shop.auth.v1 import access_pb2 as _access_pb2
from shop.edge.v1 import cache_pb2 as _cache_pb2
from shop.shipping.v1 import shipment_pb2 as _shipment_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class QuoteShippingRequest(_message.Message):
    __slots__ = ("address", "units", "currency_code", "items")
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    address: _shipment_pb2.Address
    units: int
    currency_code: str
    items: _containers.RepeatedCompositeFieldContainer[_shipment_pb2.ParcelItem]
    def __init__(self, address: _Optional[_Union[_shipment_pb2.Address, _Mapping]] = ..., units: _Optional[int] = ..., currency_code: _Optional[str] = ..., items: _Optional[_Iterable[_Union[_shipment_pb2.ParcelItem, _Mapping]]] = ...) -> None: ...

class QuoteShippingResponse(_message.Message):
    __slots__ = ("quote",)
    QUOTE_FIELD_NUMBER: _ClassVar[int]
    quote: _shipment_pb2.ShippingQuote
    def __init__(self, quote: _Optional[_Union[_shipment_pb2.ShippingQuote, _Mapping]] = ...) -> None: ...

class ListShippingCountriesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ShippingCountry(_message.Message):
    __slots__ = ("country_code", "display_name", "zone", "estimated_days")
    COUNTRY_CODE_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    ZONE_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_DAYS_FIELD_NUMBER: _ClassVar[int]
    country_code: str
    display_name: str
    zone: str
    estimated_days: int
    def __init__(self, country_code: _Optional[str] = ..., display_name: _Optional[str] = ..., zone: _Optional[str] = ..., estimated_days: _Optional[int] = ...) -> None: ...

class ListShippingCountriesResponse(_message.Message):
    __slots__ = ("countries",)
    COUNTRIES_FIELD_NUMBER: _ClassVar[int]
    countries: _containers.RepeatedCompositeFieldContainer[ShippingCountry]
    def __init__(self, countries: _Optional[_Iterable[_Union[ShippingCountry, _Mapping]]] = ...) -> None: ...

class CreateShipmentRequest(_message.Message):
    __slots__ = ("order", "address", "units", "customer", "currency_code", "items")
    ORDER_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    order: str
    address: _shipment_pb2.Address
    units: int
    customer: str
    currency_code: str
    items: _containers.RepeatedCompositeFieldContainer[_shipment_pb2.ParcelItem]
    def __init__(self, order: _Optional[str] = ..., address: _Optional[_Union[_shipment_pb2.Address, _Mapping]] = ..., units: _Optional[int] = ..., customer: _Optional[str] = ..., currency_code: _Optional[str] = ..., items: _Optional[_Iterable[_Union[_shipment_pb2.ParcelItem, _Mapping]]] = ...) -> None: ...

class CreateShipmentResponse(_message.Message):
    __slots__ = ("shipment",)
    SHIPMENT_FIELD_NUMBER: _ClassVar[int]
    shipment: _shipment_pb2.Shipment
    def __init__(self, shipment: _Optional[_Union[_shipment_pb2.Shipment, _Mapping]] = ...) -> None: ...

class MarkShippedRequest(_message.Message):
    __slots__ = ("order", "carrier", "tracking_number")
    ORDER_FIELD_NUMBER: _ClassVar[int]
    CARRIER_FIELD_NUMBER: _ClassVar[int]
    TRACKING_NUMBER_FIELD_NUMBER: _ClassVar[int]
    order: str
    carrier: str
    tracking_number: str
    def __init__(self, order: _Optional[str] = ..., carrier: _Optional[str] = ..., tracking_number: _Optional[str] = ...) -> None: ...

class MarkShippedResponse(_message.Message):
    __slots__ = ("shipment",)
    SHIPMENT_FIELD_NUMBER: _ClassVar[int]
    shipment: _shipment_pb2.Shipment
    def __init__(self, shipment: _Optional[_Union[_shipment_pb2.Shipment, _Mapping]] = ...) -> None: ...

class MarkDeliveredRequest(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: str
    def __init__(self, order: _Optional[str] = ...) -> None: ...

class MarkDeliveredResponse(_message.Message):
    __slots__ = ("shipment",)
    SHIPMENT_FIELD_NUMBER: _ClassVar[int]
    shipment: _shipment_pb2.Shipment
    def __init__(self, shipment: _Optional[_Union[_shipment_pb2.Shipment, _Mapping]] = ...) -> None: ...

class CancelShipmentRequest(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: str
    def __init__(self, order: _Optional[str] = ...) -> None: ...

class CancelShipmentResponse(_message.Message):
    __slots__ = ("shipment",)
    SHIPMENT_FIELD_NUMBER: _ClassVar[int]
    shipment: _shipment_pb2.Shipment
    def __init__(self, shipment: _Optional[_Union[_shipment_pb2.Shipment, _Mapping]] = ...) -> None: ...

class GetShipmentRequest(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: str
    def __init__(self, order: _Optional[str] = ...) -> None: ...

class GetShipmentResponse(_message.Message):
    __slots__ = ("shipment",)
    SHIPMENT_FIELD_NUMBER: _ClassVar[int]
    shipment: _shipment_pb2.Shipment
    def __init__(self, shipment: _Optional[_Union[_shipment_pb2.Shipment, _Mapping]] = ...) -> None: ...

class GetOrderShipmentRequest(_message.Message):
    __slots__ = ("order",)
    ORDER_FIELD_NUMBER: _ClassVar[int]
    order: str
    def __init__(self, order: _Optional[str] = ...) -> None: ...

class GetOrderShipmentResponse(_message.Message):
    __slots__ = ("shipment",)
    SHIPMENT_FIELD_NUMBER: _ClassVar[int]
    shipment: _shipment_pb2.Shipment
    def __init__(self, shipment: _Optional[_Union[_shipment_pb2.Shipment, _Mapping]] = ...) -> None: ...

class ReceiveCarrierEventRequest(_message.Message):
    __slots__ = ("carrier", "body")
    CARRIER_FIELD_NUMBER: _ClassVar[int]
    BODY_FIELD_NUMBER: _ClassVar[int]
    carrier: str
    body: _httpbody_pb2.HttpBody
    def __init__(self, carrier: _Optional[str] = ..., body: _Optional[_Union[_httpbody_pb2.HttpBody, _Mapping]] = ...) -> None: ...

class ReceiveCarrierEventResponse(_message.Message):
    __slots__ = ("event_id", "state", "duplicate")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    DUPLICATE_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    state: _shipment_pb2.Shipment.State
    duplicate: bool
    def __init__(self, event_id: _Optional[str] = ..., state: _Optional[_Union[_shipment_pb2.Shipment.State, str]] = ..., duplicate: _Optional[bool] = ...) -> None: ...
