"""The gateway's rate limits: a burst of logins is cut off with 429, and the bucket refills."""

import time
from concurrent.futures import ThreadPoolExecutor

import httpx

from scripts.mesh import Profile


def test_a_burst_of_logins_gets_429_with_a_status_body_then_recovers(mesh: Profile):
    def attempt(_: int) -> httpx.Response:
        with httpx.Client(base_url=mesh.gateway_url, timeout=10) as client:
            return client.post("/v1/sessions", json={"email": "nobody@example.com", "password": "guess"})

    # All at once: the bucket holds 20, and each refused login costs identity a password hash (~1 s each when
    # 16 run together on two cores), so a burst sent 16 at a time can come in slower than the bucket refills.
    with ThreadPoolExecutor(max_workers=80) as pool:
        responses = list(pool.map(attempt, range(80)))
    limited = [r for r in responses if r.status_code == 429]
    assert limited, "no request was rate limited"
    assert limited[0].json()["code"] == 8  # RESOURCE_EXHAUSTED
    assert {r.status_code for r in responses} <= {401, 429}
    time.sleep(1.2)  # one fill interval
    with httpx.Client(base_url=mesh.gateway_url, timeout=10) as client:
        assert client.post("/v1/sessions", json={"email": "nobody@example.com", "password": "guess"}).status_code == 401
    # Browsing was never limited by the login bucket.
    with httpx.Client(base_url=mesh.gateway_url, timeout=10) as client:
        assert client.get("/v1/products", params={"page_size": 1}).status_code == 200
