"""gRPC server reflection for the whole mesh, behind the gateway: ``grpcurl -plaintext localhost:8080 list``.

Each service reflects only its own services on its own port. The gateway routes the reflection service here
instead: one small server that knows every contract, from the descriptor set ``make gen`` writes (the one
Envoy's transcoder reads), so ``list``, ``describe`` and calls by name work through :8080 like through any
service port; the calls themselves are routed by the gateway to the services.

``python -m services.runtime.mesh_reflection [--port 50050] [--descriptors gen/descriptors/shopmesh.binpb]``
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
from pathlib import Path

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

from services.runtime.reflection_symbols import enable_reflection

DEFAULT_DESCRIPTORS = Path(__file__).resolve().parents[2] / "gen" / "descriptors" / "shopmesh.binpb"
log = logging.getLogger("shopmesh.mesh_reflection")


def load(descriptors: Path) -> tuple[descriptor_pool.DescriptorPool, list[str]]:
    """The pool of every file in the set, and the full names of the ShopMesh services in it."""
    files = descriptor_pb2.FileDescriptorSet.FromString(descriptors.read_bytes())
    pool = descriptor_pool.DescriptorPool()
    for file in files.file:
        pool.Add(file)
    names = sorted(
        f"{file.package}.{service.name}"
        for file in files.file
        if file.package.startswith("shop.")
        for service in file.service
    )
    return pool, names


async def serve(host: str, port: int, descriptors: Path) -> None:
    pool, names = load(descriptors)
    server = grpc.aio.server()
    health_servicer = health.aio.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    enable_reflection([*names, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name], server, pool)
    bound = server.add_insecure_port(f"{host}:{port}")
    await server.start()
    await health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    log.warning("reflecting %d services on %s:%d", len(names), host, bound)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    await server.stop(2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=50050)
    parser.add_argument("--descriptors", type=Path, default=DEFAULT_DESCRIPTORS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    asyncio.run(serve(args.host, args.port, args.descriptors))


if __name__ == "__main__":
    main()
