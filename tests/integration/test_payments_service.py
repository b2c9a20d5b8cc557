"""Payments against real PostgreSQL with the sandbox provider's test cards."""

import logging
import uuid

import asyncpg
import grpc
import pytest
from google.type import money_pb2

from shop.payments.v1 import events_pb2, payment_pb2
from shop.payments.v1 import payments_service_pb2 as pb
from tests.kafka_events import events_for_key
from tests.rich_errors import details_of, field_violations

APPROVED, DECLINED, NO_FUNDS, OUTAGE = "4242424242424242", "4000000000000002", "4000000000009995", "4000000000000119"
AMOUNT = money_pb2.Money(currency_code="USD", units=42, nanos=500_000_000)


def _card(number: str, year: int = 2031) -> payment_pb2.Card:
    return payment_pb2.Card(number=number, exp_month=12, exp_year=year, cvc="123")


def _order() -> str:
    return f"orders/{uuid.uuid4()}"


async def _authorize(payments, order: str, number: str = APPROVED, **kwargs):
    request = pb.AuthorizePaymentRequest(order=order, amount=AMOUNT, card=_card(number, **kwargs))
    return (await payments.AuthorizePayment(request)).payment


async def test_an_approved_card_is_authorized_then_captured_then_refunded(payments):
    order = _order()
    payment = await _authorize(payments, order)
    assert payment.state == payment_pb2.Payment.STATE_AUTHORIZED
    assert (payment.card_last4, payment.amount) == ("4242", AMOUNT)
    captured = (await payments.CapturePayment(pb.CapturePaymentRequest(order=order))).payment
    assert captured.state == payment_pb2.Payment.STATE_CAPTURED
    refunded = (await payments.RefundPayment(pb.RefundPaymentRequest(order=order))).payment
    assert refunded.state == payment_pb2.Payment.STATE_REFUNDED


@pytest.mark.parametrize(
    ("number", "reason"),
    [(DECLINED, payment_pb2.DECLINE_REASON_CARD_DECLINED), (NO_FUNDS, payment_pb2.DECLINE_REASON_INSUFFICIENT_FUNDS)],
)
async def test_declines_are_recorded_with_their_reason_not_raised(payments, number, reason):
    payment = await _authorize(payments, _order(), number)
    assert (payment.state, payment.card_decline_reason) == (payment_pb2.Payment.STATE_DECLINED, reason)
    assert payment.decline_reason == payment_pb2.DeclineReason.Name(reason).removeprefix("DECLINE_REASON_")


async def test_an_expired_card_is_declined(payments):
    payment = await _authorize(payments, _order(), year=2020)
    assert payment.card_decline_reason == payment_pb2.DECLINE_REASON_EXPIRED_CARD


async def test_an_approved_payment_has_no_decline_reason(payments):
    payment = await _authorize(payments, _order())
    assert (payment.card_decline_reason, payment.decline_reason) == (payment_pb2.DECLINE_REASON_UNSPECIFIED, "")


async def test_a_provider_outage_is_unavailable_and_records_nothing(payments):
    order = _order()
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await _authorize(payments, order, OUTAGE)
    assert error.value.code() == grpc.StatusCode.UNAVAILABLE
    assert "RetryInfo" in details_of(error.value)
    with pytest.raises(grpc.aio.AioRpcError) as missing:
        await payments.GetPayment(pb.GetPaymentRequest(order=order))
    assert missing.value.code() == grpc.StatusCode.NOT_FOUND


async def test_one_payment_per_order_however_often_it_is_asked(payments):
    order = _order()
    first = await _authorize(payments, order)
    again = await _authorize(payments, order, DECLINED)
    assert again == first


async def test_a_mistyped_card_number_is_invalid_argument(payments):
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await _authorize(payments, _order(), "4242424242424241")
    assert field_violations(error.value) == {"card.number"}


