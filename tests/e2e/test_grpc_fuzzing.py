"""Every method of every service fuzzed over gRPC, straight at its port (internal methods included): request
messages generated from the contracts' descriptors, odd values everywhere (empty, huge, control characters,
path tricks, out-of-range enums and numbers), sent with the identity that reaches the handler (a customer, an
admin for admin methods, orders' service token for internal ones). The bar: no answer is INTERNAL or UNKNOWN —
whatever is wrong with a request is the caller's clear error, never a crash."""

from __future__ import annotations

import uuid
from typing import Any

import grpc
import pytest
from google.protobuf import descriptor_pool
from google.protobuf.descriptor import Descriptor, FieldDescriptor, MethodDescriptor
from google.protobuf.message import Message
from google.protobuf.message_factory import GetMessageClass
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.gateway_config import _load_contracts
from scripts.mesh import Profile, services
from shop.auth.v1 import access_pb2
from tests.e2e.conftest import RestUser, as_service

_load_contracts()
EXAMPLES_PER_METHOD = 12
BUG_CODES = {grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN, grpc.StatusCode.DATA_LOSS}

_ODD_STRINGS = st.sampled_from(
    [
        "",
        " ",
        "me",
        "users/me",
        "carts/me",
        "products/",
        f"products/{uuid.UUID(int=7)}",
        f"orders/{uuid.UUID(int=9)}",
        "categories/kitchen",
        "../../etc/passwd",
        "%2e%2e%2f",
        "' OR 1=1 --",
        "\x00",
        "\u202e\ufeff",
        "x" * 5000,
        "🛒" * 50,
        "-1",
        "9" * 30,
        "2026-13-45T99:99:99Z",
        "price desc, name",
        "a=b&c=d",
    ]
)


def _scalar(field: FieldDescriptor) -> st.SearchStrategy[Any]:
    kind = field.type
    if kind == FieldDescriptor.TYPE_STRING:
        return st.one_of(_ODD_STRINGS, st.text(max_size=60))
    if kind == FieldDescriptor.TYPE_BYTES:
        return st.binary(max_size=64)
    if kind == FieldDescriptor.TYPE_BOOL:
        return st.booleans()
    if kind in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
        return st.floats(allow_nan=True, allow_infinity=True, width=32 if kind == FieldDescriptor.TYPE_FLOAT else 64)
    if kind == FieldDescriptor.TYPE_ENUM:
        numbers = [v.number for v in field.enum_type.values]
        return st.one_of(st.sampled_from(numbers), st.integers(min_value=-5, max_value=max(numbers) + 5))
    bits = (
        64
        if kind
        in (
            FieldDescriptor.TYPE_INT64,
            FieldDescriptor.TYPE_SINT64,
            FieldDescriptor.TYPE_SFIXED64,
            FieldDescriptor.TYPE_UINT64,
            FieldDescriptor.TYPE_FIXED64,
        )
        else 32
    )
    unsigned = kind in (
        FieldDescriptor.TYPE_UINT32,
        FieldDescriptor.TYPE_UINT64,
        FieldDescriptor.TYPE_FIXED32,
        FieldDescriptor.TYPE_FIXED64,
    )
    low, high = (0, 2**bits - 1) if unsigned else (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
    return st.one_of(st.sampled_from([low, high, 0, 1, -1 if not unsigned else 2]), st.integers(low, high))


def _message(descriptor: Descriptor, depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """Field name → value for a message (nested ones as dicts), any subset of its fields set."""
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for field in descriptor.fields:
        if field.type == FieldDescriptor.TYPE_MESSAGE:
            if depth >= 2 or field.message_type.GetOptions().map_entry:
                continue
            value: st.SearchStrategy[Any] = _message(field.message_type, depth + 1)
        else:
            value = _scalar(field)
        if field.is_repeated:
            value = st.lists(value, max_size=4)
        fields[field.name] = value
    return st.fixed_dictionaries({}, optional=fields)


def _build(cls: type[Message], values: dict[str, Any]) -> Message:
    message = cls()
    for name, value in values.items():
        field = cls.DESCRIPTOR.fields_by_name[name]
        if field.type == FieldDescriptor.TYPE_MESSAGE:
            sub = GetMessageClass(field.message_type)
            if field.is_repeated:
                getattr(message, name).extend(_build(sub, v) for v in value)
            else:
                getattr(message, name).CopyFrom(_build(sub, value))
        elif field.is_repeated:
            getattr(message, name).extend(value)
        else:
            setattr(message, name, value)
    return message


def _methods() -> list[tuple[str, MethodDescriptor]]:
    pool = descriptor_pool.Default()
    return [
        (mesh_service.name, method)
        for mesh_service in services()
        for grpc_service in mesh_service.grpc_services
        for method in pool.FindServiceByName(grpc_service).methods
    ]


@pytest.fixture(scope="module")
async def identities(mesh: Profile, fuzz_customer: RestUser, admin: RestUser) -> dict[int, tuple[tuple[str, str], ...]]:
    customer = (("authorization", f"Bearer {fuzz_customer.token}"),)
    return {
        access_pb2.ACCESS_PUBLIC: customer,
        access_pb2.ACCESS_AUTHENTICATED: customer,
        access_pb2.ACCESS_ADMIN: (("authorization", f"Bearer {admin.token}"),),
        access_pb2.ACCESS_INTERNAL: await as_service(mesh, "orders"),
        access_pb2.ACCESS_CREDENTIALS: (),
    }


def _requests(method: MethodDescriptor) -> list[Message]:
    """The generated requests for ``method``: the same ones every run (derandomized)."""
    request_class = GetMessageClass(method.input_type)
    requests: list[Message] = []

    @settings(
        max_examples=EXAMPLES_PER_METHOD, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    @given(_message(method.input_type))
    def collect(values: dict[str, Any]) -> None:
        requests.append(_build(request_class, values))

    collect()
    return requests


@pytest.mark.slow
@pytest.mark.parametrize(("service", "method"), _methods(), ids=lambda v: v if isinstance(v, str) else v.name)
async def test_no_request_however_odd_is_answered_internal(
    service: str, method: MethodDescriptor, mesh: Profile, identities: dict[int, tuple[tuple[str, str], ...]]
):
    response_class = GetMessageClass(method.output_type)
    metadata = identities[method.GetOptions().Extensions[access_pb2.access]]
    path = f"/{method.containing_service.full_name}/{method.name}"
    crashes = []
    async with grpc.aio.insecure_channel(mesh.target(service)) as channel:
        call = channel.unary_unary(
            path, request_serializer=lambda m: m.SerializeToString(), response_deserializer=response_class.FromString
        )
        for request in _requests(method):
            try:
                await call(request, metadata=metadata, timeout=15)
            except grpc.aio.AioRpcError as error:
                if error.code() in BUG_CODES:
                    crashes.append(f"{path}({request}) → {error.code().name}: {error.details()}")
    assert crashes == []
