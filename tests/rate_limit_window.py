"""The rate limit service counts in fixed minutes of the wall clock: tests that need their requests counted in one
minute start where enough of it is left."""

from __future__ import annotations

import time


def in_one_rate_limit_window(seconds_needed: float = 15.0) -> None:
    """Starts at the next minute when fewer than ``seconds_needed`` are left in this one."""
    left = 60.0 - time.time() % 60.0
    if left < seconds_needed:
        time.sleep(left + 0.2)
