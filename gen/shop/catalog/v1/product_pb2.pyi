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

class Product(_message.Message):
    __slots__ = ("name", "sku", "display_name", "description", "category", "price", "attributes", "image_uris", "state", "create_time", "update_time", "etag", "options", "variants", "images")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[Product.State]
        STATE_ACTIVE: _ClassVar[Product.State]
        STATE_ARCHIVED: _ClassVar[Product.State]
    STATE_UNSPECIFIED: Product.State
    STATE_ACTIVE: Product.State
    STATE_ARCHIVED: Product.State
    class AttributesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    IMAGE_URIS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    OPTIONS_FIELD_NUMBER: _ClassVar[int]
    VARIANTS_FIELD_NUMBER: _ClassVar[int]
    IMAGES_FIELD_NUMBER: _ClassVar[int]
    name: str
    sku: str
    display_name: str
    description: str
    category: str
    price: _money_pb2.Money
    attributes: _containers.ScalarMap[str, str]
    image_uris: _containers.RepeatedScalarFieldContainer[str]
    state: Product.State
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    options: _containers.RepeatedCompositeFieldContainer[ProductOption]
    variants: _containers.RepeatedCompositeFieldContainer[ProductVariant]
    images: _containers.RepeatedCompositeFieldContainer[ProductImage]
    def __init__(self, name: _Optional[str] = ..., sku: _Optional[str] = ..., display_name: _Optional[str] = ..., description: _Optional[str] = ..., category: _Optional[str] = ..., price: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., attributes: _Optional[_Mapping[str, str]] = ..., image_uris: _Optional[_Iterable[str]] = ..., state: _Optional[_Union[Product.State, str]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ..., options: _Optional[_Iterable[_Union[ProductOption, _Mapping]]] = ..., variants: _Optional[_Iterable[_Union[ProductVariant, _Mapping]]] = ..., images: _Optional[_Iterable[_Union[ProductImage, _Mapping]]] = ...) -> None: ...

class ProductImage(_message.Message):
    __slots__ = ("name", "alt_text", "position", "variants", "state", "width", "height", "content_type", "renditions", "create_time", "etag")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[ProductImage.State]
        STATE_PROCESSING: _ClassVar[ProductImage.State]
        STATE_READY: _ClassVar[ProductImage.State]
        STATE_FAILED: _ClassVar[ProductImage.State]
    STATE_UNSPECIFIED: ProductImage.State
    STATE_PROCESSING: ProductImage.State
    STATE_READY: ProductImage.State
    STATE_FAILED: ProductImage.State
    NAME_FIELD_NUMBER: _ClassVar[int]
    ALT_TEXT_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    VARIANTS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    CONTENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    RENDITIONS_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    name: str
    alt_text: str
    position: int
    variants: _containers.RepeatedScalarFieldContainer[str]
    state: ProductImage.State
    width: int
    height: int
    content_type: str
    renditions: _containers.RepeatedCompositeFieldContainer[ImageRendition]
    create_time: _timestamp_pb2.Timestamp
    etag: str
    def __init__(self, name: _Optional[str] = ..., alt_text: _Optional[str] = ..., position: _Optional[int] = ..., variants: _Optional[_Iterable[str]] = ..., state: _Optional[_Union[ProductImage.State, str]] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., content_type: _Optional[str] = ..., renditions: _Optional[_Iterable[_Union[ImageRendition, _Mapping]]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ...) -> None: ...

class ImageRendition(_message.Message):
    __slots__ = ("width", "height", "format", "uri")
    class Format(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        FORMAT_UNSPECIFIED: _ClassVar[ImageRendition.Format]
        FORMAT_JPEG: _ClassVar[ImageRendition.Format]
        FORMAT_WEBP: _ClassVar[ImageRendition.Format]
    FORMAT_UNSPECIFIED: ImageRendition.Format
    FORMAT_JPEG: ImageRendition.Format
    FORMAT_WEBP: ImageRendition.Format
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    URI_FIELD_NUMBER: _ClassVar[int]
    width: int
    height: int
    format: ImageRendition.Format
    uri: str
    def __init__(self, width: _Optional[int] = ..., height: _Optional[int] = ..., format: _Optional[_Union[ImageRendition.Format, str]] = ..., uri: _Optional[str] = ...) -> None: ...

class ProductOption(_message.Message):
    __slots__ = ("name", "values")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VALUES_FIELD_NUMBER: _ClassVar[int]
    name: str
    values: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., values: _Optional[_Iterable[str]] = ...) -> None: ...

class OptionValue(_message.Message):
    __slots__ = ("option", "value")
    OPTION_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    option: str
    value: str
    def __init__(self, option: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...

class Dimensions(_message.Message):
    __slots__ = ("length_mm", "width_mm", "height_mm")
    LENGTH_MM_FIELD_NUMBER: _ClassVar[int]
    WIDTH_MM_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_MM_FIELD_NUMBER: _ClassVar[int]
    length_mm: int
    width_mm: int
    height_mm: int
    def __init__(self, length_mm: _Optional[int] = ..., width_mm: _Optional[int] = ..., height_mm: _Optional[int] = ...) -> None: ...

class ProductVariant(_message.Message):
    __slots__ = ("name", "sku", "option_values", "price", "weight_grams", "dimensions", "barcode", "image_uris", "state", "create_time", "update_time", "etag", "own_price")
    class State(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STATE_UNSPECIFIED: _ClassVar[ProductVariant.State]
        STATE_ACTIVE: _ClassVar[ProductVariant.State]
        STATE_ARCHIVED: _ClassVar[ProductVariant.State]
    STATE_UNSPECIFIED: ProductVariant.State
    STATE_ACTIVE: ProductVariant.State
    STATE_ARCHIVED: ProductVariant.State
    NAME_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    OPTION_VALUES_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_GRAMS_FIELD_NUMBER: _ClassVar[int]
    DIMENSIONS_FIELD_NUMBER: _ClassVar[int]
    BARCODE_FIELD_NUMBER: _ClassVar[int]
    IMAGE_URIS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    OWN_PRICE_FIELD_NUMBER: _ClassVar[int]
    name: str
    sku: str
    option_values: _containers.RepeatedCompositeFieldContainer[OptionValue]
    price: _money_pb2.Money
    weight_grams: int
    dimensions: Dimensions
    barcode: str
    image_uris: _containers.RepeatedScalarFieldContainer[str]
    state: ProductVariant.State
    create_time: _timestamp_pb2.Timestamp
    update_time: _timestamp_pb2.Timestamp
    etag: str
    own_price: bool
    def __init__(self, name: _Optional[str] = ..., sku: _Optional[str] = ..., option_values: _Optional[_Iterable[_Union[OptionValue, _Mapping]]] = ..., price: _Optional[_Union[_money_pb2.Money, _Mapping]] = ..., weight_grams: _Optional[int] = ..., dimensions: _Optional[_Union[Dimensions, _Mapping]] = ..., barcode: _Optional[str] = ..., image_uris: _Optional[_Iterable[str]] = ..., state: _Optional[_Union[ProductVariant.State, str]] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., update_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., etag: _Optional[str] = ..., own_price: _Optional[bool] = ...) -> None: ...

class Category(_message.Message):
    __slots__ = ("name", "display_name", "description", "create_time", "attributes")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    CREATE_TIME_FIELD_NUMBER: _ClassVar[int]
    ATTRIBUTES_FIELD_NUMBER: _ClassVar[int]
    name: str
    display_name: str
    description: str
    create_time: _timestamp_pb2.Timestamp
    attributes: _containers.RepeatedCompositeFieldContainer[AttributeDefinition]
    def __init__(self, name: _Optional[str] = ..., display_name: _Optional[str] = ..., description: _Optional[str] = ..., create_time: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., attributes: _Optional[_Iterable[_Union[AttributeDefinition, _Mapping]]] = ...) -> None: ...

class AttributeDefinition(_message.Message):
    __slots__ = ("key", "display_name", "type", "unit", "choices", "filterable", "required")
    class Type(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        TYPE_UNSPECIFIED: _ClassVar[AttributeDefinition.Type]
        TYPE_TEXT: _ClassVar[AttributeDefinition.Type]
        TYPE_NUMBER: _ClassVar[AttributeDefinition.Type]
        TYPE_BOOLEAN: _ClassVar[AttributeDefinition.Type]
        TYPE_CHOICE: _ClassVar[AttributeDefinition.Type]
    TYPE_UNSPECIFIED: AttributeDefinition.Type
    TYPE_TEXT: AttributeDefinition.Type
    TYPE_NUMBER: AttributeDefinition.Type
    TYPE_BOOLEAN: AttributeDefinition.Type
    TYPE_CHOICE: AttributeDefinition.Type
    KEY_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    CHOICES_FIELD_NUMBER: _ClassVar[int]
    FILTERABLE_FIELD_NUMBER: _ClassVar[int]
    REQUIRED_FIELD_NUMBER: _ClassVar[int]
    key: str
    display_name: str
    type: AttributeDefinition.Type
    unit: str
    choices: _containers.RepeatedScalarFieldContainer[str]
    filterable: bool
    required: bool
    def __init__(self, key: _Optional[str] = ..., display_name: _Optional[str] = ..., type: _Optional[_Union[AttributeDefinition.Type, str]] = ..., unit: _Optional[str] = ..., choices: _Optional[_Iterable[str]] = ..., filterable: _Optional[bool] = ..., required: _Optional[bool] = ...) -> None: ...
