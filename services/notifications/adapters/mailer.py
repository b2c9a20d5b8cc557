"""Hands mail to an SMTP server (aiosmtplib)."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid

import aiosmtplib


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
    ) -> None:
        self._host, self._port, self._sender = host, port, sender
        self._username, self._password, self._start_tls = username, password, start_tls

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
        await aiosmtplib.send(
            message,
            hostname=self._host,
            port=self._port,
            username=self._username,
            password=self._password,
            start_tls=self._start_tls,
            timeout=10,
        )
