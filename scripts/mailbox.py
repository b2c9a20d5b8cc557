"""Reads the mail the stack's SMTP sink (scripts/smtp_sink.py) accepted, as a recipient would see it: for the
tests, and for the tools that shop like people (`make bench`, `make load`), who confirm their address with the
code identity mails them."""

from __future__ import annotations

import email
import re
import time
from email.message import Message
from pathlib import Path


def messages_to(maildir: Path, recipient: str) -> list[Message]:
    found = []
    for path in sorted(maildir.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes())
        if recipient.lower() in message.get("X-Envelope-To", "").lower():  # addresses compare without case
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


_CODE = re.compile(r"Your code:\s+(\S+)")


def account_code(maildir: Path, recipient: str, subject_contains: str, *, within: float = 30.0) -> str:
    """The code of the newest mail to ``recipient`` whose subject contains the text (the verification or the
    password reset mail), waiting up to ``within`` seconds for one."""
    mails = wait_for_mail(maildir, recipient, subject_contains, within=within)
    if not mails:
        raise TimeoutError(f"no mail {subject_contains!r} to {recipient} within {within:g}s")
    body = mails[-1].get_payload(decode=True).decode()
    found = _CODE.search(body)
    if found is None:
        raise ValueError(f"the mail {subject_contains!r} to {recipient} carries no code")
    return found.group(1)


def verification_code(maildir: Path, recipient: str, *, within: float = 30.0) -> str:
    return account_code(maildir, recipient, "Confirm your email address", within=within)
