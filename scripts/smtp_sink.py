"""A local SMTP server that accepts every message and keeps it as a file (the dev and test stacks run it).

Each accepted message is written to ``<maildir>/<time>-<n>.eml`` (the raw message, with the envelope
recipients in an ``X-Envelope-To`` header) so you can read what ShopMesh sent, and tests can count it.
``python -m scripts.smtp_sink --port 11025 --maildir .run/dev/mail``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import signal
import time
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller


class Mailbox:
    def __init__(self, maildir: Path) -> None:
        self.maildir = maildir
        self._numbers = itertools.count()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        name = f"{time.time_ns()}-{next(self._numbers)}.eml"
        content = f"X-Envelope-To: {', '.join(envelope.rcpt_tos)}\r\n".encode() + envelope.original_content
        partial = self.maildir / f".{name}.part"
        partial.write_bytes(content)
        partial.rename(self.maildir / name)  # readers never see half a message
        return "250 OK: kept"


async def _serve(port: int, maildir: Path) -> None:
    controller = Controller(Mailbox(maildir), hostname="127.0.0.1", port=port)
    controller.start()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    print(f"SMTP sink on 127.0.0.1:{port}, keeping mail in {maildir}", flush=True)
    await stop.wait()
    controller.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--maildir", type=Path, required=True)
    args = parser.parse_args()
    args.maildir.mkdir(parents=True, exist_ok=True)
    asyncio.run(_serve(args.port, args.maildir))


if __name__ == "__main__":
    main()
