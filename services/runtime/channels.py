"""Channels to other ShopMesh services.

Every outbound call carries a deadline (the caller's remaining time, capped by the call's own timeout,
``default_timeout`` when neither is set), the incoming request id, and W3C trace context; it waits for the
channel to be ready (a callee restarting is waited for, within the deadline); gRPC retries it, with backoff,
only when the status is UNAVAILABLE (mutating RPCs carry a ``request_id``, so a retry is safe); and a callee
that stops answering in time is not waited on for a while (:mod:`.circuit_breaker`). A call to an
``ACCESS_INTERNAL`` method carries this service's own token (:mod:`.service_identity`), whatever the caller's
token was.

On a local stack a canary (scripts/canary.py) sends a share of each caller's calls to a candidate process:
:class:`TrafficSplit` reads that share from a file (``SHOPMESH_TRAFFIC_SPLITS``), as Istio's VirtualService
weights do it in Kubernetes.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import time
from collections.abc import Sequence
from typing import Any, TypeVar

import grpc
from google.protobuf import descriptor_pool
from google.protobuf.message import Message
from opentelemetry.propagate import inject

from services.runtime import call_context
from services.runtime.circuit_breaker import CircuitBreaker
from services.runtime.pipeline import REQUEST_ID_HEADER
from services.runtime.service_identity import ServiceTokens

M = TypeVar("M", bound=Message)

# Calls are spread round robin over every address the target resolves to (a local stack's replicas:
# ``ipv4:127.0.0.1:50055,127.0.0.1:50155``; in Kubernetes a Service's one address, behind which the sidecar
# balances): a replica whose connection fails leaves the rotation at once and a retry goes to another one.
SERVICE_CONFIG = json.dumps(
    {
        "loadBalancingConfig": [{"round_robin": {}}],
        "methodConfig": [
            {
                "name": [{}],
                "retryPolicy": {
                    "maxAttempts": 4,
                    "initialBackoff": "0.05s",
                    "maxBackoff": "1s",
                    "backoffMultiplier": 2,
                    "retryableStatusCodes": ["UNAVAILABLE"],
                },
            }
        ],
    }
)


def _internal(method: str) -> bool:
    """Whether ``/pkg.Service/Method`` is one of our ACCESS_INTERNAL methods."""
    from shop.auth.v1 import access_pb2

    service, _, name = method.lstrip("/").rpartition("/")
    try:
        found = descriptor_pool.Default().FindServiceByName(service).FindMethodByName(name)
    except KeyError:
        return False
    return bool(found is not None and found.GetOptions().Extensions[access_pb2.access] == access_pb2.ACCESS_INTERNAL)


def _channel(target: str) -> grpc.aio.Channel:
    return grpc.aio.insecure_channel(
        target, options=[("grpc.service_config", SERVICE_CONFIG), ("grpc.enable_retries", 1)]
    )


class TrafficSplit:
    """The share of the calls to ``stable`` (a target) that go to a candidate instead, as the file at ``path``
    says: ``{"<stable target>": {"target": "<candidate target>", "percent": 5}, ...}``. The file is looked at
    once a second at most; no file, or no entry for ``stable``: every call goes to ``stable``."""

    def __init__(self, path: str, stable: str) -> None:
        self._path = path
        self._stable = stable
        self._checked = -1.0
        self._version: int | None = None
        self._percent = 0.0
        self._target: str | None = None
        self._channel: grpc.aio.Channel | None = None
        self._calls: dict[str, Any] = {}

    def _refresh(self) -> None:
        now = time.monotonic()
        if now - self._checked < 1.0:
            return
        self._checked = now
        try:
            version: int | None = os.stat(self._path).st_mtime_ns
        except OSError:
            version = None
        if version == self._version:
            return
        self._version = version
        entry: dict[str, Any] = {}
        if version is not None:
            try:
                with open(self._path) as file:
                    entry = json.load(file).get(self._stable) or {}
            except (OSError, ValueError, AttributeError):
                entry = {}
        self._percent = float(entry.get("percent", 0)) if entry.get("target") else 0.0
        if entry.get("target") != self._target:
            if self._channel is not None:
                asyncio.get_running_loop().create_task(self._channel.close(grace=5))
            self._target = entry.get("target")
            self._channel = _channel(self._target) if self._target else None
            self._calls = {}

    def pick(self, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any | None:
        """The candidate's call object for this call, or None: the stable target takes it."""
        self._refresh()
        if self._channel is None or random.random() * 100 >= self._percent:
            return None
        call = self._calls.get(method)
        if call is None:
            call = self._calls[method] = self._channel.unary_unary(method, *args, **kwargs)
        return call


