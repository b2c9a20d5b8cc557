"""What another service's refusal means to our caller: its meaning kept across the hop.

When a dependency refuses something the client sent (INVALID_ARGUMENT, OUT_OF_RANGE, FAILED_PRECONDITION,
NOT_FOUND, ALREADY_EXISTS, ABORTED, RESOURCE_EXHAUSTED, UNAUTHENTICATED), the client gets the same kind of
error with the dependency's reason, fields, violations or resource; a dependency that is down or too slow is
UNAVAILABLE (retryable). Only what can only be our own bug stays INTERNAL: an unknown or internal failure of
the callee, or a refusal of our service's own identity (a call graph or credentials mistake).

Adapters call :func:`as_domain_error` where they catch a call's failure; the RPC pipeline applies it to any
call failure that reached it uncaught, so no refusal becomes INTERNAL because an adapter forgot.
"""

from __future__ import annotations

from typing import TypeVar

import grpc
from google.protobuf.message import Message
from google.rpc import error_details_pb2, status_pb2

from services.runtime.errors import (
    Aborted,
    AlreadyExists,
    DomainError,
    FailedPrecondition,
    FieldViolation,
    InvalidArgument,
    NotFound,
    PreconditionViolation,
    ResourceExhausted,
    Unauthenticated,
    Unavailable,
)

M = TypeVar("M", bound=Message)

# Refusals of the calling service itself (its token, its place in the call graph): our bug, not the client's.
_OUR_IDENTITY = frozenset({"SERVICE_TOKEN_REQUIRED", "SERVICE_REQUIRED", "CALLER_NOT_ALLOWED", "USER_REQUIRED"})


def as_domain_error(error: grpc.aio.AioRpcError, dependency: str) -> DomainError:
    """The domain error a failed call to ``dependency`` means for our caller; re-raises ``error`` when it can
    only be a bug (it then becomes INTERNAL, logged with the callee's message)."""
    code = error.code()
    status = _status_of(error)
    info = _detail(status, error_details_pb2.ErrorInfo)
    reason = info.reason if info is not None and info.reason else None
    message = error.details() or f"{dependency} refused the request"
    if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
        return Unavailable(f"{dependency} is unavailable; retry", retry_after_seconds=_retry_after(status))
    if code == grpc.StatusCode.RESOURCE_EXHAUSTED:
        return ResourceExhausted(message, retry_after_seconds=_retry_after(status), reason=reason)
    if code in (grpc.StatusCode.INVALID_ARGUMENT, grpc.StatusCode.OUT_OF_RANGE):
        bad = _detail(status, error_details_pb2.BadRequest)
        violations = [FieldViolation(v.field, v.description) for v in bad.field_violations] if bad else []
        return InvalidArgument(violations or [FieldViolation("", message)], message=message, reason=reason)
    if code == grpc.StatusCode.FAILED_PRECONDITION:
        failure = _detail(status, error_details_pb2.PreconditionFailure)
        unmet = [PreconditionViolation(v.type, v.subject, v.description) for v in failure.violations] if failure else []
        return FailedPrecondition(unmet or [PreconditionViolation("", "", message)], reason=reason)
    if code in (grpc.StatusCode.NOT_FOUND, grpc.StatusCode.ALREADY_EXISTS):
        resource = _detail(status, error_details_pb2.ResourceInfo)
        kind, name = (resource.resource_type, resource.resource_name) if resource else (dependency, "")
        if code == grpc.StatusCode.NOT_FOUND:
            return NotFound(kind, name, reason=reason)
        return AlreadyExists(kind, name, description=message, reason=reason)
    if code == grpc.StatusCode.ABORTED:
        return Aborted(message, reason=reason)
    if code == grpc.StatusCode.UNAUTHENTICATED and reason not in _OUR_IDENTITY:
        return Unauthenticated(message, reason=reason)  # the caller's token expired on its way through
    raise error


def _retry_after(status: status_pb2.Status | None) -> float:
    retry = _detail(status, error_details_pb2.RetryInfo)
    if retry is None:
        return 1.0
    return retry.retry_delay.seconds + retry.retry_delay.nanos / 1e9


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
