"""Why a card was declined crosses services as shop.payments.v1.DeclineReason, never as the provider's strings."""

from hypothesis import given
from hypothesis import strategies as st

from services.notifications.service import _decline_words
from services.payments import domain
from services.payments.mapping import card_decline_reason
from shop.payments.v1 import payment_pb2


def test_every_reason_payments_declines_for_is_a_value_of_the_contract_and_back():
    values = {card_decline_reason(reason) for reason in domain.DECLINE_REASONS}
    assert values == set(payment_pb2.DeclineReason.values()) - {payment_pb2.DECLINE_REASON_UNSPECIFIED}
    assert card_decline_reason("") == payment_pb2.DECLINE_REASON_UNSPECIFIED


@given(st.text(min_size=1, max_size=40))
def test_any_code_a_provider_answers_is_a_reason_of_the_contract(code):
    """A provider's unknown code (or a row written before the set was closed) is the generic decline, never an
    error when the payment is read."""
    value = card_decline_reason(code)
    expected = code if code in domain.DECLINE_REASONS else domain.CARD_DECLINED
    assert payment_pb2.DeclineReason.Name(value) == f"DECLINE_REASON_{expected}"


def test_the_decline_mail_words_every_reason_and_says_nothing_when_there_is_none():
    assert _decline_words(payment_pb2.DECLINE_REASON_UNSPECIFIED) == ""
    assert _decline_words(payment_pb2.DECLINE_REASON_INSUFFICIENT_FUNDS) == "insufficient funds"
    named = {_decline_words(value) for value in payment_pb2.DeclineReason.values()} - {""}
    assert len(named) == len(payment_pb2.DeclineReason.values()) - 1
