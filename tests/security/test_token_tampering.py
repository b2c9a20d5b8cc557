"""Everything the server issues and gets back may come back edited: a mutation fuzzer over page tokens (every list
and search a shopper or an admin pages through), etags and resource names, through the gateway like a client.

Whatever the edit, the answer is a 4xx that says what is wrong (a page token: 400 INVALID_PAGE_TOKEN), never a
5xx, and never another query's or another user's page.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.e2e.conftest import RestUser, register
from tests.e2e.shopping import add_to_cart, checkout, new_product

EXAMPLES = 40  # per list; each is one request through the gateway


@dataclass(frozen=True)
class Listing:
    """A list call: its path, its query, and who asks."""

    path: str
    params: dict[str, str]
    headers: dict[str, str]

    def get(self, rest: httpx.Client, token: str) -> httpx.Response:
        return rest.get(self.path, params={**self.params, "page_size": "1", "page_token": token}, headers=self.headers)


def _next_token(rest: httpx.Client, listing: Listing) -> str:
    response = listing.get(rest, "")
    assert response.status_code == 200, response.text
    token = response.json().get("next_page_token", "")
    assert token, f"{listing.path} has one page only: the test needs two items there"
    return token


def _reason(response: httpx.Response) -> str:
    return next((d["reason"] for d in response.json().get("details", []) if "reason" in d), "")


def _refused_as_a_bad_token(response: httpx.Response) -> None:
    assert response.status_code == 400, (response.status_code, response.text)
    assert _reason(response) == "INVALID_PAGE_TOKEN", response.text


def _flip(token: str, at: int, char: str) -> str:
    at %= len(token)
    replacement = char if char != token[at] else ("A" if token[at] != "A" else "B")
    return token[:at] + replacement + token[at + 1 :]


def _re_encoded(token: str) -> str:
    """The same bytes in standard base64 with padding instead of the URL-safe unpadded form."""
    body, _, tag = token.partition(".")
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    return base64.b64encode(raw).decode() + "." + tag


mutations: st.SearchStrategy[Callable[[str], str]] = st.one_of(
    st.builds(
        lambda at, char: lambda token: _flip(token, at, char),
        st.integers(0, 10_000),
        st.sampled_from("AZaz09-_.=+/%"),
    ),
    st.builds(lambda keep: lambda token: token[: max(1, keep % len(token))], st.integers(0, 10_000)),
    st.builds(lambda extra: lambda token: token + extra, st.text("AZaz09-_.=", min_size=1, max_size=12)),
    st.just(_re_encoded),
    st.just(lambda token: token.partition(".")[0]),  # the position without its signature
    st.just(lambda token: token.upper()),
)


@pytest.fixture(scope="module")
def listings(rest: httpx.Client, admin: RestUser) -> dict[str, Listing]:
    """A list of each kind with at least two items, and a second shopper's own."""
    shoppers = [register(rest), register(rest)]
    product = new_product(rest, admin, stock=10, display_name=f"Tamper {uuid.uuid4().hex[:6]}")
    for shopper in shoppers:
        for _ in range(2):
            add_to_cart(rest, shopper, product)
            assert checkout(rest, shopper).status_code == 200
    for n in range(2):
        promotion = {
            "display_name": f"Tamper test {n}",
            "kind": "KIND_PERCENT_OFF",
            "percent_off": 5,
            "start_time": "2026-01-01T00:00:00Z",
            "end_time": "2099-01-01T00:00:00Z",
            "products": [product["name"]],
        }
        created = rest.post("/v1/promotions", headers=admin.headers, json=promotion)
        assert created.status_code == 200, created.text
    return {
        "products": Listing("/v1/products", {}, {}),
        "products in a category": Listing("/v1/products", {"category": "categories/kitchen"}, {}),
        "categories": Listing("/v1/categories", {}, {}),
        "search": Listing("/v1/products:search", {"category": "categories/kitchen"}, {}),
        "orders": Listing("/v1/orders", {}, shoppers[0].headers),
        "another shopper's orders": Listing("/v1/orders", {}, shoppers[1].headers),
        "promotions": Listing("/v1/promotions", {}, admin.headers),
    }


KINDS = ["products", "products in a category", "categories", "search", "orders", "promotions"]


@pytest.mark.parametrize("kind", KINDS)
def test_an_edited_page_token_is_refused_as_such_never_a_5xx(rest: httpx.Client, listings, kind):
    listing = listings[kind]
    token = _next_token(rest, listing)
    assert listing.get(rest, token).status_code == 200  # the token as issued works

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(mutations)
    def edited(mutate):
        changed = mutate(token)
        if changed and changed != token:
            _refused_as_a_bad_token(listing.get(rest, changed))

    edited()


@pytest.mark.parametrize(
    ("issued_by", "used_by"),
    [
        ("products", "products in a category"),  # same list, another filter
        ("products in a category", "products"),
        ("products", "categories"),  # another list of the same service
        ("categories", "promotions"),
        ("orders", "another shopper's orders"),  # another user's page
        ("search", "products"),  # another service's token
    ],
)
def test_a_token_replayed_on_another_query_list_or_user_is_refused(rest: httpx.Client, listings, issued_by, used_by):
    token = _next_token(rest, listings[issued_by])
    _refused_as_a_bad_token(listings[used_by].get(rest, token))


def test_an_edited_etag_is_a_conflict_and_changes_nothing(rest: httpx.Client, admin: RestUser):
    product = new_product(rest, admin, stock=0, display_name="Etag Thing")
    etag = product["etag"]
    for edited in (etag[:-1], etag + "0", etag.upper(), "", '"' + etag + '"', "W/" + etag, "x" * 64):
        if edited == etag or not edited:
            continue
        answer = rest.patch(
            f"/v1/{product['name']}",
            params={"update_mask": "display_name"},
            headers=admin.headers,
            json={"display_name": "Renamed", "etag": edited},
        )
        assert answer.status_code in (400, 409), (edited, answer.status_code, answer.text)
    assert rest.get(f"/v1/{product['name']}").json()["product"]["display_name"] == "Etag Thing"


@given(st.text(st.characters(codec="ascii", exclude_categories=("Cc",)), min_size=1, max_size=80))
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_an_edited_resource_id_is_a_4xx(rest: httpx.Client, customer: RestUser, edited: str):
    for path in (f"/v1/products/{edited}", f"/v1/orders/{edited}", f"/v1/carts/anonymous-{edited}"):
        answer = rest.get(path.replace("#", "%23").replace("?", "%3F"), headers=customer.headers)
        assert answer.status_code < 500, (path, answer.status_code, answer.text)
