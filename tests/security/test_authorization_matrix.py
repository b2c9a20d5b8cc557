"""Who may call what, tried against the live test stack: every method of every contract with every kind of
caller, through the gateway and straight at the service ports, and every kind of forged token.

The expected answer comes from each method's ``(shop.auth.v1.access)`` option and the call graph
(``services/internal_callers.json``), so a new method is covered the day it is added. Requests are empty:
the access check comes before anything else, so nothing is changed by these calls.
"""

from __future__ import annotations

import base64
import json
import time
import uuid
from pathlib import Path

import grpc
import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from google.protobuf import descriptor_pool
from google.protobuf.descriptor import MethodDescriptor
from google.protobuf.message_factory import GetMessageClass

from scripts.gateway_config import _load_contracts
from scripts.mesh import Profile, services
from services.runtime.service_identity import internal_callers
from shop.auth.v1 import access_pb2
from tests.e2e.conftest import RestUser, as_service, register

_load_contracts()
DENIED = {grpc.StatusCode.UNAUTHENTICATED, grpc.StatusCode.PERMISSION_DENIED}
EDGE = (access_pb2.ACCESS_PUBLIC, access_pb2.ACCESS_AUTHENTICATED, access_pb2.ACCESS_ADMIN)


def _methods() -> list[tuple[str, MethodDescriptor, int]]:
    pool = descriptor_pool.Default()
    found = []
    for mesh_service in services():
        for grpc_service in mesh_service.grpc_services:
            for method in pool.FindServiceByName(grpc_service).methods:
                found.append((mesh_service.name, method, method.GetOptions().Extensions[access_pb2.access]))
    return found


def _path(method: MethodDescriptor) -> str:
    return f"/{method.containing_service.full_name}/{method.name}"


async def _call(target: str, method: MethodDescriptor, metadata: tuple[tuple[str, str], ...]) -> grpc.StatusCode:
    request_class = GetMessageClass(method.input_type)
    response_class = GetMessageClass(method.output_type)
    async with grpc.aio.insecure_channel(target) as channel:
        call = channel.unary_unary(
            _path(method),
            request_serializer=request_class.SerializeToString,
            response_deserializer=response_class.FromString,
        )
        try:
            await call(request_class(), metadata=metadata, timeout=10)
        except grpc.aio.AioRpcError as error:
            return error.code()
    return grpc.StatusCode.OK


def _bearer(token: str) -> tuple[tuple[str, str], ...]:
    return (("authorization", f"Bearer {token}"),)


@pytest.fixture(scope="module")
async def callers(mesh: Profile, rest: httpx.Client, admin: RestUser) -> dict[str, tuple[tuple[str, str], ...]]:
    return {
        "anonymous": (),
        "customer": _bearer(register(rest).token),
        "admin": _bearer(admin.token),
        "service": await as_service(mesh, "orders"),
    }


EDGE_METHODS = [(s, m, a) for s, m, a in _methods() if a in EDGE]


@pytest.mark.parametrize(("service", "method", "access"), EDGE_METHODS, ids=lambda v: getattr(v, "name", None))
async def test_every_edge_method_through_the_gateway_admits_exactly_its_callers(
    mesh: Profile, callers: dict[str, tuple[tuple[str, str], ...]], service: str, method: MethodDescriptor, access: int
):
    gateway = f"127.0.0.1:{mesh.ports['envoy']}"
    answers = {who: await _call(gateway, method, metadata) for who, metadata in callers.items()}
    if access == access_pb2.ACCESS_PUBLIC:
        assert answers["anonymous"] not in DENIED, answers
    else:
        assert answers["anonymous"] == grpc.StatusCode.UNAUTHENTICATED, answers
    if access == access_pb2.ACCESS_ADMIN:
        assert answers["customer"] == grpc.StatusCode.PERMISSION_DENIED, answers
    else:
        assert answers["customer"] not in DENIED, answers
    assert answers["admin"] not in DENIED, answers
    if access != access_pb2.ACCESS_PUBLIC:  # a service token is no user: user methods refuse it
        assert answers["service"] == grpc.StatusCode.PERMISSION_DENIED, answers


INTERNAL_METHODS = [(s, m, a) for s, m, a in _methods() if a == access_pb2.ACCESS_INTERNAL]


