from buf.validate import validate_pb2 as _validate_pb2
from google.api import annotations_pb2 as _annotations_pb2
from google.api import field_behavior_pb2 as _field_behavior_pb2
from shop.auth.v1 import access_pb2 as _access_pb2
from shop.cart.v1 import cart_pb2 as _cart_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class CartView(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    CART_VIEW_UNSPECIFIED: _ClassVar[CartView]
    CART_VIEW_BASIC: _ClassVar[CartView]
    CART_VIEW_FULL: _ClassVar[CartView]
CART_VIEW_UNSPECIFIED: CartView
CART_VIEW_BASIC: CartView
CART_VIEW_FULL: CartView

class GetCartRequest(_message.Message):
    __slots__ = ("name", "view")
    NAME_FIELD_NUMBER: _ClassVar[int]
    VIEW_FIELD_NUMBER: _ClassVar[int]
    name: str
    view: CartView
    def __init__(self, name: _Optional[str] = ..., view: _Optional[_Union[CartView, str]] = ...) -> None: ...

class ApplyCouponRequest(_message.Message):
    __slots__ = ("cart", "coupon_code")
    CART_FIELD_NUMBER: _ClassVar[int]
    COUPON_CODE_FIELD_NUMBER: _ClassVar[int]
    cart: str
    coupon_code: str
    def __init__(self, cart: _Optional[str] = ..., coupon_code: _Optional[str] = ...) -> None: ...

class ApplyCouponResponse(_message.Message):
    __slots__ = ("cart",)
    CART_FIELD_NUMBER: _ClassVar[int]
    cart: _cart_pb2.Cart
    def __init__(self, cart: _Optional[_Union[_cart_pb2.Cart, _Mapping]] = ...) -> None: ...

class RemoveCouponRequest(_message.Message):
    __slots__ = ("cart",)
    CART_FIELD_NUMBER: _ClassVar[int]
    cart: str
    def __init__(self, cart: _Optional[str] = ...) -> None: ...

class RemoveCouponResponse(_message.Message):
    __slots__ = ("cart",)
    CART_FIELD_NUMBER: _ClassVar[int]
    cart: _cart_pb2.Cart
    def __init__(self, cart: _Optional[_Union[_cart_pb2.Cart, _Mapping]] = ...) -> None: ...

class GetCartResponse(_message.Message):
    __slots__ = ("cart",)
    CART_FIELD_NUMBER: _ClassVar[int]
    cart: _cart_pb2.Cart
    def __init__(self, cart: _Optional[_Union[_cart_pb2.Cart, _Mapping]] = ...) -> None: ...

class AddCartItemRequest(_message.Message):
    __slots__ = ("cart", "product", "quantity", "variant")
    CART_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    VARIANT_FIELD_NUMBER: _ClassVar[int]
    cart: str
    product: str
    quantity: int
    variant: str
    def __init__(self, cart: _Optional[str] = ..., product: _Optional[str] = ..., quantity: _Optional[int] = ..., variant: _Optional[str] = ...) -> None: ...

class AddCartItemResponse(_message.Message):
    __slots__ = ("cart",)
    CART_FIELD_NUMBER: _ClassVar[int]
    cart: _cart_pb2.Cart
    def __init__(self, cart: _Optional[_Union[_cart_pb2.Cart, _Mapping]] = ...) -> None: ...

class UpdateCartItemRequest(_message.Message):
    __slots__ = ("cart", "product", "quantity", "variant")
    CART_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    VARIANT_FIELD_NUMBER: _ClassVar[int]
    cart: str
    product: str
    quantity: int
    variant: str
    def __init__(self, cart: _Optional[str] = ..., product: _Optional[str] = ..., quantity: _Optional[int] = ..., variant: _Optional[str] = ...) -> None: ...

class UpdateCartItemResponse(_message.Message):
    __slots__ = ("cart",)
    CART_FIELD_NUMBER: _ClassVar[int]
    cart: _cart_pb2.Cart
    def __init__(self, cart: _Optional[_Union[_cart_pb2.Cart, _Mapping]] = ...) -> None: ...

class RemoveCartItemRequest(_message.Message):
    __slots__ = ("cart", "product", "variant")
    CART_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_FIELD_NUMBER: _ClassVar[int]
    VARIANT_FIELD_NUMBER: _ClassVar[int]
    cart: str
    product: str
    variant: str
    def __init__(self, cart: _Optional[str] = ..., product: _Optional[str] = ..., variant: _Optional[str] = ...) -> None: ...

class RemoveCartItemResponse(_message.Message):
    __slots__ = ("cart",)
    CART_FIELD_NUMBER: _ClassVar[int]
    cart: _cart_pb2.Cart
    def __init__(self, cart: _Optional[_Union[_cart_pb2.Cart, _Mapping]] = ...) -> None: ...

class RemoveOrderedItemsRequest(_message.Message):
    __slots__ = ("cart", "products", "variants")
    CART_FIELD_NUMBER: _ClassVar[int]
    PRODUCTS_FIELD_NUMBER: _ClassVar[int]
    VARIANTS_FIELD_NUMBER: _ClassVar[int]
    cart: str
    products: _containers.RepeatedScalarFieldContainer[str]
    variants: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, cart: _Optional[str] = ..., products: _Optional[_Iterable[str]] = ..., variants: _Optional[_Iterable[str]] = ...) -> None: ...

class RemoveOrderedItemsResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ClearCartRequest(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ClearCartResponse(_message.Message):
    __slots__ = ("cart",)
    CART_FIELD_NUMBER: _ClassVar[int]
    cart: _cart_pb2.Cart
    def __init__(self, cart: _Optional[_Union[_cart_pb2.Cart, _Mapping]] = ...) -> None: ...

class MergeCartRequest(_message.Message):
    __slots__ = ("name", "anonymous_cart")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ANONYMOUS_CART_FIELD_NUMBER: _ClassVar[int]
    name: str
    anonymous_cart: str
    def __init__(self, name: _Optional[str] = ..., anonymous_cart: _Optional[str] = ...) -> None: ...

class MergeCartResponse(_message.Message):
    __slots__ = ("cart",)
    CART_FIELD_NUMBER: _ClassVar[int]
    cart: _cart_pb2.Cart
    def __init__(self, cart: _Optional[_Union[_cart_pb2.Cart, _Mapping]] = ...) -> None: ...

class SetCartCurrencyRequest(_message.Message):
    __slots__ = ("cart", "currency_code")
    CART_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_CODE_FIELD_NUMBER: _ClassVar[int]
    cart: str
    currency_code: str
    def __init__(self, cart: _Optional[str] = ..., currency_code: _Optional[str] = ...) -> None: ...

class SetCartCurrencyResponse(_message.Message):
    __slots__ = ("cart",)
    CART_FIELD_NUMBER: _ClassVar[int]
    cart: _cart_pb2.Cart
    def __init__(self, cart: _Optional[_Union[_cart_pb2.Cart, _Mapping]] = ...) -> None: ...
