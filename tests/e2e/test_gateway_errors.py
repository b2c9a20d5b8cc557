"""Every error the gateway makes itself has the shape of the services' errors: a google.rpc.Status JSON body
with an ErrorInfo (an UPPER_SNAKE reason, the gateway's domain) and a sentence a person can read. Route by
route, for each status Envoy answers on its own."""

from __future__ import annotations

import re
import time
import uuid

import httpx
import pytest

from scripts.mesh import Profile
from scripts.stack import Stack
from tests.rate_limit_window import in_one_rate_limit_window

GATEWAY_DOMAIN = "gateway.shopmesh.dev"


def _gateway_error(response: httpx.Response, status: int, code: int, reason: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    (info,) = body["details"]
    assert info["@type"] == "type.googleapis.com/google.rpc.ErrorInfo"
    assert (info["reason"], info["domain"]) == (reason, GATEWAY_DOMAIN)
    assert re.fullmatch(r"[A-Z][A-Z_]+[A-Z]", info["reason"])
    assert re.fullmatch(r"[A-Z][^\n]+\.", body["message"]), body["message"]  # one sentence, no trailing blank
    if status != 431:  # oversized headers are refused before the request (and its id) exists
        assert info["metadata"]["request_id"] == response.headers["x-request-id"]
    return body


@pytest.mark.parametrize("path", ["/v1/nothing-here", "/shop.catalog.v1.Nope/Get", "/admin/nothing-here", "/.env"])
def test_an_unknown_route_is_route_not_found(rest: httpx.Client, path: str):
    """Only the storefront's own pages and files are its (``/admin`` is the console): any other path is this."""
    _gateway_error(rest.get(path), 404, 5, "ROUTE_NOT_FOUND")


def test_a_missing_token_is_authentication_required(rest: httpx.Client):
    body = _gateway_error(rest.get("/v1/users/me"), 401, 16, "AUTHENTICATION_REQUIRED")
    assert body["details"][0]["metadata"]["envoy"] == "Jwt is missing"  # Envoy's own words, kept for debugging
    bad = rest.get("/v1/products", headers={"authorization": "Bearer not-a-token"})
    _gateway_error(bad, 401, 16, "AUTHENTICATION_REQUIRED")


def test_malformed_json_is_malformed_request(rest: httpx.Client):
    answer = rest.post("/v1/sessions", content=b'{"email": ', headers={"content-type": "application/json"})
    _gateway_error(answer, 400, 3, "MALFORMED_REQUEST")


def test_an_oversized_body_and_oversized_headers(rest: httpx.Client):
    huge = rest.post(
        "/v1/users",
        content=b'{"display_name": "' + b"x" * (2 << 20) + b'"}',
        headers={"content-type": "application/json"},
    )
    _gateway_error(huge, 413, 8, "REQUEST_TOO_LARGE")
    crowded = rest.get("/v1/products", headers={"x-padding": "y" * (40 << 10)})
    _gateway_error(crowded, 431, 8, "HEADERS_TOO_LARGE")


# The local token bucket's 429 is checked in the same way by test_gateway_limits.py.
def test_rate_limited_by_the_global_limiter(rest: httpx.Client):
    client = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7"
    in_one_rate_limit_window()
    answers = [
        rest.post(
            "/v1/sessions",
            json={"email": f"limit-{uuid.uuid4().hex[:8]}@example.com", "password": "password123"},
            headers={"x-forwarded-for": client},
        )
        for _ in range(25)
    ]
    limited = next(a for a in answers if a.status_code == 429)
    _gateway_error(limited, 429, 8, "RATE_LIMITED")
    assert int(limited.headers["retry-after"]) >= 1


def test_a_service_that_is_down_is_service_unavailable(rest: httpx.Client, test_stack: Stack, mesh: Profile):
    test_stack.stop("recommendations")
    try:
        deadline = time.monotonic() + 20
        while True:  # Envoy's health checks notice within a few seconds
            answer = rest.get(f"/v1/products/{uuid.uuid4()}/recommendations")
            if answer.status_code == 503 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        _gateway_error(answer, 503, 14, "SERVICE_UNAVAILABLE")
    finally:
        test_stack.start("recommendations")
        deadline = time.monotonic() + 30
        while rest.get(f"/v1/products/{uuid.uuid4()}/recommendations").status_code == 503:
            assert time.monotonic() < deadline, "recommendations did not come back"
            time.sleep(0.5)
