import datetime

from buf.validate import validate_pb2 as _validate_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from google.api import resource_pb2 as _resource_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.type import money_pb2 as _money_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Address(_message.Message):
    __slots__ = ("recipient", "line1", "line2", "city", "postal_code", "region", "country_code")
    RECIPIENT_FIELD_NUMBER: _ClassVar[int]
    LINE1_FIELD_NUMBER: _ClassVar[int]
    LINE2_FIELD_NUMBER: _ClassVar[int]
    CITY_FIELD_NUMBER: _ClassVar[int]
    POSTAL_CODE_FIELD_NUMBER: _ClassVar[int]
    REGION_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_CODE_FIELD_NUMBER: _ClassVar[int]
    recipient: str
    line1: str
    line2: str
    city: str
    postal_code: str
    region: str
    country_code: str
    def __init__(self, recipient: _Optional[str] = ..., line1: _Optional[str] = ..., line2: _Optional[str] = ..., city: _Optional[str] = ..., postal_code: _Optional[str] = ..., region: _Optional[str] = ..., country_code: _Optional[str] = ...) -> None: ...

class ParcelItem(_message.Message):
    __slots__ = ("units", "weight_grams", "length_mm", "width_mm", "height_mm")
    UNITS_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_GRAMS_FIELD_NUMBER: _ClassVar[int]
    LENGTH_MM_FIELD_NUMBER: _ClassVar[int]
    WIDTH_MM_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_MM_FIELD_NUMBER: _ClassVar[int]
    units: int
    weight_grams: int
    length_mm: int
    width_mm: int
    height_mm: int
    def __init__(self, units: _Optional[int] = ..., weight_grams: _Optional[int] = ..., length_mm: _Optional[int] = ..., width_mm: _Optional[int] = ..., height_mm: _Optional[int] = ...) -> None: ...

class ShippingQuote(_message.Message):
    __slots__ = ("amount", "zone", "estimated_days", "billable_weight_grams")
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    ZONE_FIELD_NUMBER: _ClassVar[int]
    ESTIMATED_DAYS_FIELD_NUMBER: _ClassVar[int]
    BILLABLE_WEIGHT_GRAMS_FIELD_NUMBER: _ClassVar[int]
    amount: _money_pb2.Money
    zone: str
    estimated_days: int
    billable_weight_grams: int
    def __init__(self, amount: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., zone: _Optional[str] = ..., estimated_days: _Optional[int] = ..., billable_weight_grams: _Optional[int] = ...) -> None: ...

class Shipment(_message.Message):
    __slots__ = ("name", "order", "address", "units", "quote", "state", "carrier", "tracking_number", "create_time", "ship_time", "delivery_time", "tracking_events", "customer")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[Shipment.State]
        STATE_PENDING: _ClassVar[Shipment.State]
        STATE_SHIPPED: _ClassVar[Shipment.State]
        STATE_DELIVERED: _ClassVar[Shipment.State]
        STATE_CANCELLED: _ClassVar[Shipment.State]
        STATE_IN_TRANSIT: _ClassVar[Shipment.State]
        STATE_OUT_FOR_DELIVERY: _ClassVar[Shipment.State]
    STATE_UNSPECIFIED: Shipment.State
    STATE_PENDING: Shipment.State
    STATE_SHIPPED: Shipment.State
    STATE_DELIVERED: Shipment.State
    STATE_CANCELLED: Shipment.State
    STATE_IN_TRANSIT: Shipment.State
    STATE_OUT_FOR_DELIVERY: Shipment.State
    NAME_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    QUOTE_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CARRIER_FIELD_NUMBER: _ClassVar[int]
    TRACKING_NUMBER_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    SHIP_TIME_FIELD_NUMBER: _ClassVar[int]
    DELIVERY_TIME_FIELD_NUMBER: _ClassVar[int]
    TRACKING_EVENTS_FIELD_NUMBER: _ClassVar[int]
    CUSTOMER_FIELD_NUMBER: _ClassVar[int]
    name: str
    order: str
    address: Address
    units: int
    quote: ShippingQuote
    state: Shipment.State
    carrier: str
    tracking_number: str
    create_time: _timestamp_pb2.Timestamp
    ship_time: _timestamp_pb2.Timestamp
    delivery_time: _timestamp_pb2.Timestamp
    tracking_events: _containers.RepeatedCompositeFieldContainer[TrackingEvent]
    customer: str
    def __init__(self, name: _Optional[str] = ..., order: _Optional[str] = ..., address: _Optional[_Union[Address, _Mapping]] = ..., units: _Optional[int] = ..., quote: _Optional[_Union[ShippingQuote, _Mapping]] = ..., state: _Optional[_Union[Shipment.State, str]] = ..., carrier: _Optional[str] = ..., tracking_number: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., ship_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., delivery_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., tracking_events: _Optional[_Iterable[_Union[TrackingEvent, _Mapping]]] = ..., customer: _Optional[str] = ...) -> None: ...

class TrackingEvent(_message.Message):
    __slots__ = ("state", "event_time", "location", "description", "source")
    STATE_FIELD_NUMBER: _ClassVar[int]
    EVENT_TIME_FIELD_NUMBER: _ClassVar[int]
    LOCATION_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    state: Shipment.State
    event_time: _timestamp_pb2.Timestamp
    location: str
    description: str
    source: str
    def __init__(self, state: _Optional[_Union[Shipment.State, str]] = ..., event_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., location: _Optional[str] = ..., description: _Optional[str] = ..., source: _Optional[str] = ...) -> None: ...
