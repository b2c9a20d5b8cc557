"""Channels to other ShopMesh services.

Every outbound call carries a deadline (the caller's remaining time, capped by the call's own timeout,
``default_timeout`` when neither is set), the incoming request id, and W3C trace context; gRPC retries
it, with backoff, only when the status is UNAVAILABLE (mutating RPCs carry a ``request_id``, so a retry is
safe).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import grpc
from google.protobuf.message import Message
from google.rpc import error_details_pb2, status_pb2
from opentelemetry.instrumentation.grpc import aio_client_interceptors

from services.runtime import call_context
from services.runtime.errors import DomainError, FailedPrecondition, NotFound, PreconditionViolation, Unavailable
from services.runtime.pipeline import REQUEST_ID_HEADER

M = TypeVar("M", bound=Message)

RETRY_SERVICE_CONFIG = json.dumps(
    {
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


class _OutboundCallContext(grpc.aio.UnaryUnaryClientInterceptor):  # type: ignore[misc]
    def __init__(self, default_timeout: float) -> None:
        self._default_timeout = default_timeout

    async def intercept_unary_unary(
        self,
        continuation: Callable[[grpc.aio.ClientCallDetails, Any], Awaitable[Any]],
        client_call_details: grpc.aio.ClientCallDetails,
        request: Any,
    ) -> Any:
        timeout = client_call_details.timeout
        remaining = call_context.time_remaining()
        if remaining is not None:
            timeout = remaining if timeout is None else min(timeout, remaining)
        if timeout is None:
            timeout = self._default_timeout
        metadata = list(client_call_details.metadata or ())
        rid = call_context.request_id.get()
        if rid and not any(key == REQUEST_ID_HEADER for key, _ in metadata):
            metadata.append((REQUEST_ID_HEADER, rid))
        details = grpc.aio.ClientCallDetails(
            client_call_details.method,
            timeout,
            grpc.aio.Metadata(*metadata),
            client_call_details.credentials,
            client_call_details.wait_for_ready,
        )
        return await continuation(details, request)


def open_channel(target: str, *, default_timeout: float = 5.0) -> grpc.aio.Channel:
    """An insecure channel (the mesh adds mTLS) with deadlines, retries and tracing."""
    return grpc.aio.insecure_channel(
        target,
        options=[("grpc.service_config", RETRY_SERVICE_CONFIG), ("grpc.enable_retries", 1)],
        interceptors=[_OutboundCallContext(default_timeout), *aio_client_interceptors()],
    )


def as_domain_error(error: grpc.aio.AioRpcError, dependency: str) -> DomainError:
    """What a failed call to another service means to our caller, keeping the details that matter:
    NOT_FOUND and FAILED_PRECONDITION pass through with their resource / violations, a dependency that is
    down or too slow is UNAVAILABLE (retryable), anything else is our own bug (re-raised as is)."""
    code = error.code()
    status = _status_of(error)
    if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED, grpc.StatusCode.RESOURCE_EXHAUSTED):
        return Unavailable(f"{dependency} is unavailable; retry", retry_after_seconds=1.0)
    if code == grpc.StatusCode.NOT_FOUND:
        info = _detail(status, error_details_pb2.ResourceInfo)
        if info is not None:
            return NotFound(info.resource_type, info.resource_name)
    if code == grpc.StatusCode.FAILED_PRECONDITION:
        failure = _detail(status, error_details_pb2.PreconditionFailure)
        reason = _detail(status, error_details_pb2.ErrorInfo)
        if failure is not None:
            return FailedPrecondition(
                [PreconditionViolation(v.type, v.subject, v.description) for v in failure.violations],
                reason=reason.reason if reason is not None else None,
            )
    raise error


def _status_of(error: grpc.aio.AioRpcError) -> status_pb2.Status | None:
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            return status_pb2.Status.FromString(value)
    return None


def _detail(status: status_pb2.Status | None, kind: type[M]) -> M | None:
    for detail in status.details if status is not None else ():
        if detail.Is(kind.DESCRIPTOR):
            message = kind()
            detail.Unpack(message)
            return message
    return None
