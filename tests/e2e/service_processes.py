"""Service processes a test starts beside the stack's own (another build of a service, one with faults): a port
for each, and waiting until it serves."""

from __future__ import annotations

import asyncio
import socket
import subprocess

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc


def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def wait_serving(target: str, process: subprocess.Popen, what: str, timeout: float = 60) -> None:
    """Until ``target`` answers SERVING on grpc.health.v1; fails when ``process`` exits or ``timeout`` passes."""
    deadline = asyncio.get_running_loop().time() + timeout
    async with grpc.aio.insecure_channel(target) as channel:
        while True:
            assert process.poll() is None, f"{what} exited with {process.returncode}"
            try:
                answer = await health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=1)
                if answer.status == health_pb2.HealthCheckResponse.SERVING:
                    return
            except grpc.aio.AioRpcError:
                pass
            assert asyncio.get_running_loop().time() < deadline, f"{what} did not serve within {timeout:.0f} s"
            await asyncio.sleep(0.2)
