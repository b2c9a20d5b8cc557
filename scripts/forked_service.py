"""What supervisord runs for a service of the local stack: ``python -S -m scripts.forked_service <socket>
<module> [args...]`` asks the fork server (:mod:`scripts.fork_server`) to run ``python -m <module> [args...]``
as a fork of the process that has already imported the services' code, and stands for that process:

- its stdin, stdout and stderr are the launcher's (the program's log);
- a signal sent to the launcher (supervisord's stop, ``supervisorctl signal``) is passed on to it, and a signal
  sent to the program's process group reaches it directly (it joins the launcher's group);
- when the launcher dies, even by SIGKILL, it dies with it at once;
- the launcher exits with its exit code.

Without a fork server to ask (not started, or refusing because the code changed since it imported it), the
launcher becomes the service itself: it executes ``python -m <module>`` in its own place.

It imports only the standard library, and runs without ``site`` (``-S``): a launcher costs a few megabytes.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import struct
import sys
import time

STDIO = 3
_LENGTH = struct.Struct("!I")
_FORWARDED = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1, signal.SIGUSR2)


def _plain(module: str, args: list[str]) -> None:
    """Becomes ``python -m module args`` (with ``site``, unlike the launcher)."""
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, "-m", module, *args])


def _connect(path: str, within: float) -> socket.socket | None:
    deadline = time.monotonic() + within
    while True:
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            connection.connect(path)
            return connection
        except OSError:
            connection.close()
            if time.monotonic() > deadline:
                return None
            time.sleep(0.1)


def _lines(connection: socket.socket, buffer: bytearray) -> list[dict[str, object]] | None:
    """The whole messages received so far; None once the server's end is closed."""
    data = connection.recv(4096)
    if not data:
        return None
    buffer.extend(data)
    *complete, rest = bytes(buffer).split(b"\n")
    buffer[:] = rest
    return [json.loads(line) for line in complete if line]


def main(argv: list[str]) -> int:
    path, module, *args = argv
    connection = _connect(path, within=5.0)
    if connection is None:
        print(f"forked_service: no fork server at {path}; starting {module} on its own", flush=True)
        _plain(module, args)
    assert connection is not None
    request = {"module": module, "argv": args, "env": dict(os.environ), "cwd": os.getcwd()}
    body = json.dumps(request).encode()
    socket.send_fds(connection, [_LENGTH.pack(len(body)) + body], list(range(STDIO)))
    buffer = bytearray()
    child = 0
    while not child:
        messages = _lines(connection, buffer)
        if messages is None or any("stale" in m for m in messages):
            print(f"forked_service: the fork server did not fork {module}; starting it on its own", flush=True)
            _plain(module, args)
        child = next((int(m["pid"]) for m in messages if "pid" in m), 0)  # type: ignore[call-overload]

    def forward(signum: int, _frame: object) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signum)

    for signum in _FORWARDED:
        signal.signal(signum, forward)
    exited = os.pidfd_open(child)
    server_open = True
    while True:
        watched = [exited, connection] if server_open else [exited]
        ready, _, _ = select.select(watched, [], [])
        if connection in ready:
            messages = _lines(connection, buffer)
            if messages is None:
                server_open = False  # the server ended; the child lives on, and its end is watched
                continue
            for message in messages:
                if "exit" in message:
                    code = int(message["exit"])  # type: ignore[call-overload]
                    return code if code >= 0 else 128 - code
        elif exited in ready and server_open:
            # Exited; the server reports how once it has reaped it.
            if select.select([connection], [], [], 2.0)[0]:
                continue
            return 1
        elif exited in ready:
            return 1  # its exit code went with the server


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
