"""Hands mail to an SMTP server (aiosmtplib), over connections kept open between messages.

Opening a connection (TCP, greeting, EHLO, STARTTLS, AUTH) costs more than sending a short message, so each
connection is reused; one that went stale (the server closed it while idle) is replaced once, at once.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

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
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = recipient
        message["Subject"] = subject
        # One id per notification: a resend after a crash between "accepted" and "marked sent" is recognisable.
        message["Message-ID"] = make_msgid(idstring=notification_id, domain="shopmesh.dev")
        message["X-ShopMesh-Notification"] = notification_id
        message.set_content(body)
        if self._idle:
            client = self._idle.pop()
            try:
                await client.send_message(message)
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
            await client.send_message(message)
        except BaseException:
            client.close()
            raise
        self._release(client)

    async def close(self) -> None:
        while self._idle:
            self._idle.pop().close()
