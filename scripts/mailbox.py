"""Reads the mail the stack's SMTP sink (scripts/smtp_sink.py) accepted, as a recipient would see it: for the
tests, and for the tools that shop like people (`make bench`, `make load`), who confirm their address with the
code identity mails them."""

from __future__ import annotations

import email
import os
import re
import time
from email.message import Message
from pathlib import Path

# Message file → its envelope recipients, lower case. The sink never changes a message once it is visible, so
# each file is read once per process, however long the stack's mail history and however often one polls.
_RECIPIENTS: dict[str, str] = {}


def messages_to(maildir: Path, recipient: str) -> list[Message]:
    found = []
    wanted = recipient.lower()  # addresses compare without case
    for name in sorted(name for name in os.listdir(maildir) if name.endswith(".eml")):
        key = os.path.join(maildir, name)
        known = _RECIPIENTS.get(key)
        if known is not None and wanted not in known:
            continue
        message = email.message_from_bytes(Path(key).read_bytes())
        _RECIPIENTS[key] = message.get("X-Envelope-To", "").lower()
        if wanted in _RECIPIENTS[key]:
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


def newest(maildir: Path, count: int, recipient: str = "") -> list[Message]:
    """The last ``count`` messages the sink accepted (to ``recipient`` only, when given), oldest first."""
    names = sorted(name for name in os.listdir(maildir) if name.endswith(".eml")) if maildir.exists() else []
    if recipient:
        return messages_to(maildir, recipient)[-count:]
    return [email.message_from_bytes((maildir / name).read_bytes()) for name in names[-count:]]


def main() -> int:
    import argparse

    from scripts.mesh import Profile

    parser = argparse.ArgumentParser(description="Print the newest mail a local stack sent (its SMTP sink's).")
    parser.add_argument("--profile", default="dev")
    parser.add_argument("--to", default="", help="only mail to this address")
    parser.add_argument("--last", type=int, default=3)
    args = parser.parse_args()
    maildir = Profile.named(args.profile).maildir
    found = newest(maildir, args.last, args.to)
    if not found:
        print(f"no mail{' to ' + args.to if args.to else ''} in {maildir}")
    for message in found:
        body = message.get_payload(decode=True).decode(errors="replace")
        print(f"To: {message['To']}\nSubject: {message['Subject']}\nDate: {message['Date']}\n\n{body.strip()}\n")
        print("-" * 72)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
