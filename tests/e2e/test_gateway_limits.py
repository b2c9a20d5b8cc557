"""The gateway's limits: a burst of logins is cut off with 429 (and told when to retry), and the bucket refills;
oversized bodies and headers are refused before any service sees them."""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx

from scripts.mesh import Profile


def test_a_burst_of_logins_gets_429_with_a_status_body_then_recovers(mesh: Profile):
    # A real burst: all 80 leave together (a barrier) from one client. The bucket holds 20,
    # and each refused login costs identity a password hash (~1 s each when 16 run together on two cores), so
    # logins sent a few at a time could come in slower than the bucket refills and never meet the limit.
    burst = 80
    ready = threading.Barrier(burst)
    run = uuid.uuid4().hex[:8]
    with httpx.Client(base_url=mesh.gateway_url, timeout=30, limits=httpx.Limits(max_connections=burst)) as client:

        def attempt(n: int) -> httpx.Response:
            ready.wait()
            # A different account each time: identity's own throttle (per account and address) stays out of it.
            return client.post("/v1/sessions", json={"email": f"nobody-{run}-{n}@example.com", "password": "guess"})

        with ThreadPoolExecutor(max_workers=burst) as pool:
            responses = list(pool.map(attempt, range(burst)))
    limited = [r for r in responses if r.status_code == 429]
    assert limited, "no request was rate limited"
    assert limited[0].json()["code"] == 8  # RESOURCE_EXHAUSTED
    assert limited[0].json()["details"][0]["reason"] == "RATE_LIMITED"  # the gateway's error shape
    assert limited[0].headers["retry-after"] == "1"
    assert {r.status_code for r in responses} <= {401, 429}
    time.sleep(1.2)  # one fill interval
    with httpx.Client(base_url=mesh.gateway_url, timeout=10) as client:
        again = client.post("/v1/sessions", json={"email": f"nobody-{run}@example.com", "password": "guess"})
        assert again.status_code == 401
    # Browsing was never limited by the login bucket.
    with httpx.Client(base_url=mesh.gateway_url, timeout=10) as client:
        assert client.get("/v1/products", params={"page_size": 1}).status_code == 200


def test_a_body_over_a_mebibyte_is_413_and_oversized_headers_are_431(mesh: Profile):
    with httpx.Client(base_url=mesh.gateway_url, timeout=30) as client:
        huge = client.post(
            "/v1/users",
            content=b'{"email": "big@example.com", "display_name": "' + b"x" * (2 << 20) + b'"}',
            headers={"content-type": "application/json"},
        )
        assert huge.status_code == 413
        assert huge.json()["code"] == 8  # RESOURCE_EXHAUSTED, the same JSON shape as every other error
        crowded = client.get("/v1/products", headers={"x-padding": "y" * (40 << 10)})
        assert crowded.status_code == 431
        # An ordinary request on the same gateway is untouched.
        assert client.get("/v1/products", params={"page_size": 1}).status_code == 200
