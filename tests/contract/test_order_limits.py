"""Every contract that carries a cart's or an order's contents admits what services/runtime/order_limits.py
declares: a cart the cart service accepted is never refused by a call checkout makes with it."""

from buf.validate import validate_pb2
from google.protobuf.descriptor import Descriptor

from services.runtime import order_limits
from shop.cart.v1 import cart_service_pb2
from shop.catalog.v1 import catalog_service_pb2, product_pb2
from shop.inventory.v1 import inventory_service_pb2
from shop.shipping.v1 import shipment_pb2, shipping_service_pb2


def _rules(message: Descriptor, field: str) -> validate_pb2.FieldRules:
    return message.fields_by_name[field].GetOptions().Extensions[validate_pb2.field]


def test_the_cart_takes_at_most_the_units_per_line_in_one_edit():
    assert _rules(cart_service_pb2.AddCartItemRequest.DESCRIPTOR, "quantity").int64.lte == order_limits.UNITS_PER_LINE
    assert (
        _rules(cart_service_pb2.UpdateCartItemRequest.DESCRIPTOR, "quantity").int64.lte == order_limits.UNITS_PER_LINE
    )


def test_stock_is_reserved_for_a_whole_order_in_one_call():
    request = inventory_service_pb2.ReserveStockRequest.DESCRIPTOR
    assert _rules(request, "lines").repeated.max_items >= order_limits.LINES_PER_ORDER
    line = inventory_service_pb2.ReserveLine.DESCRIPTOR
    assert _rules(line, "quantity").int64.lte >= order_limits.UNITS_PER_LINE


def test_shipping_quotes_and_ships_exactly_an_orders_units():
    for request in (shipping_service_pb2.QuoteShippingRequest, shipping_service_pb2.CreateShipmentRequest):
        assert _rules(request.DESCRIPTOR, "units").int64.lte == order_limits.UNITS_PER_ORDER
        # ...weighed line by line: an order's lines, each with up to a line's units.
        assert _rules(request.DESCRIPTOR, "items").repeated.max_items >= order_limits.LINES_PER_ORDER
    item = shipment_pb2.ParcelItem.DESCRIPTOR
    assert _rules(item, "units").int64.lte >= order_limits.UNITS_PER_LINE


def test_shipping_weighs_whatever_the_catalog_lets_a_variant_weigh_and_measure():
    variant, item = product_pb2.ProductVariant.DESCRIPTOR, shipment_pb2.ParcelItem.DESCRIPTOR
    assert _rules(item, "weight_grams").int64.lte >= _rules(variant, "weight_grams").int64.lte
    sides = product_pb2.Dimensions.DESCRIPTOR
    for side in ("length_mm", "width_mm", "height_mm"):
        assert _rules(item, side).int32.lte >= _rules(sides, side).int32.lte


def test_the_catalog_prices_a_whole_cart_in_one_call():
    request = catalog_service_pb2.PriceItemsRequest.DESCRIPTOR
    assert _rules(request, "items").repeated.max_items >= order_limits.LINES_PER_ORDER
