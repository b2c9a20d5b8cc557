"""A stand-in service for tests/integration/test_fork_server.py, run as ``python -m tests.forked_program``.

Run, it prints one JSON line of what it was given, where it runs and whether ``tests.eventually`` (which it
never imports; the test has the fork server preload it) was imported before it started, then, by its arguments:
``exit N`` exits with N; ``burn`` spends half a second of CPU, says so, and waits; ``wait`` waits. A SIGTERM
while waiting prints ``stopping`` and exits 0.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time


def main() -> int:
    print(
        json.dumps(
            {
                "pid": os.getpid(),
                "parent": os.getppid(),
                "group": os.getpgrp(),
                "argv": sys.argv[1:],
                "cwd": os.getcwd(),
                "value": os.environ.get("FORKED_PROGRAM_VALUE"),
                "preloaded": "tests.eventually" in sys.modules,
            }
        ),
        flush=True,
    )
    command = sys.argv[1]
    if command == "exit":
        return int(sys.argv[2])

    def stop(*_: object) -> None:
        print("stopping", flush=True)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    if command == "burn":
        end = time.process_time() + 0.5
        while time.process_time() < end:
            pass
        print("burnt", flush=True)
    while True:
        signal.pause()


if __name__ == "__main__":
    sys.exit(main())
