"""What the runtime knows about the RPC being served, as context variables set by the pipeline.

Logs read the method and request id; outbound calls read the deadline and request id; servicers read the
caller through :func:`caller`.
"""

from __future__ import annotations

import contextvars
import time

from services.runtime.errors import FailedPrecondition, PreconditionViolation, Unauthenticated
from services.runtime.tokens import ROLE_CUSTOMER, Principal

rpc_method: contextvars.ContextVar[str | None] = contextvars.ContextVar("rpc_method", default=None)
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
principal: contextvars.ContextVar[Principal | None] = contextvars.ContextVar("principal", default=None)
# The caller's verified access token, for the rare call made on the user's behalf (orders reading their cart).
bearer_token: contextvars.ContextVar[str | None] = contextvars.ContextVar("bearer_token", default=None)
# time.monotonic() by which the incoming RPC must be answered; None when the caller set no deadline.
deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar("deadline", default=None)


def caller() -> Principal:
    """The authenticated caller; UNAUTHENTICATED when the RPC carried no valid token."""
    current = principal.get()
    if current is None:
        raise Unauthenticated("this call needs an access token", reason="TOKEN_REQUIRED")
    return current


def caller_with_confirmed_email() -> Principal:
    """The caller, who must be a customer with a confirmed email address (or an admin): what buying and
    writing reviews need. FAILED_PRECONDITION ``EMAIL_NOT_VERIFIED`` otherwise."""
    current = caller()
    if current.role == ROLE_CUSTOMER and not current.email_verified:
        raise FailedPrecondition(
            [
                PreconditionViolation(
                    "EMAIL_VERIFIED",
                    f"users/{current.user_id}",
                    "confirm your email address first: send the code we mailed to VerifyEmail "
                    "(POST /v1/users:verifyEmail), then log in again or refresh the session",
                )
            ],
            reason="EMAIL_NOT_VERIFIED",
        )
    return current


def optional_caller() -> Principal | None:
    return principal.get()


def time_remaining() -> float | None:
    """Seconds left before the incoming RPC's deadline, or None without one."""
    end = deadline.get()
    return None if end is None else max(end - time.monotonic(), 0.0)
