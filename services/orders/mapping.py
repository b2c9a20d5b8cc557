"""Orders between the domain and protobuf, for the API and the events alike."""

from __future__ import annotations

from services.orders import domain
from services.orders.domain import Order
from services.runtime import money
from services.runtime.resource_versions import timestamp
from shop.orders.v1 import order_pb2
from shop.shipping.v1 import shipment_pb2

_STATES = {
    domain.PENDING: order_pb2.Order.STATE_PENDING,
    domain.CONFIRMED: order_pb2.Order.STATE_CONFIRMED,
    domain.SHIPPED: order_pb2.Order.STATE_SHIPPED,
    domain.DELIVERED: order_pb2.Order.STATE_DELIVERED,
    domain.CANCELLED: order_pb2.Order.STATE_CANCELLED,
    domain.REFUNDED: order_pb2.Order.STATE_REFUNDED,
}


def order_to_pb(order: Order) -> order_pb2.Order:
    lines = []
    for line in order.lines:
        message = order_pb2.OrderLine(
            product=f"products/{line.product_id}",
            sku=line.sku,
            display_name=line.display_name,
            quantity=line.quantity,
            unit_price=money.to_proto(line.unit_price),
            line_total=money.to_proto(line.total),
        )
        if line.cart_unit_price is not None:
            message.cart_unit_price.CopyFrom(money.to_proto(line.cart_unit_price))
        lines.append(message)
    return order_pb2.Order(
        name=order.name,
        customer=f"users/{order.customer_id}",
        lines=lines,
        items_total=money.to_proto(order.totals.items),
        tax=money.to_proto(order.totals.tax),
        shipping=money.to_proto(order.totals.shipping),
        total=money.to_proto(order.totals.total),
        shipping_address=shipment_pb2.Address(**order.address),
        state=_STATES[order.state],
        cancel_reason=order.cancel_reason,
        card_last4=order.card_last4,
        carrier=order.carrier,
        tracking_number=order.tracking_number,
        prices_changed=order.prices_changed,
        create_time=timestamp(order.create_time),
        update_time=timestamp(order.update_time),
        etag=order.etag,
    )
