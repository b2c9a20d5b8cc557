"""A dependency's refusal keeps its meaning for our caller: the same code, reason, fields and resource."""

import grpc
import pytest
from grpc_status import rpc_status as grpc_rpc_status
from hypothesis import given
from hypothesis import strategies as st

from services.runtime import errors, rpc_status
from services.runtime.dependency_errors import as_domain_error

DOMAIN = "inventory.shopmesh.dev"


def _refusal(error: errors.DomainError) -> grpc.aio.AioRpcError:
    """What our own pipeline sends when a service raises ``error``, as the caller's stub receives it."""
    status = grpc_rpc_status.to_status(rpc_status.to_status(error, domain=DOMAIN))
    return grpc.aio.AioRpcError(
        status.code, grpc.aio.Metadata(), grpc.aio.Metadata(*status.trailing_metadata), details=status.details
    )


def _bare(code: grpc.StatusCode, details: str = "no details") -> grpc.aio.AioRpcError:
    return grpc.aio.AioRpcError(code, grpc.aio.Metadata(), grpc.aio.Metadata(), details=details)


reasons = st.from_regex(r"\A[A-Z][A-Z_]{2,20}\Z")
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30)
client_errors = st.one_of(
    st.builds(
        lambda field, text, reason: errors.InvalidArgument.field(field, text, reason=reason), texts, texts, reasons
    ),
    st.builds(
        lambda kind, subject, text, reason: errors.FailedPrecondition(
            [errors.PreconditionViolation(kind, subject, text)], reason=reason
        ),
        reasons,
        texts,
        texts,
        reasons,
    ),
    st.builds(lambda name, reason: errors.NotFound("shop/Thing", name, reason=reason), texts, reasons),
    st.builds(lambda name, reason: errors.AlreadyExists("shop/Thing", name, reason=reason), texts, reasons),
    st.builds(lambda text, reason: errors.Aborted(text, reason=reason), texts, reasons),
    st.builds(
        lambda text, seconds, reason: errors.ResourceExhausted(text, retry_after_seconds=seconds, reason=reason),
        texts,
        st.integers(1, 900),
        reasons,
    ),
)


@given(client_errors)
def test_a_refusal_of_what_the_client_sent_reaches_the_client_as_the_same_status(error):
    meant = as_domain_error(_refusal(error), "inventory")
    again = rpc_status.to_status(meant, domain="orders.shopmesh.dev")
    original = rpc_status.to_status(error, domain=DOMAIN)
    assert again.code == original.code
    assert meant.reason == error.reason
    # Every detail (field violations, precondition violations, resource, retry delay) crosses unchanged.
    assert [d for d in again.details[1:]] == [d for d in original.details[1:]]


@pytest.mark.parametrize("code", [grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED])
def test_a_dependency_down_or_too_slow_is_unavailable_to_retry(code):
    assert isinstance(as_domain_error(_bare(code), "payments"), errors.Unavailable)


def test_a_bare_refusal_without_details_still_keeps_its_kind_and_message():
    meant = as_domain_error(_bare(grpc.StatusCode.INVALID_ARGUMENT, "units: must be at most 1000"), "shipping")
    assert isinstance(meant, errors.InvalidArgument)
    assert meant.violations[0].description == "units: must be at most 1000"
    assert isinstance(as_domain_error(_bare(grpc.StatusCode.OUT_OF_RANGE), "shipping"), errors.InvalidArgument)


@pytest.mark.parametrize(
    "error",
    [
        errors.PermissionDenied("the orders service may not call this method", reason="CALLER_NOT_ALLOWED"),
        errors.Unauthenticated("needs a service token", reason="SERVICE_TOKEN_REQUIRED"),
    ],
)
def test_a_refusal_of_our_own_service_identity_stays_our_bug(error):
    failure = _refusal(error)
    with pytest.raises(grpc.aio.AioRpcError):
        as_domain_error(failure, "inventory")


@pytest.mark.parametrize("code", [grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN, grpc.StatusCode.UNIMPLEMENTED])
def test_a_dependencys_own_failure_stays_internal(code):
    with pytest.raises(grpc.aio.AioRpcError):
        as_domain_error(_bare(code), "inventory")
