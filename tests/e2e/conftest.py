"""End to end: the whole test stack as separate processes, driven like a user through Envoy (REST and
gRPC) and directly over gRPC."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import grpc
import httpx
import pytest

from scripts.mailbox import verification_code
from scripts.mesh import Profile
from shop.identity.v1 import identity_service_pb2, identity_service_pb2_grpc
from tests.e2e.browser import browser, second_tab, tab  # noqa: F401 (the browser tests' fixtures)

MAILDIR = Profile.named("test").maildir


@pytest.fixture(scope="session")
def rest(mesh: Profile) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=mesh.gateway_url, timeout=10) as client:
        yield client


@dataclass
class RestUser:
    email: str
    password: str
    name: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"authorization": f"Bearer {self.token}"}


def login(rest: httpx.Client, email: str, password: str) -> dict:
    response = rest.post("/v1/sessions", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return response.json()


def register(rest: httpx.Client, *, verified: bool = True) -> RestUser:
    """A new customer, logged in; ``verified``: after confirming their address with the code mailed to them,
    as checkout and reviews require."""
    email, password = f"e2e-{uuid.uuid4().hex[:12]}@example.com", "correct horse battery"
    registered = rest.post("/v1/users", json={"email": email, "password": password, "display_name": "E2E Shopper"})
    assert registered.status_code == 200, registered.text
    if verified:
        code = verification_code(MAILDIR, email)
        confirmed = rest.post("/v1/users:verifyEmail", json={"token": code})
        assert confirmed.status_code == 200, confirmed.text
    session = login(rest, email, password)
    return RestUser(email, password, registered.json()["user"]["name"], session["access_token"])


@pytest.fixture
def customer(rest: httpx.Client) -> RestUser:
    return register(rest)


@pytest.fixture(scope="session")
def fuzz_customer(rest: httpx.Client) -> RestUser:
    """One customer for every generated request of the fuzzing run."""
    return register(rest)


async def as_service(mesh: Profile, service: str) -> tuple[tuple[str, str], ...]:
    """Metadata calling as ``service`` of the test stack (its token, from identity, for its client secret)."""
    async with grpc.aio.insecure_channel(mesh.target("identity")) as channel:
        issued = await identity_service_pb2_grpc.IdentityServiceStub(channel).IssueServiceToken(
            identity_service_pb2.IssueServiceTokenRequest(service=service, secret=mesh.service_secret(service))
        )
    return (("authorization", f"Bearer {issued.access_token}"),)


@pytest.fixture(scope="session")
def admin(rest: httpx.Client, mesh: Profile) -> RestUser:
    session = login(rest, mesh.admin_email, mesh.admin_password)
    return RestUser(mesh.admin_email, mesh.admin_password, session["user"]["name"], session["access_token"])
