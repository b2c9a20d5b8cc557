"""The per-RPC pipeline every service runs, wrapped around each of its methods once, at registration.

For each unary call, in order: a SERVER span continuing the caller's W3C trace context (sampled at the trace's
root, see :mod:`.telemetry`), request id (``x-request-id`` metadata or a new one, echoed back), the caller's
deadline, the method's access policy (``shop.auth.v1.access`` in the contract) checked against
the ``authorization`` bearer token, protovalidate rules of the request, the servicer (whose answer carries an
ETag and Cache-Control when the contract declares ``shop.edge.v1.cache``, see :mod:`.http_caching`), and the
mapping of what it raised: a :class:`~services.runtime.errors.DomainError` becomes its status with details, a
dependency's refusal that reached the pipeline uncaught keeps its meaning (:mod:`.dependency_errors`), a lost
database is UNAVAILABLE (retryable), anything else INTERNAL with a generic message (the traceback goes only to
the log). Every call counts in the RED metrics (:mod:`.metrics`). One JSON access-log line per RPC: INFO,
except a successful call of an internal-only method (one service calling another on a request's behalf),
which logs at DEBUG since the request's own line has it.
Methods of other contracts (health, reflection) pass through untouched; a method of ours that streams refuses
to register, so the server does not start with a method the pipeline cannot police.

What can be decided per method is decided once, at registration (:class:`_Method`): its metrics' children, its
span attributes, its access-log level, whether its request type has any protovalidate rule at all. Per call it
costs a few tens of microseconds: a span that is not sampled is made without the SDK (:func:`.telemetry.server_span`)
and the access line is written without a LogRecord (:class:`.jsonlog.AccessLog`).
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import grpc
from google.protobuf import descriptor_pool
from google.protobuf.message import Message
from grpc_status import rpc_status as grpc_rpc_status
from opentelemetry import context as context_api
from opentelemetry import trace
from redis import exceptions as redis_errors

from services.runtime import call_context, rpc_status, telemetry, validation
from services.runtime.database import as_unavailable
from services.runtime.dependency_errors import as_domain_error
from services.runtime.errors import DomainError, PermissionDenied, Unauthenticated, Unavailable
from services.runtime.http_caching import CachePolicy, validators
from services.runtime.jsonlog import AccessLog
from services.runtime.metrics import RPC_HANDLED, RPC_SECONDS
from services.runtime.tokens import Principal, TokenVerifier
from shop.auth.v1 import access_pb2

log = logging.getLogger("shopmesh.rpc")
access_log = AccessLog(log)

REQUEST_ID_HEADER = "x-request-id"
_MAX_REQUEST_ID = 128
_CODE_NAMES = {code.value[0]: code.name for code in grpc.StatusCode}


def access_policies(service_names: list[str]) -> dict[str, int]:
    """``/pkg.Service/Method`` → declared access, for every method of our services.

    A method without a declaration is a contract error: the server refuses to start.
    """
    pool = descriptor_pool.Default()
    policies: dict[str, int] = {}
    for service_name in service_names:
        service = pool.FindServiceByName(service_name)
        for method in service.methods:
            access = method.GetOptions().Extensions[access_pb2.access]
            if access == access_pb2.ACCESS_UNSPECIFIED:
                raise ValueError(f"{method.full_name} declares no (shop.auth.v1.access)")
            if method.client_streaming or method.server_streaming:
                raise ValueError(f"{method.full_name} streams: the RPC pipeline polices unary methods only")
            policies[f"/{service_name}/{method.name}"] = access
    return policies


def _redis_unreachable(error: BaseException) -> Unavailable | None:
    """Redis down, restarting, loading its data or not answering in time is UNAVAILABLE (retry), not INTERNAL."""
    if isinstance(error, redis_errors.ConnectionError | redis_errors.TimeoutError | redis_errors.BusyLoadingError):
        return Unavailable("a data store is unreachable; retry", retry_after_seconds=1.0)
    return None


def _with_retry_after(status: Any, error: DomainError) -> Any:
    """The status with a ``retry-after`` trailer when the error says when to come back (RetryInfo's delay)."""
    header = rpc_status.retry_after_header(error)
    if header is None:
        return status
    return status._replace(trailing_metadata=(*status.trailing_metadata, header))


def _bearer_token(metadata: Mapping[str, str]) -> str | None:
    value = metadata.get("authorization")
    if value is None:
        return None
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthenticated("authorization must be 'Bearer <token>'", reason="INVALID_TOKEN")
    return token.strip()


def _with_validators(inner: Callable[..., Awaitable[Any]], cache: CachePolicy) -> Callable[..., Awaitable[Any]]:
    """``inner``, whose successful answers carry their ETag and Cache-Control (initial metadata)."""

    async def cached(request: Message, context: grpc.aio.ServicerContext) -> Any:
        response = await inner(request, context)
        await context.send_initial_metadata(validators(response, cache))
        return response

    return cached


class _Method:
    """What the pipeline decides about one method once, when it is registered, rather than on every call."""

    def __init__(self, name: str, policy: int, request_type: Any) -> None:
        self.name = name
        self.policy = policy
        self.attributes = {"rpc.system": "grpc", "rpc.method": name}
        self.validated = validation.has_rules(request_type.DESCRIPTOR) if request_type is not None else True
        self.seconds = RPC_SECONDS.labels(name)
        self._handled: dict[str, Any] = {}
        # A successful internal call logs at DEBUG: the request's own line has it.
        self.ok_level = logging.DEBUG if policy == access_pb2.ACCESS_INTERNAL else logging.INFO

    def handled(self, outcome: str) -> Any:
        child = self._handled.get(outcome)
        if child is None:
            child = self._handled[outcome] = RPC_HANDLED.labels(self.name, outcome)
        return child


class RpcPipeline:
    """Runs every unary method of our services through the steps above. It wraps each method's handler once,
    when the service registers it (:class:`PipelinedServer`), rather than intercepting every call: a gRPC
    server interceptor adds an asynchronous lookup per call that costs more than the steps themselves."""

    def __init__(
        self,
        *,
        domain: str,
        policies: Mapping[str, int],
        verifier: TokenVerifier,
        internal_callers: Mapping[str, frozenset[str]],
        cache_policies: Mapping[str, CachePolicy] | None = None,
    ) -> None:
        self._domain = domain
        self._policies = policies
        self._verifier = verifier
        # ACCESS_INTERNAL method → the services admitted (the call graph; a method missing here admits none).
        self._callers = internal_callers
        self._cache_policies = cache_policies or {}

    def wrap(self, method: str, handler: grpc.RpcMethodHandler) -> grpc.RpcMethodHandler:
        """``handler`` of ``/pkg.Service/Method`` as run through the pipeline (health, reflection and
        streaming methods as they are)."""
        policy = self._policies.get(method)
        if policy is None:  # health, reflection: not our contracts, open to probes and operators
            return handler
        if handler.unary_unary is None:  # never served past the pipeline's checks
            raise ValueError(f"{method} is not unary: the RPC pipeline polices unary methods only")
        inner = handler.unary_unary
        cache = self._cache_policies.get(method)
        if cache is not None:
            inner = _with_validators(inner, cache)
        described = _Method(method, policy, _request_type(handler))

        async def behavior(request: Message, context: grpc.aio.ServicerContext) -> Any:
            return await self._run(described, inner, request, context)

        return grpc.unary_unary_rpc_method_handler(
            behavior,
            request_deserializer=handler.request_deserializer,
            response_serializer=handler.response_serializer,
        )

    async def _authenticate(self, method: str, policy: int, token: str | None) -> Principal | None:
        if policy == access_pb2.ACCESS_INTERNAL:
            return await self._authenticate_service(method, token)
        if token is None:
            if policy in (access_pb2.ACCESS_PUBLIC, access_pb2.ACCESS_CREDENTIALS):
                return None
            raise Unauthenticated("this call needs an access token", reason="TOKEN_REQUIRED")
        principal = await self._verifier.verify(token)
        if principal.service is not None:  # a service speaks for itself only on internal calls
            raise PermissionDenied("a service token is only good for calls between services", reason="USER_REQUIRED")
        if policy == access_pb2.ACCESS_ADMIN and not principal.is_admin:
            raise PermissionDenied("this call is for admins", reason="ADMIN_REQUIRED")
        return principal

    async def _authenticate_service(self, method: str, token: str | None) -> Principal:
        """Internal methods admit only the services whose code calls them, each with its own service token."""
        if token is None:
            raise Unauthenticated(
                "this call is for ShopMesh services: it needs a service token", reason="SERVICE_TOKEN_REQUIRED"
            )
        principal = await self._verifier.verify(token)
        if principal.service is None:
            raise PermissionDenied("this call is for ShopMesh services, not users", reason="SERVICE_REQUIRED")
        if principal.service not in self._callers.get(method, ()):
            raise PermissionDenied(
                f"the {principal.service} service may not call this method", reason="CALLER_NOT_ALLOWED"
            )
        return principal

    async def _run(
        self,
        described: _Method,
        inner: Callable[..., Awaitable[Any]],
        request: Message,
        context: grpc.aio.ServicerContext,
    ) -> Any:
        started = time.perf_counter()
        method, policy = described.name, described.policy
        metadata = {k: v for k, v in (context.invocation_metadata() or ()) if isinstance(v, str)}
        rid = metadata.get(REQUEST_ID_HEADER, "")[:_MAX_REQUEST_ID] or os.urandom(16).hex()
        remaining = context.time_remaining()
        tokens = [
            (call_context.rpc_method, call_context.rpc_method.set(method)),
            (call_context.request_id, call_context.request_id.set(rid)),
            (
                call_context.deadline,
                call_context.deadline.set(None if remaining is None else time.monotonic() + remaining),
            ),
        ]
        outcome = "OK"
        span = telemetry.server_span(method, metadata, described.attributes)
        traced = context_api.attach(trace.set_span_in_context(span))
        try:
            context.set_trailing_metadata(((REQUEST_ID_HEADER, rid),))
            token = _bearer_token(metadata)
            principal = await self._authenticate(method, policy, token)
            tokens.append((call_context.principal, call_context.principal.set(principal)))
            if principal is not None:
                tokens.append((call_context.bearer_token, call_context.bearer_token.set(token)))
            if described.validated:
                validation.check(request)
            return await inner(request, context)
        except DomainError as error:
            status = rpc_status.to_status(error, domain=self._domain)
            outcome = _CODE_NAMES.get(status.code, "UNKNOWN")
            if span.is_recording():  # why, as the caller reads it in google.rpc.ErrorInfo: searchable in traces
                span.set_attribute("shop.error.reason", error.reason)
            await context.abort_with_status(_with_retry_after(grpc_rpc_status.to_status(status), error))
        except (asyncio.CancelledError, grpc.aio.AbortError):
            outcome = "CANCELLED"
            raise
        except grpc.aio.AioRpcError as error:  # a dependency's refusal no adapter translated: keep its meaning
            try:
                meant = as_domain_error(error, "a dependency")
            except grpc.aio.AioRpcError:
                outcome = "INTERNAL"
                log.exception("a call from %s failed", method)
                status = rpc_status.internal_status(domain=self._domain)
                await context.abort_with_status(grpc_rpc_status.to_status(status))
            else:
                status = rpc_status.to_status(meant, domain=self._domain)
                outcome = _CODE_NAMES.get(status.code, "UNKNOWN")
                await context.abort_with_status(_with_retry_after(grpc_rpc_status.to_status(status), meant))
        except Exception as error:
            unavailable = as_unavailable(error) or _redis_unreachable(error)
            if unavailable is not None:
                outcome = "UNAVAILABLE"
                log.warning("dependency unavailable in %s: %r", method, error)
                status = rpc_status.to_status(unavailable, domain=self._domain)
                await context.abort_with_status(_with_retry_after(grpc_rpc_status.to_status(status), unavailable))
            else:
                outcome = "INTERNAL"
                log.exception("unhandled error in %s", method)
                status = rpc_status.internal_status(domain=self._domain)
                await context.abort_with_status(grpc_rpc_status.to_status(status))
        finally:
            elapsed = time.perf_counter() - started
            described.handled(outcome).inc()
            described.seconds.observe(elapsed)
            access_log.write(described.ok_level if outcome == "OK" else logging.INFO, outcome, round(elapsed * 1000, 3))
            if span.is_recording():
                span.set_attribute("rpc.grpc.status_code", outcome)
                if outcome in ("INTERNAL", "UNAVAILABLE", "UNKNOWN"):
                    span.set_status(trace.StatusCode.ERROR, outcome)
            span.end()
            for var, token in reversed(tokens):
                var.reset(token)
            context_api.detach(traced)


def _request_type(handler: grpc.RpcMethodHandler) -> Any:
    """The request message class of a generated handler (its deserializer is the class's ``FromString``)."""
    deserializer = handler.request_deserializer
    owner = getattr(deserializer, "__self__", None)
    return owner if isinstance(owner, type) and issubclass(owner, Message) else None


class _PipelinedHandlers(grpc.GenericRpcHandler):
    def __init__(self, inner: grpc.GenericRpcHandler, pipeline: RpcPipeline) -> None:
        self._inner = inner
        self._pipeline = pipeline
        self._wrapped: dict[str, grpc.RpcMethodHandler] = {}

    def service(self, handler_call_details: grpc.HandlerCallDetails) -> grpc.RpcMethodHandler | None:
        method: str = handler_call_details.method  # type: ignore[attr-defined]
        wrapped = self._wrapped.get(method)
        if wrapped is None:
            handler = self._inner.service(handler_call_details)
            if handler is None:
                return None
            wrapped = self._wrapped[method] = self._pipeline.wrap(method, handler)
        return wrapped


class PipelinedServer:
    """The part of a ``grpc.aio.Server`` that generated ``add_..._to_server`` functions use; every method they
    register runs through ``pipeline``."""

    def __init__(self, server: grpc.aio.Server, pipeline: RpcPipeline) -> None:
        self._server = server
        self._pipeline = pipeline

    def add_generic_rpc_handlers(self, handlers: Sequence[grpc.GenericRpcHandler]) -> None:
        self._server.add_generic_rpc_handlers(tuple(_PipelinedHandlers(h, self._pipeline) for h in handlers))

    def add_registered_method_handlers(self, service: str, handlers: Mapping[str, grpc.RpcMethodHandler]) -> None:
        self._server.add_registered_method_handlers(
            service, {name: self._pipeline.wrap(f"/{service}/{name}", h) for name, h in handlers.items()}
        )
