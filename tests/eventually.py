"""Waiting for something the system does asynchronously (an event applied, a health change)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def eventually(predicate: Callable[[], Awaitable[bool]], timeout: float = 5.0) -> None:
    """Polls ``predicate`` until it holds; fails the test if it does not within ``timeout`` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not await predicate():
        assert asyncio.get_running_loop().time() < deadline, "condition not reached in time"
        await asyncio.sleep(0.1)


def until(predicate: Callable[[], T], within: float = 15.0, what: str = "condition") -> T:
    """Blocking twin of :func:`eventually` (for tests driving the stack over HTTP): polls ``predicate`` until it
    returns something truthy and returns that; fails the test if it does not within ``within`` seconds."""
    deadline = time.monotonic() + within
    while not (value := predicate()):
        assert time.monotonic() < deadline, f"{what}: not reached within {within} s"
        time.sleep(0.05)
    return value
