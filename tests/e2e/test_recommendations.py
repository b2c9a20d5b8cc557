"""Recommendations, end to end: confirmed orders (from Kafka) build co-purchase counts; products and users
get what is bought together, best sellers fill in, and archived or already bought products never show."""

from __future__ import annotations

import httpx

from tests.e2e.conftest import RestUser, register
from tests.e2e.shopping import FRESH, add_to_cart, buy, checkout, new_product, ship_and_deliver
from tests.eventually import until


def _for_product(rest: httpx.Client, product: dict) -> list[dict]:
    response = rest.get(f"/v1/{product['name']}/recommendations", params={"page_size": 5}, headers=FRESH)
    assert response.status_code == 200, response.text
    return response.json()["recommendations"]


def _for_user(rest: httpx.Client, user: RestUser) -> list[dict]:
    response = rest.get("/v1/recommendations", headers=user.headers, params={"page_size": 5})
    assert response.status_code == 200, response.text
    return response.json()["recommendations"]


def _together(recommendations: list[dict]) -> list[tuple[str, int]]:
    return [(r["product"], int(r["score"])) for r in recommendations if r["reason"] == "REASON_BOUGHT_TOGETHER"]


def test_bought_together_ranks_first_then_best_sellers(rest: httpx.Client, admin: RestUser, customer: RestUser):
    a, b, c, d = (new_product(rest, admin, display_name=f"Reco {x}") for x in "ABCD")
    buy(rest, customer, a, b)
    buy(rest, register(rest), a, b, c)
    buy(rest, register(rest), a, d)

    expected = [(b["name"], 2), (c["name"], 1), (d["name"], 1)]
    recommended = until(lambda: (r := _for_product(rest, a)) and sorted(_together(r)) == sorted(expected) and r)
    assert _together(recommended)[0] == (b["name"], 2)
    assert [r["reason"] for r in recommended[3:]] == ["REASON_BEST_SELLER"] * (len(recommended) - 3)
    assert a["name"] not in [r["product"] for r in recommended]
    assert recommended[0]["display_name"] == "Reco B"

    # For the customer who bought A and B: C scores with both, D with A; nothing they own is suggested.
    mine = _for_user(rest, customer)
    assert _together(mine) == [(c["name"], 2), (d["name"], 1)]
    assert not {a["name"], b["name"]} & {r["product"] for r in mine}

    archived = rest.post(f"/v1/{c['name']}:archive", headers=admin.headers, json={})
    assert archived.status_code == 200, archived.text
    until(lambda: c["name"] not in [r["product"] for r in _for_product(rest, a)])


def test_without_history_best_sellers_are_recommended(rest: httpx.Client, admin: RestUser, customer: RestUser):
    buy(rest, register(rest), new_product(rest, admin))
    fresh = until(lambda: _for_user(rest, customer))
    assert {r["reason"] for r in fresh} == {"REASON_BEST_SELLER"}
    scores = [int(r["score"]) for r in fresh]
    assert scores == sorted(scores, reverse=True)
    assert rest.get("/v1/recommendations").status_code == 401


def test_anyone_reads_the_best_sellers_most_sold_first(rest: httpx.Client, admin: RestUser):
    hit = new_product(rest, admin, display_name="Best seller of the week", stock=99)
    shopper = register(rest)
    add_to_cart(rest, shopper, hit, quantity=99)  # more than most products of a long-lived test stack sell
    assert checkout(rest, shopper).status_code == 200
    best = until(
        lambda: (
            (r := rest.get("/v1/bestSellers", params={"page_size": 50}, headers=FRESH).json()["recommendations"])
            and hit["name"] in [x["product"] for x in r]
            and r
        )
    )
    assert {r["reason"] for r in best} == {"REASON_BEST_SELLER"}
    units = [int(r["score"]) for r in best]
    assert units == sorted(units, reverse=True)
    assert next(r for r in best if r["product"] == hit["name"])["display_name"] == "Best seller of the week"
    archived = rest.post(f"/v1/{hit['name']}:archive", headers=admin.headers, json={})
    assert archived.status_code == 200, archived.text
    until(
        lambda: (
            hit["name"]
            not in [
                x["product"]
                for x in rest.get("/v1/bestSellers", params={"page_size": 50}, headers=FRESH).json()["recommendations"]
            ]
        )
    )


def test_a_cancelled_or_refunded_order_no_longer_counts_as_bought_together(
    rest: httpx.Client, admin: RestUser, customer: RestUser
):
    a, b, c, d = (new_product(rest, admin, display_name=f"Return {x}") for x in "ABCD")
    buy(rest, register(rest), a, c)
    cancelled = buy(rest, customer, a, b)
    refunded = buy(rest, register(rest), a, d)
    expected = sorted([(b["name"], 1), (c["name"], 1), (d["name"], 1)])
    until(lambda: sorted(_together(_for_product(rest, a))) == expected, what="three co-purchases counted")

    assert rest.post(f"/v1/{cancelled['name']}:cancel", headers=customer.headers, json={}).status_code == 200
    ship_and_deliver(rest, admin, refunded)
    assert rest.post(f"/v1/{refunded['name']}:refund", headers=admin.headers, json={}).status_code == 200
    until(lambda: _together(_for_product(rest, a)) == [(c["name"], 1)], what="the returned orders taken back")
    # B and D are no best sellers on the strength of returned units either.
    best = {r["product"] for r in _for_user(rest, register(rest))}
    assert not {b["name"], d["name"]} & best
