"""The one error table: every domain error becomes its gRPC code with ErrorInfo and the kind's detail."""

import pytest
from google.rpc import code_pb2, error_details_pb2

from services.runtime import errors, rpc_status


def _details(status):
    out = {}
    for detail in status.details:
        for kind in (
            error_details_pb2.ErrorInfo,
            error_details_pb2.BadRequest,
            error_details_pb2.ResourceInfo,
            error_details_pb2.PreconditionFailure,
            error_details_pb2.RetryInfo,
        ):
            if detail.Is(kind.DESCRIPTOR):
                message = kind()
                detail.Unpack(message)
                out[kind.__name__] = message
    return out


@pytest.mark.parametrize(
    ("error", "code", "detail"),
    [
        (errors.InvalidArgument.field("product.sku", "is required"), code_pb2.INVALID_ARGUMENT, "BadRequest"),
        (errors.NotFound("catalog.shopmesh.dev/Product", "products/p1"), code_pb2.NOT_FOUND, "ResourceInfo"),
        (errors.AlreadyExists("catalog.shopmesh.dev/Product", "SKU-1"), code_pb2.ALREADY_EXISTS, "ResourceInfo"),
        (
            errors.FailedPrecondition([errors.PreconditionViolation("STOCK", "products/p1", "out of stock")]),
            code_pb2.FAILED_PRECONDITION,
            "PreconditionFailure",
        ),
        (errors.Aborted("stale etag"), code_pb2.ABORTED, None),
        (errors.Unauthenticated("no token"), code_pb2.UNAUTHENTICATED, None),
        (errors.PermissionDenied("admins only"), code_pb2.PERMISSION_DENIED, None),
        (errors.Unavailable("db down", retry_after_seconds=1.5), code_pb2.UNAVAILABLE, "RetryInfo"),
    ],
)
def test_each_domain_error_maps_to_its_code_with_error_info_and_detail(error, code, detail):
    status = rpc_status.to_status(error, domain="catalog.shopmesh.dev")
    details = _details(status)
    assert status.code == code
    assert status.message == error.message
    assert details["ErrorInfo"].domain == "catalog.shopmesh.dev"
    assert details["ErrorInfo"].reason == error.reason
    assert set(details) == {"ErrorInfo"} | ({detail} if detail else set())


def test_field_violations_carry_every_bad_field():
    error = errors.InvalidArgument([errors.FieldViolation("a", "bad"), errors.FieldViolation("b.c", "worse")])
    bad_request = _details(rpc_status.to_status(error, domain="d"))["BadRequest"]
    assert [(v.field, v.description) for v in bad_request.field_violations] == [("a", "bad"), ("b.c", "worse")]


def test_retry_info_says_when_to_retry():
    status = rpc_status.to_status(errors.Unavailable("down", retry_after_seconds=1.5), domain="d")
    delay = _details(status)["RetryInfo"].retry_delay
    assert (delay.seconds, delay.nanos) == (1, 500_000_000)


def test_internal_status_reveals_nothing_of_the_cause():
    status = rpc_status.internal_status(domain="catalog.shopmesh.dev")
    assert status.code == code_pb2.INTERNAL
    assert status.message == rpc_status.INTERNAL_MESSAGE
    assert _details(status)["ErrorInfo"].reason == "INTERNAL"
