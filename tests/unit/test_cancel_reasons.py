"""Why an order was cancelled crosses services as shop.orders.v1.CancelReason, never as orders' own strings."""

from services.notifications.service import MAILED_CANCELLATIONS, REFUSED_AT_CHECKOUT
from services.orders import domain
from services.orders.mapping import cancellation_reason
from shop.orders.v1 import order_pb2


def test_every_reason_orders_cancels_for_is_a_value_of_the_contract_and_back():
    values = {cancellation_reason(reason) for reason in domain.CANCEL_REASONS}
    assert values == set(order_pb2.CancelReason.values()) - {order_pb2.CANCEL_REASON_UNSPECIFIED}
    assert cancellation_reason("") == order_pb2.CANCEL_REASON_UNSPECIFIED


def test_notifications_decides_for_every_reason_whether_the_customer_is_mailed():
    """A reason added to the contract fails here until notifications says whether it mails the customer."""
    assert REFUSED_AT_CHECKOUT.isdisjoint(MAILED_CANCELLATIONS)
    assert set(order_pb2.CancelReason.values()) == REFUSED_AT_CHECKOUT | MAILED_CANCELLATIONS


def test_a_checkout_refused_for_inventory_down_is_not_mailed_as_a_cancelled_order():
    assert order_pb2.CANCEL_REASON_INVENTORY_UNAVAILABLE in REFUSED_AT_CHECKOUT
