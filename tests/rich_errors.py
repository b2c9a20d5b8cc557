"""Reads the google.rpc details a ShopMesh service put on a failed call."""

from __future__ import annotations

import grpc
from google.protobuf.message import Message
from google.rpc import error_details_pb2, status_pb2

_KINDS = (
    error_details_pb2.ErrorInfo,
    error_details_pb2.BadRequest,
    error_details_pb2.ResourceInfo,
    error_details_pb2.PreconditionFailure,
    error_details_pb2.RetryInfo,
)


def status_of(error: grpc.aio.AioRpcError) -> status_pb2.Status:
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            return status_pb2.Status.FromString(value)
    raise AssertionError(f"no google.rpc.Status on {error.code()}: {error.details()}")


def details_of(error: grpc.aio.AioRpcError) -> dict[str, Message]:
    found: dict[str, Message] = {}
    for detail in status_of(error).details:
        for kind in _KINDS:
            if detail.Is(kind.DESCRIPTOR):
                message = kind()
                detail.Unpack(message)
                found[kind.__name__] = message
    return found


def field_violations(error: grpc.aio.AioRpcError) -> set[str]:
    bad_request = details_of(error)["BadRequest"]
    return {v.field for v in bad_request.field_violations}  # type: ignore[attr-defined]
