"""Hands mail to an SMTP server (aiosmtplib), over connections kept open between messages.

Opening a connection (TCP, greeting, EHLO, STARTTLS, AUTH) costs more than sending a short message, so each
connection is reused; one that went stale (the server closed it while idle) is replaced once, at once.

Messages are plain-text RFC 5322 built directly as bytes (the ``email`` package's ``EmailMessage`` costs
several times more than the send itself): ASCII text goes as 7bit, anything else as base64 UTF-8 with an
RFC 2047 subject. The Message-ID is the notification's id, so a resend after a crash is recognisable.
"""

from __future__ import annotations

import base64
from email.header import Header
from email.utils import formatdate, parseaddr

import aiosmtplib

# The connection broke (not the message's fault): worth one more try on a fresh connection.
_STALE = (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPConnectError, ConnectionError)


class SmtpMailer:
    def __init__(
        self,
        host: str,
        port: int,
        *,
        sender: str,
        username: str | None = None,
        password: str | None = None,
        start_tls: bool = False,
        max_idle_connections: int = 4,
    ) -> None:
        self._host, self._port, self._sender = host, port, sender
        self._envelope_sender = parseaddr(sender)[1]  # "ShopMesh <no-reply@...>" -> the address alone
        self._username, self._password, self._start_tls = username, password, start_tls
        self._max_idle = max_idle_connections
        self._idle: list[aiosmtplib.SMTP] = []

    async def _connect(self) -> aiosmtplib.SMTP:
        client = aiosmtplib.SMTP(
            hostname=self._host,
            port=self._port,
            username=self._username,
            password=self._password,
            start_tls=self._start_tls,
            timeout=10,
        )
        await client.connect()
        return client

    def _release(self, client: aiosmtplib.SMTP) -> None:
        if len(self._idle) < self._max_idle:
            self._idle.append(client)
        else:
            client.close()

    async def send(self, *, recipient: str, subject: str, body: str, notification_id: str) -> None:
        """Returns once the server accepted the message; raises when it did not (the caller retries)."""
        message = plain_text_message(
            sender=self._sender, recipient=recipient, subject=subject, body=body, notification_id=notification_id
        )
        options = [] if recipient.isascii() and self._envelope_sender.isascii() else ["SMTPUTF8"]
        if self._idle:
            client = self._idle.pop()
            try:
                await client.sendmail(self._envelope_sender, [recipient], message, mail_options=options)
            except _STALE:
                client.close()
            except BaseException:
                client.close()
                raise
            else:
                self._release(client)
                return
        client = await self._connect()
        try:
            await client.sendmail(self._envelope_sender, [recipient], message, mail_options=options)
        except BaseException:
            client.close()
            raise
        self._release(client)

    async def close(self) -> None:
        while self._idle:
            self._idle.pop().close()


def plain_text_message(*, sender: str, recipient: str, subject: str, body: str, notification_id: str) -> bytes:
    """One plain-text message, ready for SMTP DATA (CRLF line ends; the SMTP client stuffs leading dots)."""
    if any("\r" in value or "\n" in value for value in (sender, recipient, subject, notification_id)):
        raise ValueError("header values may not contain line breaks")
    lines = body.splitlines() or [""]
    if body.isascii() and all(len(line) <= 998 for line in lines):
        encoding, text = "7bit", "\r\n".join(lines) + "\r\n"
    else:
        encoding, text = "base64", base64.encodebytes(body.encode()).decode().replace("\n", "\r\n")
    headers = [
        f"From: {sender}",
        f"To: {recipient}",
        f"Subject: {subject if subject.isascii() else Header(subject, 'utf-8').encode()}",
        f"Date: {formatdate(usegmt=True)}",
        f"Message-ID: <{notification_id}@shopmesh.dev>",
        f"X-ShopMesh-Notification: {notification_id}",
        "MIME-Version: 1.0",
        'Content-Type: text/plain; charset="utf-8"',
        f"Content-Transfer-Encoding: {encoding}",
    ]
    return ("\r\n".join(headers) + "\r\n\r\n" + text).encode()
