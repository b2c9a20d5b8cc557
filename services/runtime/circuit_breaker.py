"""A circuit breaker per dependency: stop waiting on a service that does not answer.

A service that is alive but not answering (hung, overloaded, network partitioned) costs every caller its
whole deadline. After ``threshold`` consecutive calls that got no answer in time (DEADLINE_EXCEEDED), the
breaker opens: calls fail at once with UNAVAILABLE and RetryInfo for ``open_seconds``. Then one call at a time
is let through as a probe; an answer closes the breaker, silence opens it again. Any other outcome is an
answer: an UNAVAILABLE the callee explains (its provider is down) says it is reachable, and a refused
connection (a service restarting) costs no time, so the channel's wait-for-ready and retries ride it out
instead.

Only the calling process's view: each replica of the caller learns on its own, in a few calls.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from prometheus_client import Counter

from services.runtime.errors import Unavailable

OPENED = Counter(
    "shopmesh_circuit_breaker_opened_total", "Times calls to a dependency stopped after it went silent", ["target"]
)
REFUSED = Counter(
    "shopmesh_circuit_breaker_refused_total",
    "Calls failed at once because the dependency's breaker was open",
    ["target"],
)


class CircuitBreaker:
    def __init__(
        self,
        target: str,
        *,
        threshold: int = 3,
        open_seconds: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.target = target
        self._threshold = threshold
        self._open_seconds = open_seconds
        self._clock = clock
        self._silent = 0  # consecutive calls without an answer
        self._open_until: float | None = None
        self._probing = False

    @property
    def open(self) -> bool:
        return self._open_until is not None

    def admit(self) -> None:
        """Lets a call go out (when the breaker is open: one probe at a time, whose outcome decides), or raises
        UNAVAILABLE with when to retry."""
        if self._open_until is None:
            return
        now = self._clock()
        if now >= self._open_until and not self._probing:
            self._probing = True
            return
        REFUSED.labels(self.target).inc()
        retry_after = max(self._open_until - now, 0.5)
        raise Unavailable(
            f"{self.target} has not been answering; not called for {retry_after:.1f} s, retry then",
            retry_after_seconds=retry_after,
            reason="DEPENDENCY_NOT_ANSWERING",
        )

    def answered(self) -> None:
        self._silent = 0
        self._open_until = None
        self._probing = False

    def silent(self) -> None:
        self._silent += 1
        self._probing = False
        if self._open_until is not None or self._silent >= self._threshold:
            if self._open_until is None:
                OPENED.labels(self.target).inc()
            self._open_until = self._clock() + self._open_seconds

    def abandoned(self) -> None:
        """The call ended without telling (cancelled by its own caller): a later call probes instead."""
        self._probing = False
