"""Orders between the domain and protobuf, for the API and the events alike."""

from __future__ import annotations

from services.orders import domain
from services.orders.domain import Order, Return
from services.runtime import money
from services.runtime.resource_versions import timestamp
from shop.catalog.v1 import product_pb2
from shop.orders.v1 import order_pb2, order_return_pb2
from shop.shipping.v1 import shipment_pb2

_STATES = {
    domain.PENDING: order_pb2.Order.STATE_PENDING,
    domain.CONFIRMED: order_pb2.Order.STATE_CONFIRMED,
    domain.SHIPPED: order_pb2.Order.STATE_SHIPPED,
    domain.DELIVERED: order_pb2.Order.STATE_DELIVERED,
    domain.CANCELLED: order_pb2.Order.STATE_CANCELLED,
    domain.REFUNDED: order_pb2.Order.STATE_REFUNDED,
    domain.PARTIALLY_REFUNDED: order_pb2.Order.STATE_PARTIALLY_REFUNDED,
}
_RETURN_STATES = {
    domain.REQUESTED: order_return_pb2.OrderReturn.STATE_REQUESTED,
    domain.APPROVED: order_return_pb2.OrderReturn.STATE_APPROVED,
    domain.REJECTED: order_return_pb2.OrderReturn.STATE_REJECTED,
    domain.REFUNDED: order_return_pb2.OrderReturn.STATE_REFUNDED,
}


def cancellation_reason(reason: str) -> order_pb2.CancelReason.ValueType:
    """The contract's word for one of domain.CANCEL_REASONS ('' while the order is not cancelled)."""
    return order_pb2.CancelReason.Value(f"CANCEL_REASON_{reason}") if reason else order_pb2.CANCEL_REASON_UNSPECIFIED


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
            discount=money.to_proto(line.discount),
            variant=f"products/{line.product_id}/variants/{line.variant_id}" if line.variant_id else "",
            option_values=[product_pb2.OptionValue(option=name, value=value) for name, value in line.option_values],
        )
        if line.cart_unit_price is not None:
            message.cart_unit_price.CopyFrom(money.to_proto(line.cart_unit_price))
        lines.append(message)
    message = order_pb2.Order(
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
        cancellation_reason=cancellation_reason(order.cancel_reason),
        number=str(order.number) if order.number else "",
        card_last4=order.card_last4,
        carrier=order.carrier,
        tracking_number=order.tracking_number,
        prices_changed=order.prices_changed,
        create_time=timestamp(order.create_time),
        update_time=timestamp(order.update_time),
        etag=order.etag,
        refunded=money.to_proto(order.refunded),
        discount=money.to_proto(order.totals.discount),
        coupon_code=order.coupon_code,
    )
    if order.deliver_time is not None:
        message.deliver_time.CopyFrom(timestamp(order.deliver_time))
    return message


def return_to_pb(order_return: Return) -> order_return_pb2.OrderReturn:
    return order_return_pb2.OrderReturn(
        name=order_return.name,
        customer=f"users/{order_return.customer_id}",
        lines=[
            order_return_pb2.ReturnLine(
                product=f"products/{line.product_id}",
                variant=f"products/{line.product_id}/variants/{line.variant_id}" if line.variant_id else "",
                quantity=line.quantity,
                display_name=line.display_name,
                amount=money.to_proto(line.amount),
            )
            for line in order_return.lines
        ],
        reason=order_return.reason,
        state=_RETURN_STATES[order_return.state],
        items_refund=money.to_proto(order_return.items_refund),
        tax_refund=money.to_proto(order_return.tax_refund),
        refund_total=money.to_proto(order_return.refund_total),
        reject_reason=order_return.reject_reason,
        create_time=timestamp(order_return.create_time),
        update_time=timestamp(order_return.update_time),
        etag=order_return.etag,
    )
