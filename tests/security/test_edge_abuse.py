"""Abuse at the edge: one client cannot lock others out, guessing one account's password is throttled without
locking its owner out, and the per-client counts are shared by every gateway replica.

Clients are told apart by the address the gateway derives from its trusted proxy chain: these tests act as
remote clients by sending ``X-Forwarded-For`` (the local gateway trusts one proxy hop), each run with fresh
addresses so a rerun within the minute starts clean.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator

import httpx
import pytest

from scripts.mesh import Profile
from scripts.rate_limits import STRICT_PER_ACCOUNT, STRICT_PER_CLIENT
from tests.e2e.conftest import RestUser, register
from tests.gateway_replica import gateway_replica
from tests.rate_limit_window import BelowTheBackstop, in_one_rate_limit_window


def _client_address() -> str:
    return f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"


_PACE = BelowTheBackstop()  # one pace for every login of this module: tests follow each other within a second


def _login(rest: httpx.Client, email: str, password: str, client: str) -> httpx.Response:
    _PACE.wait()
    return rest.post("/v1/sessions", json={"email": email, "password": password}, headers={"x-forwarded-for": client})


def _error_reason(response: httpx.Response) -> str:
    body = response.json()
    return next(d["reason"] for d in body["details"] if "reason" in d)


def test_one_client_flooding_login_is_cut_off_and_another_client_still_logs_in(rest: httpx.Client, customer: RestUser):
    in_one_rate_limit_window()
    attacker, shopper = _client_address(), _client_address()
    run = uuid.uuid4().hex[:8]
    # Credential stuffing: a different account each time, so only the gateway's per-client limit applies.
    answers = [
        _login(rest, f"stuffed-{run}-{n}@example.com", "password123", attacker) for n in range(STRICT_PER_CLIENT + 3)
    ]
    codes = [a.status_code for a in answers]
    assert codes[:STRICT_PER_CLIENT] == [401] * STRICT_PER_CLIENT
    assert codes[STRICT_PER_CLIENT:] == [429] * 3
    refused = answers[-1]
    assert refused.json()["code"] == 8  # RESOURCE_EXHAUSTED, the google.rpc.Status shape of every error
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert refused.headers["x-ratelimit-remaining"] == "0"
    # The flood cost the shopper nothing: same route, same minute, another address.
    assert _login(rest, customer.email, customer.password, shopper).status_code == 200
    # And the attacker may still browse (its login allowance is per route).
    assert rest.get("/v1/products", params={"page_size": 1}, headers={"x-forwarded-for": attacker}).status_code == 200


def test_a_client_cannot_pick_its_own_address_past_the_trusted_proxy(rest: httpx.Client):
    """A forged X-Forwarded-For entry to the left of the one the trusted proxy adds is ignored."""
    in_one_rate_limit_window()
    proxy_seen, run = _client_address(), uuid.uuid4().hex[:8]
    codes = []
    for n in range(STRICT_PER_CLIENT + 1):
        forged = f"{_client_address()}, {proxy_seen}"  # a fresh made-up address each time, then the real one
        codes.append(_login(rest, f"forger-{run}-{n}@example.com", "password123", forged).status_code)
    assert codes[-1] == 429


def test_guessing_one_accounts_password_is_throttled_but_its_owner_still_logs_in(rest: httpx.Client):
    victim = register(rest)
    attacker, owner = _client_address(), _client_address()
    guesses = [_login(rest, victim.email, f"guess-{n}", attacker) for n in range(5)]
    assert [(g.status_code, _error_reason(g)) for g in guesses] == [(401, "INVALID_CREDENTIALS")] * 5
    # The sixth try from that address is refused before the password is even checked, right or wrong.
    throttled = _login(rest, victim.email, victim.password, attacker)
    assert throttled.status_code == 429
    assert _error_reason(throttled) == "LOGIN_THROTTLED"
    assert 800 <= int(throttled.headers["retry-after"]) <= 900  # the 15-minute window
    retry = next(d for d in throttled.json()["details"] if "retry_delay" in d)
    assert retry["retry_delay"].endswith("s")
    # The owner, elsewhere, is not locked out, and their success does not reset the attacker's count.
    assert _login(rest, victim.email, victim.password, owner).status_code == 200
    again = _login(rest, victim.email, victim.password, attacker)
    assert (again.status_code, _error_reason(again)) == (429, "LOGIN_THROTTLED")
    # Unknown accounts are throttled the same way: the answer never tells whether an account exists.
    ghost = f"ghost-{uuid.uuid4().hex[:8]}@example.com"
    answers = [_login(rest, ghost, "x" * 12, attacker) for _ in range(6)]
    assert [(a.status_code, _error_reason(a)) for a in answers] == [(401, "INVALID_CREDENTIALS")] * 5 + [
        (429, "LOGIN_THROTTLED")
    ]


@pytest.fixture
def second_gateway(mesh: Profile) -> Iterator[str]:
    with gateway_replica(mesh, 18380, 18381) as url:
        yield url


def test_gateway_replicas_share_each_clients_count(rest: httpx.Client, second_gateway: str):
    in_one_rate_limit_window()
    client, run = _client_address(), uuid.uuid4().hex[:8]
    half = STRICT_PER_CLIENT // 2
    with httpx.Client(base_url=second_gateway, timeout=10) as other:
        codes = [_login(rest, f"split-{run}-a{n}@example.com", "password123", client).status_code for n in range(half)]
        codes += [
            _login(other, f"split-{run}-b{n}@example.com", "password123", client).status_code
            for n in range(STRICT_PER_CLIENT - half)
        ]
        assert codes == [401] * STRICT_PER_CLIENT
        # Each replica alone has seen half the allowance; together they have seen all of it.
        assert _login(other, f"split-{run}-c@example.com", "password123", client).status_code == 429
        assert _login(rest, f"split-{run}-d@example.com", "password123", client).status_code == 429


def test_one_account_is_limited_on_checkout_whatever_addresses_it_comes_from(rest: httpx.Client):
    """A stolen account testing cards through a pool of proxies: each address is new, the account is not."""
    thief, bystander = register(rest), register(rest)

    # Paced below the gateway's per-replica backstop: every refusal here is the per-account limit of the rate limit
    # service and nothing else.
    def attempt(user: RestUser) -> httpx.Response:
        _PACE.wait()
        headers = {**user.headers, "x-forwarded-for": _client_address()}
        return rest.post("/v1/orders:checkout", json={}, headers=headers)

    in_one_rate_limit_window()
    answers = [attempt(thief) for _ in range(STRICT_PER_ACCOUNT + 2)]
    codes = [a.status_code for a in answers]
    assert 429 not in codes[:STRICT_PER_ACCOUNT]  # refused for the empty body, counted all the same
    assert codes[STRICT_PER_ACCOUNT:] == [429, 429]
    assert all(a.headers["x-ratelimit-remaining"] == "0" for a in answers[STRICT_PER_ACCOUNT:])
    assert attempt(bystander).status_code != 429  # another account is untouched
