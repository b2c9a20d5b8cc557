from shop.shipping.v1 import shipment_pb2 as _shipment_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ShipmentStateChanged(_message.Message):
    __slots__ = ("shipment", "tracking_event")
    SHIPMENT_FIELD_NUMBER: _ClassVar[int]
    TRACKING_EVENT_FIELD_NUMBER: _ClassVar[int]
    shipment: _shipment_pb2.Shipment
    tracking_event: _shipment_pb2.TrackingEvent
    def __init__(self, shipment: _Optional[_Union[_shipment_pb2.Shipment, _Mapping]] = ..., tracking_event: _Optional[_Union[_shipment_pb2.TrackingEvent, _Mapping]] = ...) -> None: ...