@pytest.mark.parametrize(("service", "method", "access"), INTERNAL_METHODS, ids=lambda v: getattr(v, "name", None))
async def test_every_internal_method_admits_only_the_services_whose_code_calls_it(
    mesh: Profile, callers: dict[str, tuple[tuple[str, str], ...]], service: str, method: MethodDescriptor, access: int
):
    port = mesh.target(service)
    allowed = internal_callers()[_path(method)]
    assert await _call(port, method, callers["anonymous"]) == grpc.StatusCode.UNAUTHENTICATED
    assert await _call(port, method, callers["customer"]) == grpc.StatusCode.PERMISSION_DENIED
    assert await _call(port, method, callers["admin"]) == grpc.StatusCode.PERMISSION_DENIED
    stranger = next(s.name for s in services() if s.name not in allowed and s.name != service)
    assert await _call(port, method, await as_service(mesh, stranger)) == grpc.StatusCode.PERMISSION_DENIED
    for caller in sorted(allowed):
        assert await _call(port, method, await as_service(mesh, caller)) not in DENIED, caller
    # And the gateway has no route to it at all.
    gateway = f"127.0.0.1:{mesh.ports['envoy']}"
    assert await _call(gateway, method, await as_service(mesh, min(allowed, default=stranger))) in {
        grpc.StatusCode.UNIMPLEMENTED,
        grpc.StatusCode.NOT_FOUND,
    }


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _forgeries(mesh: Profile, customer: RestUser) -> dict[str, str]:
    """Every kind of bad token we could think of, each claiming to be the customer or an admin."""
    jwks = httpx.get(f"{mesh.gateway_url}/v1/jwks", timeout=5).json()["keys"]
    kid = jwks[0]["kid"]
    now = int(time.time())
    claims = {"iss": "shopmesh-identity", "aud": "shopmesh", "sub": str(uuid.uuid4()), "role": "admin"}
    claims |= {"iat": now, "exp": now + 600, "email_verified": True}
    attacker_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    identity_key = serialization.load_pem_private_key(
        Path(mesh.jwt_key_file).read_bytes(), password=None
    )  # to sign tokens identity would never issue: expired, for another audience or issuer
    public_pem = identity_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header, payload, signature = customer.token.split(".")
    promoted = json.loads(base64.urlsafe_b64decode(payload + "=="))
    promoted["role"] = "admin"
    return {
        "alg none": f"{_b64(json.dumps({'alg': 'none', 'kid': kid}).encode())}.{_b64(json.dumps(claims).encode())}.",
        "HS256 keyed with the public key": _hs256(claims, kid, public_pem),
        "an attacker's RSA key under identity's kid": jwt.encode(
            claims, attacker_key, algorithm="RS256", headers={"kid": kid}
        ),
        "an unknown kid": jwt.encode(claims, attacker_key, algorithm="RS256", headers={"kid": "attacker-key"}),
        "expired": jwt.encode(claims | {"exp": now - 120}, identity_key, algorithm="RS256", headers={"kid": kid}),
        "another audience": jwt.encode(
            claims | {"aud": "someone-else"}, identity_key, algorithm="RS256", headers={"kid": kid}
        ),
        "another issuer": jwt.encode(claims | {"iss": "evil"}, identity_key, algorithm="RS256", headers={"kid": kid}),
        "an unknown role": jwt.encode(
            claims | {"role": "superuser"}, identity_key, algorithm="RS256", headers={"kid": kid}
        ),
        "a customer's token promoted to admin": f"{header}.{_b64(json.dumps(promoted).encode())}.{signature}",
        "a customer's token with its signature cut": f"{header}.{payload}.",
        "garbage": "not-a-token",
    }


def _hs256(claims: dict, kid: str, key: bytes) -> str:
    import hashlib
    import hmac

    signing_input = (
        f"{_b64(json.dumps({'alg': 'HS256', 'typ': 'JWT', 'kid': kid}).encode())}.{_b64(json.dumps(claims).encode())}"
    )
    signature = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{_b64(signature)}"


async def test_every_forged_token_is_refused_at_the_gateway_and_at_the_service(mesh: Profile, rest: httpx.Client):
    customer = register(rest)
    pool = descriptor_pool.Default()
    list_orders = pool.FindMethodByName("shop.orders.v1.OrdersService.ListOrders")
    list_products = pool.FindMethodByName("shop.catalog.v1.CatalogService.ListProducts")
    for kind, token in _forgeries(mesh, customer).items():
        # REST: an admin-only read, a user read, and a public read (a bad token is refused even there).
        for path in ("/v1/pendingReviews", "/v1/users/me", "/v1/products"):
            answer = rest.get(path, headers={"authorization": f"Bearer {token}"})
            # Envoy answers a genuine identity token minted for another audience 403 (signed by the right key,
            # but not for this API); every other forgery is 401.
            expected = (403, 7) if kind == "another audience" else (401, 16)
            assert (answer.status_code, answer.json()["code"]) == expected, (kind, path, answer.status_code)
        # gRPC straight at the service port, past the gateway.
        assert await _call(mesh.target("orders"), list_orders, _bearer(token)) == grpc.StatusCode.UNAUTHENTICATED, kind
        assert await _call(mesh.target("catalog"), list_products, _bearer(token)) == grpc.StatusCode.UNAUTHENTICATED, (
            kind
        )


def test_another_customers_resources_do_not_exist_for_a_customer(rest: httpx.Client, customer: RestUser):
    other = register(rest)
    # Their profile, their notifications and their cart are out of reach; guessing a name finds nothing.
    assert rest.get(f"/v1/{customer.name}", headers=other.headers).status_code == 404
    assert rest.get(f"/v1/{customer.name}", headers=customer.headers).status_code == 200
    assert (
        rest.post(
            f"/v1/{customer.name}:changePassword",
            json={"current_password": customer.password, "new_password": "stolen password"},
            headers=other.headers,
        ).status_code
        == 404
    )
    assert rest.post(f"/v1/{customer.name}:resendEmailVerification", json={}, headers=other.headers).status_code in (
        404,
    )
    assert rest.get(f"/v1/orders/{uuid.uuid4()}", headers=other.headers).status_code == 404
