"""The confirmation mail as a recipient's mail program reads it: headers, text and non-ASCII intact."""

import email
from email import policy

import pytest

from services.notifications.adapters.mailer import plain_text_message


def _read(raw: bytes) -> email.message.EmailMessage:
    return email.message_from_bytes(raw, policy=policy.default)  # type: ignore[return-value]


def test_an_ascii_message_reads_back_with_its_headers_and_text():
    raw = plain_text_message(
        sender="ShopMesh <no-reply@shopmesh.dev>",
        recipient="ada@example.com",
        subject="Your order orders/1 is confirmed",
        body="Hello Ada,\n\nTotal: USD 9.99\n",
        notification_id="n-1",
    )
    message = _read(raw)
    assert message["From"] == "ShopMesh <no-reply@shopmesh.dev>"
    assert message["To"] == "ada@example.com"
    assert message["Subject"] == "Your order orders/1 is confirmed"
    assert message["Message-ID"] == "<n-1@shopmesh.dev>"
    assert message["X-ShopMesh-Notification"] == "n-1"
    assert message.get_content().replace("\r\n", "\n") == "Hello Ada,\n\nTotal: USD 9.99\n"
    assert b"\r\n" in raw
    assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF line ends only


def test_non_ascii_subject_and_text_survive_the_trip():
    raw = plain_text_message(
        sender="no-reply@shopmesh.dev",
        recipient="zoe@example.com",
        subject="Merci Zoë — commande confirmée",
        body="Bonjour Zoë,\nTotal : 12,50 €\n",
        notification_id="n-2",
    )
    assert raw.isascii()  # 7-bit safe on the wire
    message = _read(raw)
    assert message["Subject"] == "Merci Zoë — commande confirmée"
    assert message.get_content() == "Bonjour Zoë,\nTotal : 12,50 €\n"


def test_a_line_break_in_a_header_value_is_refused():
    with pytest.raises(ValueError, match="line breaks"):
        plain_text_message(
            sender="no-reply@shopmesh.dev",
            recipient="eve@example.com\r\nBcc: victim@example.com",
            subject="hi",
            body="x",
            notification_id="n-3",
        )
