"""grpc.health.v1 for a service: SERVING only while its required dependencies answer.

The overall status ("") and the service's own name follow a probe of the database every few seconds;
on shutdown both turn NOT_SERVING for good, so load balancers stop sending before the drain ends.
``liveness`` answers SERVING as long as the process does: a liveness probe must not restart a pod
because its database is down (readiness takes it out of rotation instead).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence

from grpc_health.v1 import health_pb2
from grpc_health.v1._async import HealthServicer

log = logging.getLogger(__name__)

Probe = Callable[[], Awaitable[bool]]
LIVENESS = "liveness"


class ServiceHealth:
    def __init__(self, service_names: Sequence[str], probes: Sequence[Probe], interval: float) -> None:
        self.servicer = HealthServicer()
        self._names = ["", *service_names]
        self._probes = list(probes)
        self._interval = interval
        self._task: asyncio.Task[None] | None = None
        self._serving: bool | None = None

    async def _set(self, serving: bool) -> None:
        if serving == self._serving:
            return
        if self._serving is not None:
            log.warning("health changed", extra={"serving": serving})
        self._serving = serving
        status = health_pb2.HealthCheckResponse.SERVING if serving else health_pb2.HealthCheckResponse.NOT_SERVING
        for name in self._names:
            await self.servicer.set(name, status)

    async def check_once(self) -> bool:
        results = await asyncio.gather(*(probe() for probe in self._probes))
        serving = all(results)
        await self._set(serving)
        return serving

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                await self.check_once()
            except Exception:
                log.exception("health probe failed")
                await self._set(False)

    async def start(self) -> None:
        await self.servicer.set(LIVENESS, health_pb2.HealthCheckResponse.SERVING)
        await self.check_once()
        self._task = asyncio.create_task(self._watch(), name="health-watch")

    async def shutdown(self) -> None:
        if self._task is not None:
            self._task.cancel()
        await self.servicer.enter_graceful_shutdown()