async def test_void_drops_the_hold_and_a_voided_payment_cannot_be_captured(payments):
    order = _order()
    await _authorize(payments, order)
    voided = (await payments.VoidPayment(pb.VoidPaymentRequest(order=order))).payment
    assert voided.state == payment_pb2.Payment.STATE_VOIDED
    assert (await payments.VoidPayment(pb.VoidPaymentRequest(order=order))).payment == voided
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await payments.CapturePayment(pb.CapturePaymentRequest(order=order))
    assert error.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    nothing = await payments.VoidPayment(pb.VoidPaymentRequest(order=_order()))
    assert not nothing.HasField("payment")


async def test_the_card_number_reaches_no_table_log_or_event(payments, infrastructure, caplog):
    caplog.set_level(logging.DEBUG)
    number = "4111111111111111"
    order = _order()
    await _authorize(payments, order, number)
    connection = await asyncpg.connect(infrastructure.database_url("payments_it").replace("+asyncpg", ""))
    try:
        dump = str(await connection.fetch("SELECT * FROM payments")) + str(
            await connection.fetch("SELECT * FROM outbox")
        )
    finally:
        await connection.close()
    assert number not in dump
    assert number not in "\n".join(str(r.__dict__) for r in caplog.records)
    events = await events_for_key(infrastructure.kafka(), "shop.payments.events", order)
    assert events[0].type == "shop.payments.v1.PaymentAuthorized"
    assert number.encode() not in events[0].payload
    assert events_pb2.PaymentAuthorized.FromString(events[0].payload).payment.card_last4 == "1111"


def _usd(cents: int) -> money_pb2.Money:
    return money_pb2.Money(currency_code="USD", units=cents // 100, nanos=cents % 100 * 10_000_000)


async def test_partial_refunds_give_back_each_refund_once_and_never_more_than_was_taken(payments, infrastructure):
    order = _order()
    await _authorize(payments, order)  # 42.50
    await payments.CapturePayment(pb.CapturePaymentRequest(order=order))

    first = pb.RefundPaymentRequest(order=order, amount=_usd(1000), refund_id=f"{order}/returns/a")
    partly = (await payments.RefundPayment(first)).payment
    assert partly.state == payment_pb2.Payment.STATE_PARTIALLY_REFUNDED
    assert partly.refunded_amount == _usd(1000)
    again = (await payments.RefundPayment(first)).payment  # a repeat of the same refund gives nothing back twice
    assert again.refunded_amount == _usd(1000)

    too_much = pb.RefundPaymentRequest(order=order, amount=_usd(3251), refund_id=f"{order}/returns/b")
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await payments.RefundPayment(too_much)
    assert error.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert details_of(error.value)["ErrorInfo"].reason == "REFUND_EXCEEDS_PAYMENT"

    other_currency = pb.RefundPaymentRequest(
        order=order, amount=money_pb2.Money(currency_code="EUR", units=1), refund_id=f"{order}/returns/c"
    )
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await payments.RefundPayment(other_currency)
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT

    rest = (await payments.RefundPayment(pb.RefundPaymentRequest(order=order))).payment  # everything left
    assert rest.state == payment_pb2.Payment.STATE_REFUNDED
    assert rest.refunded_amount == AMOUNT
    events = await events_for_key(infrastructure.kafka(), "shop.payments.events", order, count=4)
    refunds = [e for e in events if e.type == "shop.payments.v1.PaymentRefunded"]
    refunded = [events_pb2.PaymentRefunded.FromString(e.payload).payment.refunded_amount for e in refunds]
    assert refunded == [_usd(1000), AMOUNT]


async def test_an_authorized_payment_cannot_be_refunded(payments):
    order = _order()
    await _authorize(payments, order)
    with pytest.raises(grpc.aio.AioRpcError) as error:
        await payments.RefundPayment(pb.RefundPaymentRequest(order=order, amount=_usd(100), refund_id="r"))
    assert error.value.code() == grpc.StatusCode.FAILED_PRECONDITION
