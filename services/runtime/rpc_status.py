"""The one table from domain error to gRPC status + ``google.rpc`` details, used by every service.

| error              | code                | detail beside ErrorInfo | HTTP via Envoy |
|--------------------|---------------------|-------------------------|----------------|
| InvalidArgument    | INVALID_ARGUMENT    | BadRequest              | 400            |
| NotFound           | NOT_FOUND           | ResourceInfo            | 404            |
| AlreadyExists      | ALREADY_EXISTS      | ResourceInfo            | 409            |
| FailedPrecondition | FAILED_PRECONDITION | PreconditionFailure     | 400            |
| Aborted            | ABORTED             | -                       | 409            |
| Unauthenticated    | UNAUTHENTICATED     | -                       | 401            |
| PermissionDenied   | PERMISSION_DENIED   | -                       | 403            |
| ResourceExhausted  | RESOURCE_EXHAUSTED  | RetryInfo               | 429            |
| Unavailable        | UNAVAILABLE         | RetryInfo               | 503            |
| anything else      | INTERNAL            | - (detail only in logs) | 500            |
"""

from __future__ import annotations

import math

from google.protobuf import any_pb2, duration_pb2
from google.protobuf.message import Message
from google.rpc import code_pb2, error_details_pb2, status_pb2

from services.runtime import errors

_CODES: dict[type[errors.DomainError], int] = {
    errors.InvalidArgument: code_pb2.INVALID_ARGUMENT,
    errors.NotFound: code_pb2.NOT_FOUND,
    errors.AlreadyExists: code_pb2.ALREADY_EXISTS,
    errors.FailedPrecondition: code_pb2.FAILED_PRECONDITION,
    errors.Aborted: code_pb2.ABORTED,
    errors.Unauthenticated: code_pb2.UNAUTHENTICATED,
    errors.PermissionDenied: code_pb2.PERMISSION_DENIED,
    errors.ResourceExhausted: code_pb2.RESOURCE_EXHAUSTED,
    errors.Unavailable: code_pb2.UNAVAILABLE,
}

INTERNAL_MESSAGE = "internal error; the server logged the details"


def _pack(message: Message) -> any_pb2.Any:
    packed = any_pb2.Any()
    packed.Pack(message)
    return packed


def _detail(error: errors.DomainError) -> Message | None:
    if isinstance(error, errors.InvalidArgument):
        return error_details_pb2.BadRequest(
            field_violations=[
                error_details_pb2.BadRequest.FieldViolation(field=v.field, description=v.description)
                for v in error.violations
            ]
        )
    if isinstance(error, (errors.NotFound, errors.AlreadyExists)):
        return error_details_pb2.ResourceInfo(
            resource_type=error.resource_type, resource_name=error.resource_name, description=error.message
        )
    if isinstance(error, errors.FailedPrecondition):
        return error_details_pb2.PreconditionFailure(
            violations=[
                error_details_pb2.PreconditionFailure.Violation(
                    type=v.type, subject=v.subject, description=v.description
                )
                for v in error.violations
            ]
        )
    if isinstance(error, (errors.Unavailable, errors.ResourceExhausted)):
        seconds = max(error.retry_after_seconds, 0.0)
        whole = math.floor(seconds)
        return error_details_pb2.RetryInfo(
            retry_delay=duration_pb2.Duration(seconds=whole, nanos=int((seconds - whole) * 1e9))
        )
    return None


def retry_after_header(error: errors.DomainError) -> tuple[str, str] | None:
    """``retry-after`` (whole seconds) for errors that say when to come back; REST clients get it as the HTTP
    header of the same name."""
    seconds = getattr(error, "retry_after_seconds", None)
    return None if seconds is None else ("retry-after", str(max(math.ceil(seconds), 1)))


def code_of(error: errors.DomainError) -> int:
    for kind in type(error).__mro__:
        if kind in _CODES:
            return _CODES[kind]
    return code_pb2.INTERNAL


def to_status(error: errors.DomainError, *, domain: str) -> status_pb2.Status:
    """The ``google.rpc.Status`` for a domain error: code, message, ErrorInfo and the kind's detail."""
    details = [_pack(error_details_pb2.ErrorInfo(reason=error.reason, domain=domain, metadata=error.metadata))]
    extra = _detail(error)
    if extra is not None:
        details.append(_pack(extra))
    return status_pb2.Status(code=code_of(error), message=error.message, details=details)


def internal_status(*, domain: str) -> status_pb2.Status:
    """What an unexpected exception becomes: a generic message, nothing of the cause."""
    info = error_details_pb2.ErrorInfo(reason="INTERNAL", domain=domain)
    return status_pb2.Status(code=code_pb2.INTERNAL, message=INTERNAL_MESSAGE, details=[_pack(info)])
