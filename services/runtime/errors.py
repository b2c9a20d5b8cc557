"""Domain errors: what went wrong, in the domain's words. No gRPC here.

Services raise these from their domain and service layers; :mod:`services.runtime.rpc_status` turns each
into one gRPC status with ``google.rpc`` details, the same way for every service (table in STYLE.md).
``reason`` is a stable UPPER_SNAKE identifier clients may switch on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class FieldViolation:
    """One bad field of a request: ``field`` is a dotted path such as ``product.price.currency_code``."""

    field: str
    description: str


@dataclass(frozen=True)
class PreconditionViolation:
    """One unmet precondition, e.g. type ``STOCK``, subject ``products/p1``."""

    type: str
    subject: str
    description: str


class DomainError(Exception):
    """Base of every error a service reports to its caller on purpose."""

    default_reason = "ERROR"

    def __init__(self, message: str, *, reason: str | None = None, metadata: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason or self.default_reason
        self.metadata = dict(metadata or {})


class InvalidArgument(DomainError):
    default_reason = "INVALID_ARGUMENT"

    def __init__(
        self, violations: Sequence[FieldViolation], *, message: str | None = None, reason: str | None = None
    ) -> None:
        self.violations = list(violations)
        summary = "; ".join(f"{v.field}: {v.description}" if v.field else v.description for v in self.violations)
        super().__init__(message or f"invalid request: {summary}", reason=reason)

    @classmethod
    def field(cls, field: str, description: str, *, reason: str | None = None) -> InvalidArgument:
        return cls([FieldViolation(field, description)], reason=reason)


class NotFound(DomainError):
    default_reason = "NOT_FOUND"

    def __init__(self, resource_type: str, resource_name: str, *, reason: str | None = None) -> None:
        self.resource_type = resource_type
        self.resource_name = resource_name
        super().__init__(
            f"{resource_type} {resource_name!r} not found", reason=reason, metadata={"resource": resource_name}
        )


class AlreadyExists(DomainError):
    default_reason = "ALREADY_EXISTS"

    def __init__(
        self, resource_type: str, resource_name: str, *, description: str | None = None, reason: str | None = None
    ) -> None:
        self.resource_type = resource_type
        self.resource_name = resource_name
        super().__init__(
            description or f"{resource_type} {resource_name!r} already exists",
            reason=reason,
            metadata={"resource": resource_name},
        )


class FailedPrecondition(DomainError):
    default_reason = "FAILED_PRECONDITION"

    def __init__(self, violations: Sequence[PreconditionViolation], *, reason: str | None = None) -> None:
        self.violations = list(violations)
        super().__init__("; ".join(v.description for v in self.violations), reason=reason)


class Aborted(DomainError):
    """A concurrent change won: a stale etag, a lost optimistic lock. Re-read and try again."""

    default_reason = "CONCURRENT_MODIFICATION"


class Unauthenticated(DomainError):
    default_reason = "UNAUTHENTICATED"


class PermissionDenied(DomainError):
    default_reason = "PERMISSION_DENIED"


class ResourceExhausted(DomainError):
    """The caller used up an allowance (too many attempts); it may try again after ``retry_after_seconds``."""

    default_reason = "RESOURCE_EXHAUSTED"

    def __init__(self, message: str, *, retry_after_seconds: float, reason: str | None = None) -> None:
        self.retry_after_seconds = retry_after_seconds
        super().__init__(message, reason=reason)


class Unavailable(DomainError):
    """A dependency is down; the caller may retry after ``retry_after_seconds``."""

    default_reason = "DEPENDENCY_UNAVAILABLE"

    def __init__(self, message: str, *, retry_after_seconds: float = 1.0, reason: str | None = None) -> None:
        self.retry_after_seconds = retry_after_seconds
        super().__init__(message, reason=reason)
