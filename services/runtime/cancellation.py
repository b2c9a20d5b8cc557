"""Stopping a background task for sure.

A cancellation can be lost in Python 3.11: ``asyncio.wait_for`` returns the result instead of raising when the
cancel arrives as the awaited thing finishes (fixed in 3.12), and libraries use it (aiokafka does while it
connects). A relay or consumer stopped at that moment would then run on, and ``await task`` would never end:
a service that does not stop on SIGTERM. So stopping cancels again until the task is done.
"""

from __future__ import annotations

import asyncio
import contextlib


async def cancel_and_wait(task: asyncio.Task[object], *, every: float = 1.0) -> None:
    """Cancels ``task`` and waits until it is done, cancelling again each ``every`` seconds it is not."""
    while not task.done():
        task.cancel()
        await asyncio.wait({task}, timeout=every)
    with contextlib.suppress(asyncio.CancelledError, Exception):
        task.result()
