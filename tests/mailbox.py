"""Reads the mail the stack's SMTP sink (scripts/smtp_sink.py) accepted, as a recipient would see it."""

from __future__ import annotations

import email
import time
from email.message import Message
from pathlib import Path


def messages_to(maildir: Path, recipient: str) -> list[Message]:
    found = []
    for path in sorted(maildir.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes())
        if recipient in message.get("X-Envelope-To", ""):
            found.append(message)
    return found


def wait_for_mail(maildir: Path, recipient: str, subject_contains: str, *, within: float = 15.0) -> list[Message]:
    """Every message to ``recipient`` whose subject contains the text, once there is at least one."""
    deadline = time.monotonic() + within
    while True:
        matching = [m for m in messages_to(maildir, recipient) if subject_contains in m["Subject"]]
        if matching or time.monotonic() > deadline:
            return matching
        time.sleep(0.1)
