"""The address book through the gateway: saved shipping addresses with one default, kept private, limited to
20 per user even under concurrent saves, and usable at checkout by name (the order keeps a copy)."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx

from tests.e2e.conftest import RestUser, register
from tests.e2e.rest_errors import error_reason, field_violations
from tests.e2e.shopping import ADDRESS, add_to_cart, card_json, new_product

BOOK = "/v1/users/me/addresses"
OFFICE = {**ADDRESS, "recipient": "Ann Lee (office)", "line1": "500 Howard St", "postal_code": "94105"}
BERLIN = {
    "recipient": "Ann Lee",
    "line1": "Unter den Linden 1",
    "city": "Berlin",
    "postal_code": "10117",
    "country_code": "DE",
}


def _save(rest: httpx.Client, user: RestUser, label: str, address: dict, **extra: object) -> httpx.Response:
    return rest.post(BOOK, headers=user.headers, json={"label": label, "address": address, **extra})


def _saved(rest: httpx.Client, user: RestUser, label: str, address: dict, **extra: object) -> dict:
    answer = _save(rest, user, label, address, **extra)
    assert answer.status_code == 200, answer.text
    return answer.json()["saved_address"]


def _book(rest: httpx.Client, user: RestUser) -> list[dict]:
    answer = rest.get(BOOK, headers=user.headers)
    assert answer.status_code == 200, answer.text
    return answer.json().get("saved_addresses", [])


def test_one_address_is_the_default_and_the_mark_moves_as_the_book_changes(rest: httpx.Client, customer: RestUser):
    home = _saved(rest, customer, "Home", ADDRESS)
    assert home["default"] is True  # the first one saved
    assert home["name"].startswith(f"{customer.name}/addresses/")
    office = _saved(rest, customer, "  Office \u200b ", OFFICE)
    assert office["label"] == "Office"  # blanks collapsed, invisible characters dropped
    assert office.get("default", False) is False
    assert [a["label"] for a in _book(rest, customer)] == ["Home", "Office"]

    made_default = rest.patch(
        f"/v1/{office['name']}",
        headers=customer.headers,
        params={"update_mask": "default"},
        json={"default": True, "etag": office["etag"]},
    )
    assert made_default.status_code == 200, made_default.text
    assert [(a["label"], a.get("default", False)) for a in _book(rest, customer)] == [("Office", True), ("Home", False)]
    assert rest.get(f"{BOOK}/default", headers=customer.headers).json()["saved_address"]["label"] == "Office"

    stale = rest.patch(
        f"/v1/{office['name']}",
        headers=customer.headers,
        params={"update_mask": "label"},
        json={"label": "Work", "etag": office["etag"]},
    )
    assert stale.status_code == 409, stale.text
    undefault = rest.patch(
        f"/v1/{office['name']}", headers=customer.headers, params={"update_mask": "default"}, json={"default": False}
    )
    assert undefault.status_code == 400, undefault.text
    assert error_reason(undefault) == "DEFAULT_ADDRESS_REQUIRED"

    assert rest.delete(f"/v1/{office['name']}", headers=customer.headers).status_code == 200
    assert [(a["label"], a.get("default", False)) for a in _book(rest, customer)] == [("Home", True)]
    assert rest.delete(f"/v1/{office['name']}", headers=customer.headers).status_code == 404


def test_an_address_book_is_private_to_its_owner(rest: httpx.Client, customer: RestUser):
    home = _saved(rest, customer, "Home", ADDRESS)
    stranger = register(rest)
    assert rest.get(f"/v1/{home['name']}", headers=stranger.headers).status_code == 404
    assert rest.get(f"/v1/{customer.name}/addresses", headers=stranger.headers).status_code == 404
    assert rest.delete(f"/v1/{home['name']}", headers=stranger.headers).status_code == 404
    assert _book(rest, stranger) == []
    assert rest.get(BOOK).status_code == 401


def test_a_bad_address_is_refused_with_the_field_and_nothing_is_saved(rest: httpx.Client, customer: RestUser):
    for body, field in (
        ({"label": "Home"}, "saved_address.address"),
        ({"label": " ", "address": ADDRESS}, "saved_address.label"),
        ({"label": "Home", "address": {**ADDRESS, "country_code": "usa"}}, "saved_address.address.country_code"),
    ):
        refused = rest.post(BOOK, headers=customer.headers, json=body)
        assert refused.status_code == 400, refused.text
        assert field_violations(refused) == {field}
    assert _book(rest, customer) == []


def test_twenty_addresses_at_most_even_when_saved_at_once_and_a_retry_saves_once(
    rest: httpx.Client, customer: RestUser
):
    retried = {"request_id": str(uuid.uuid4())}  # REST: a query parameter (the body is the address)
    first = rest.post(BOOK, headers=customer.headers, params=retried, json={"label": "Home", "address": ADDRESS})
    again = rest.post(BOOK, headers=customer.headers, params=retried, json={"label": "Home", "address": ADDRESS})
    assert again.json()["saved_address"]["name"] == first.json()["saved_address"]["name"]
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(lambda n: _save(rest, customer, f"Drop {n}", ADDRESS).status_code, range(24)))
    assert sorted(codes) == [200] * 19 + [400] * 5
    book = _book(rest, customer)
    assert len(book) == 20
    assert sum(1 for a in book if a.get("default")) == 1
    full = _save(rest, customer, "One more", ADDRESS)
    assert error_reason(full) == "ADDRESS_BOOK_FULL"


def _checkout(rest: httpx.Client, user: RestUser, **where: object) -> httpx.Response:
    return rest.post(
        "/v1/orders:checkout",
        headers=user.headers,
        json={"request_id": str(uuid.uuid4()), "card": card_json(), **where},
    )


def test_checkout_ships_to_a_saved_address_by_name_and_the_order_keeps_it(
    rest: httpx.Client, customer: RestUser, admin: RestUser
):
    _saved(rest, customer, "Home", ADDRESS)
    berlin = _saved(rest, customer, "Berlin", BERLIN)
    add_to_cart(rest, customer, new_product(rest, admin))
    by_default = _checkout(rest, customer, saved_address="users/me/addresses/default")
    assert by_default.status_code == 200, by_default.text
    assert by_default.json()["order"]["shipping_address"]["line1"] == ADDRESS["line1"]

    add_to_cart(rest, customer, new_product(rest, admin))
    by_name = _checkout(rest, customer, saved_address=berlin["name"])
    assert by_name.status_code == 200, by_name.text
    order = by_name.json()["order"]
    assert order["shipping_address"]["city"] == "Berlin"
    moved = rest.patch(
        f"/v1/{berlin['name']}",
        headers=customer.headers,
        params={"update_mask": "address"},
        json={"address": {**BERLIN, "line1": "Alexanderplatz 1"}},
    )
    assert moved.status_code == 200, moved.text
    kept = rest.get(f"/v1/{order['name']}", headers=customer.headers).json()["order"]
    assert kept["shipping_address"]["line1"] == "Unter den Linden 1"


def test_checkout_needs_exactly_one_address_of_the_shopper_s_own(
    rest: httpx.Client, customer: RestUser, admin: RestUser
):
    stranger = register(rest)
    theirs = _saved(rest, stranger, "Theirs", ADDRESS)
    add_to_cart(rest, customer, new_product(rest, admin))
    neither = _checkout(rest, customer)
    both = _checkout(rest, customer, shipping_address=ADDRESS, saved_address="users/me/addresses/default")
    for refused in (neither, both):
        assert refused.status_code == 400, refused.text
        assert field_violations(refused) == {""}  # a rule about the request as a whole
        assert refused.json()["message"] == "invalid request: give exactly one of shipping_address and saved_address"
    no_book = _checkout(rest, customer, saved_address="users/me/addresses/default")
    assert no_book.status_code == 404, no_book.text
    someone_elses = _checkout(rest, customer, saved_address=theirs["name"])
    assert someone_elses.status_code == 400, someone_elses.text
    assert field_violations(someone_elses) == {"saved_address"}
    own_id = theirs["name"].rpartition("/")[2]
    guessed = _checkout(rest, customer, saved_address=f"users/me/addresses/{own_id}")
    assert guessed.status_code == 404, guessed.text  # their address under my name: not mine, so not found
    listed = rest.get("/v1/orders", headers=customer.headers).json().get("orders", [])
    assert listed == []  # nothing was placed
