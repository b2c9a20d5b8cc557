"""Faults for drills and tests, outside the product: the production image holds no tests/ (.dockerignore) and no
setting of any service can switch these on (tests/contract/test_fault_injection.py checks both).

- :func:`slowed`: a service whose every RPC waits first (inside the pipeline, after the access check, as a slow
  handler would), for deadline and graceful-shutdown tests; or answers INTERNAL to a share of its calls, as a
  broken release would (a canary that must be rolled back).
- :func:`crashing_after`: an orders service whose process dies right after one saga step, for the crash and
  recovery tests: the step's remote call is made, then ``os._exit(1)``, as a kill at that moment would.

A service process with faults:
``python -m tests.fault_injection [--delay-ms N] [--fail-ratio R] [--crash-after STEP] <service>``.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import importlib
import logging
import os
import random
import sys
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import grpc

from services.runtime.server import Registration, Resources, ServiceDefinition, main

log = logging.getLogger(__name__)

# The saga's steps a crash may follow: the Dependencies call that ends each step, and whether the process dies
# before the call ("placed": the PENDING order is saved and nothing else happened) or after it returned.
SAGA_STEPS: Mapping[str, tuple[tuple[str, ...], str]] = {
    "placed": (("redeem_coupon", "take_stock"), "before"),
    "reserved": (("take_stock",), "after"),
    "authorized": (("authorize",), "after"),
    "stock_committed": (("create_shipment",), "after"),  # stock and shipment are both done; the order is not
}


class _DelayingServer:
    """The server a registration adds its handlers to, each unary handler waiting ``seconds`` first, and failing
    ``fail_ratio`` of its calls with INTERNAL."""

    def __init__(self, server: Any, seconds: float, fail_ratio: float = 0.0) -> None:
        self._server = server
        self._seconds = seconds
        self._fail_ratio = fail_ratio

    def _slow(self, handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
        inner = handler.unary_unary
        if inner is None:
            return handler
        seconds, fail_ratio = self._seconds, self._fail_ratio

        async def behavior(request: Any, context: grpc.aio.ServicerContext) -> Any:
            if seconds:
                await asyncio.sleep(seconds)
            if fail_ratio and random.random() < fail_ratio:  # a bug: the pipeline answers INTERNAL and counts it
                raise RuntimeError("fault injection: a broken release")
            return await inner(request, context)

        return grpc.unary_unary_rpc_method_handler(
            behavior,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )

    def add_registered_method_handlers(self, service: str, handlers: Mapping[str, grpc.RpcMethodHandler]) -> None:
        self._server.add_registered_method_handlers(service, {name: self._slow(h) for name, h in handlers.items()})

    def add_generic_rpc_handlers(self, handlers: Sequence[grpc.GenericRpcHandler]) -> None:
        self._server.add_generic_rpc_handlers(tuple(_DelayingHandlers(h, self) for h in handlers))


class _DelayingHandlers(grpc.GenericRpcHandler):
    def __init__(self, inner: grpc.GenericRpcHandler, server: _DelayingServer) -> None:
        self._inner = inner
        self._server = server

    def service(self, handler_call_details: grpc.HandlerCallDetails) -> grpc.RpcMethodHandler | None:
        handler = self._inner.service(handler_call_details)
        return None if handler is None else self._server._slow(handler)


def slowed(definition: ServiceDefinition[Any], seconds: float, fail_ratio: float = 0.0) -> ServiceDefinition[Any]:
    """``definition`` whose every RPC waits ``seconds`` before its handler runs, and fails ``fail_ratio`` of them."""

    async def compose(settings: Any, resources: Resources) -> Sequence[Registration]:
        registrations = await definition.compose(settings, resources)
        return [
            Registration(
                r.service_name, lambda server, r=r: r.add_to_server(_DelayingServer(server, seconds, fail_ratio))
            )
            for r in registrations
        ]

    return dataclasses.replace(definition, compose=compose)


def _dying(step: str, method: Callable[..., Awaitable[Any]], when: str) -> Callable[..., Awaitable[Any]]:
    async def call(*args: Any, **kwargs: Any) -> Any:
        if when == "before":
            _die(step)
        answer = await method(*args, **kwargs)
        if step != "authorized" or getattr(answer, "state", "") != "declined":  # a decline ends the saga there
            _die(step)
        return answer

    return call


def _die(step: str) -> None:
    log.warning("fault injection: dying after saga step %s", step)
    logging.shutdown()
    os._exit(1)


def crashing_after(step: str) -> None:
    """Makes this process's orders service die right after saga ``step`` (see SAGA_STEPS)."""
    from services.orders.adapters.clients import Dependencies

    methods, when = SAGA_STEPS[step]
    for name in methods:
        setattr(Dependencies, name, _dying(step, getattr(Dependencies, name), when))


def run(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fault_injection", description=__doc__.splitlines()[0])
    parser.add_argument("--delay-ms", type=int, default=0, help="every RPC of the service waits this long first")
    parser.add_argument("--fail-ratio", type=float, default=0.0, help="this share of the RPCs answer INTERNAL")
    parser.add_argument("--crash-after", choices=sorted(SAGA_STEPS), help="orders only: die after this saga step")
    parser.add_argument("service", help="the service to run, e.g. orders")
    args, rest = parser.parse_known_args(argv)
    definition: ServiceDefinition[Any] = importlib.import_module(f"services.{args.service}.bootstrap").DEFINITION
    if args.delay_ms or args.fail_ratio:
        definition = slowed(definition, args.delay_ms / 1000, args.fail_ratio)
    if args.crash_after:
        if args.service != "orders":
            parser.error("--crash-after is a step of orders' checkout saga")
        crashing_after(args.crash_after)
    return main(definition, rest)


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
