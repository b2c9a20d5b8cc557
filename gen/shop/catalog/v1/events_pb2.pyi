from shop.catalog.v1 import product_pb2 as _product_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ProductCreated(_message.Message):
    __slots__ = ("product",)
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    product: _product_pb2.Product
    def __init__(self, product: _Optional[_Union[_product_pb2.Product, _Mapping]] = ...) -> None: ...

class ProductUpdated(_message.Message):
    __slots__ = ("product", "changed_fields")
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELDS_FIELD_NUMBER: _ClassVar[int]
    product: _product_pb2.Product
    changed_fields: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, product: _Optional[_Union[_product_pb2.Product, _Mapping]] = ..., changed_fields: _Optional[_Iterable[str]] = ...) -> None: ...

class ProductArchived(_message.Message):
    __slots__ = ("product",)
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    product: _product_pb2.Product
    def __init__(self, product: _Optional[_Union[_product_pb2.Product, _Mapping]] = ...) -> None: ...

class ProductDeleted(_message.Message):
    __slots__ = ("name", "sku")
    NAME_FIELD_NUMBER: _ClassVar[int]
    SKU_FIELD_NUMBER: _ClassVar[int]
    name: str
    sku: str
    def __init__(self, name: _Optional[str] = ..., sku: _Optional[str] = ...) -> None: ...

class ProductImageUploaded(_message.Message):
    __slots__ = ("image", "object_key")
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    OBJECT_KEY_FIELD_NUMBER: _ClassVar[int]
    image: _product_pb2.ProductImage
    object_key: str
    def __init__(self, image: _Optional[_Union[_product_pb2.ProductImage, _Mapping]] = ..., object_key: _Optional[str] = ...) -> None: ...

class ProductImageDeleted(_message.Message):
    __slots__ = ("name", "object_key", "rendition_keys")
    NAME_FIELD_NUMBER: _ClassVar[int]
    OBJECT_KEY_FIELD_NUMBER: _ClassVar[int]
    RENDITION_KEYS_FIELD_NUMBER: _ClassVar[int]
    name: str
    object_key: str
    rendition_keys: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, name: _Optional[str] = ..., object_key: _Optional[str] = ..., rendition_keys: _Optional[_Iterable[str]] = ...) -> None: ...

class CategoryChanged(_message.Message):
    __slots__ = ("category",)
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    category: _product_pb2.Category
    def __init__(self, category: _Optional[_Union[_product_pb2.Category, _Mapping]] = ...) -> None: ...
