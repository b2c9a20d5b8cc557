"""The rate limit service counts in fixed minutes of the wall clock: tests that need their requests counted in one
minute start where enough of it is left. The gateway's per-replica backstop (a token bucket per strict route, all
clients together) refuses bursts faster than it refills: tests that count a per-client or per-account limit pace
their requests below its rate, so every refusal they see is the limit they test."""

from __future__ import annotations

import time

from scripts.gateway_config import STRICT_BUCKET


class BelowTheBackstop:
    """Call ``wait()`` before each request on a strict route: requests leave at most at two thirds of the
    backstop's refill rate, so its bucket never runs dry."""

    def __init__(self) -> None:
        self._interval = 1.5 / int(STRICT_BUCKET["tokens_per_fill"])
        self._last = 0.0

    def wait(self) -> None:
        time.sleep(max(0.0, self._last + self._interval - time.monotonic()))
        self._last = time.monotonic()


def in_one_rate_limit_window(seconds_needed: float = 15.0) -> None:
    """Starts at the next minute when fewer than ``seconds_needed`` are left in this one."""
    left = 60.0 - time.time() % 60.0
    if left < seconds_needed:
        time.sleep(left + 0.2)