class _ContextCarryingCall:
    """A unary method of another service, called with the caller's deadline, request id and trace context
    (and, for an internal method, this service's token)."""

    def __init__(
        self,
        call: Any,
        default_timeout: float,
        breaker: CircuitBreaker,
        tokens: ServiceTokens | None = None,
        split: tuple[TrafficSplit, str, tuple[Any, ...], dict[str, Any]] | None = None,
    ) -> None:
        self._call = call
        self._default_timeout = default_timeout
        self._breaker = breaker
        self._tokens = tokens
        self._split = split

    def __call__(
        self,
        request: Any,
        *,
        timeout: float | None = None,
        metadata: Sequence[tuple[str, str]] | None = None,
        credentials: grpc.CallCredentials | None = None,
        wait_for_ready: bool | None = None,
        compression: grpc.Compression | None = None,
    ) -> Any:
        remaining = call_context.time_remaining()
        if remaining is not None:
            timeout = remaining if timeout is None else min(timeout, remaining)
        if timeout is None:
            timeout = self._default_timeout
        outgoing = list(metadata or ())
        rid = call_context.request_id.get()
        if rid and not any(key == REQUEST_ID_HEADER for key, _ in outgoing):
            outgoing.append((REQUEST_ID_HEADER, rid))
        carrier: dict[str, str] = {}
        inject(carrier)  # W3C traceparent of the current span: the callee's span is its child
        outgoing.extend(carrier.items())
        # Wait for ready unless told otherwise: a callee that is restarting (connection refused) is waited for
        # until the deadline instead of failing at once; one that is slow to answer is the breaker's business.
        ready = True if wait_for_ready is None else wait_for_ready
        options = {"credentials": credentials, "wait_for_ready": ready, "compression": compression}
        return self._watched(request, time.monotonic() + timeout, outgoing, options)

    async def _watched(self, request: Any, due: float, outgoing: list[tuple[str, str]], options: Any) -> Any:
        """The call, unless the callee's breaker is open; its outcome tells the breaker whether it answered."""
        self._breaker.admit()
        try:
            if self._tokens is not None:
                token = self._tokens.cached() or await self._tokens.token()  # first call, or about to expire
                outgoing = [(key, value) for key, value in outgoing if key != "authorization"]
                outgoing.append(("authorization", f"Bearer {token}"))
            remaining = max(due - time.monotonic(), 0.0)
            call = self._call
            if self._split is not None:
                call = self._split[0].pick(*self._split[1:]) or call
            answer = await call(request, timeout=remaining, metadata=outgoing, **options)
        except grpc.aio.AioRpcError as error:
            if _never_answered(error):
                self._breaker.silent()
            else:
                self._breaker.answered()
            raise
        except (asyncio.CancelledError, Exception):  # no word from the callee either way (a token exchange failed)
            self._breaker.abandoned()
            raise
        self._breaker.answered()
        return answer


class ServiceChannel:
    """A channel to another service whose unary calls carry the caller's context.

    It wraps each method the generated stub asks for instead of using a client interceptor: gRPC's aio
    interceptors run every call through an extra task and call object, which costs more than the call.
    """

    def __init__(
        self,
        channel: grpc.aio.Channel,
        default_timeout: float,
        breaker: CircuitBreaker,
        service_tokens: ServiceTokens | None = None,
        split: TrafficSplit | None = None,
    ) -> None:
        self._channel = channel
        self._default_timeout = default_timeout
        self._service_tokens = service_tokens
        self._breaker = breaker
        self._split = split

    def unary_unary(self, method: str, *args: Any, **kwargs: Any) -> _ContextCarryingCall:
        tokens = self._service_tokens if _internal(method) else None
        call = self._channel.unary_unary(method, *args, **kwargs)
        split = None if self._split is None else (self._split, method, args, kwargs)
        return _ContextCarryingCall(call, self._default_timeout, self._breaker, tokens, split)

    def __getattr__(self, name: str) -> Any:  # get_state, channel_ready, other call shapes: the channel's own
        return getattr(self._channel, name)

    async def close(self, grace: float | None = None) -> None:
        await self._channel.close(grace)

    async def __aenter__(self) -> ServiceChannel:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()


def open_channel(
    target: str, *, default_timeout: float = 5.0, service_tokens: ServiceTokens | None = None
) -> ServiceChannel:
    """An insecure channel (the mesh adds mTLS) with deadlines, request ids, trace context, retries and a
    circuit breaker (services/runtime/circuit_breaker.py); with ``service_tokens``, internal methods are called
    as this service."""
    splits = os.environ.get("SHOPMESH_TRAFFIC_SPLITS")
    split = TrafficSplit(splits, target) if splits else None
    return ServiceChannel(_channel(target), default_timeout, CircuitBreaker(target), service_tokens, split)


def _never_answered(error: grpc.aio.AioRpcError) -> bool:
    """No answer from the callee in time (the breaker's business; every other failure was an answer)."""
    return error.code() == grpc.StatusCode.DEADLINE_EXCEEDED
