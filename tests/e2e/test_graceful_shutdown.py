"""SIGTERM: health turns NOT_SERVING, in-flight RPCs finish, then the process exits 0.

A catalog process of its own (not the supervised one) with fault injection: every RPC takes 1.5 s.
"""

import asyncio
import os
import signal
import subprocess
import sys

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from scripts.mesh import ROOT, Profile, services
from shop.catalog.v1 import catalog_service_pb2 as pb
from shop.catalog.v1 import catalog_service_pb2_grpc
from tests.e2e.service_processes import free_port, wait_serving


async def test_sigterm_drains_in_flight_calls_and_exits_zero(mesh: Profile):
    port = free_port()
    catalog = next(s for s in services() if s.name == "catalog")
    env = {
        **os.environ,
        **mesh.service_env(catalog),
        "SHOPMESH_GRPC_PORT": str(port),
        "SHOPMESH_METRICS_PORT": "0",  # the stack's catalog has the profile's metrics port
        "SHOPMESH_SHUTDOWN_DELAY_SECONDS": "0.5",
        "SHOPMESH_SHUTDOWN_GRACE_SECONDS": "5",
        # Its RPCs are what drain here; its consumer would join the stack's own group and make it rebalance.
        "SHOPMESH_RUN_CONSUMERS": "false",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.fault_injection", "--delay-ms", "1500", "catalog"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    target = f"127.0.0.1:{port}"
    try:
        await wait_serving(target, process, "catalog")
        async with grpc.aio.insecure_channel(target) as channel:
            stub = catalog_service_pb2_grpc.CatalogServiceStub(channel)
            health = health_pb2_grpc.HealthStub(channel)
            in_flight = asyncio.ensure_future(stub.ListCategories(pb.ListCategoriesRequest(), timeout=10))
            await asyncio.sleep(0.3)
            process.send_signal(signal.SIGTERM)
            await asyncio.sleep(0.2)
            during = await health.Check(health_pb2.HealthCheckRequest(), timeout=1)
            assert during.status == health_pb2.HealthCheckResponse.NOT_SERVING
            answer = await in_flight
            assert len(answer.categories) >= 10
            # Past the delay the server takes no new calls.
            with pytest.raises(grpc.aio.AioRpcError) as refused:
                await stub.ListCategories(pb.ListCategoriesRequest(), timeout=3)
            assert refused.value.code() == grpc.StatusCode.UNAVAILABLE
        exit_code = await asyncio.to_thread(process.wait, 10)
        assert exit_code == 0
    finally:
        if process.poll() is None:
            process.kill()
