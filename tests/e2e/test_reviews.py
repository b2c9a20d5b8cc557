"""Reviews, end to end: a delivered order (learned from OrderDelivered on Kafka) unlocks a review; one per
customer and product; moderation decides what others see; the rating moves and its Redis cache follows."""

from __future__ import annotations

import time
import uuid

import httpx
import redis

from scripts.mesh import Profile
from tests.applied_events import events_applied
from tests.e2e.conftest import RestUser, register
from tests.e2e.rest_errors import field_violations
from tests.e2e.shopping import FRESH, buy, new_product, ship_and_deliver
from tests.eventually import until


def _review(rest: httpx.Client, user: RestUser, product: dict, rating: int, **extra: object) -> httpx.Response:
    return rest.post(
        f"/v1/{product['name']}/reviews",
        headers=user.headers,
        json={"rating": rating, "title": f"{rating} stars", "body": "Does what it says.", **extra},
    )


def _review_once_delivered(rest: httpx.Client, user: RestUser, product: dict, rating: int) -> dict:
    deadline = time.monotonic() + 10
    while (response := _review(rest, user, product, rating)).status_code == 400:
        assert response.json()["details"][0]["reason"] == "NOT_DELIVERED", response.text
        assert time.monotonic() < deadline, "the delivery never unlocked the review"
        time.sleep(0.1)
    assert response.status_code == 200, response.text
    return response.json()["review"]


def _moderate(rest: httpx.Client, admin: RestUser, review: dict, decision: str, reason: str = "") -> httpx.Response:
    return rest.post(
        f"/v1/{review['name']}:moderate", headers=admin.headers, json={"decision": decision, "reason": reason}
    )


def _rating(rest: httpx.Client, product: dict) -> dict:
    response = rest.get(f"/v1/{product['name']}/ratingSummary", headers=FRESH)
    assert response.status_code == 200, response.text
    return response.json()["rating_summary"]


def test_a_delivery_unlocks_one_review_which_counts_once_approved(
    rest: httpx.Client, admin: RestUser, customer: RestUser, mesh: Profile
):
    product = new_product(rest, admin)
    order = buy(rest, customer, product)

    early = _review(rest, customer, product, 5)
    assert early.status_code == 400
    assert early.json()["details"][0]["reason"] == "NOT_DELIVERED"

    ship_and_deliver(rest, admin, order)
    review = _review_once_delivered(rest, customer, product, 5)
    assert (review["state"], review["author"]) == ("STATE_PENDING", customer.name)

    again = _review(rest, customer, product, 1)
    assert again.status_code == 409, again.text
    assert review["name"] in again.text

    # Pending: its author sees it, nobody else does, and it does not count yet.
    assert rest.get(f"/v1/{review['name']}", headers=customer.headers).status_code == 200
    assert rest.get(f"/v1/{review['name']}").status_code == 404
    assert rest.get(f"/v1/{product['name']}/reviews", headers=FRESH).json()["reviews"] == []
    assert _rating(rest, product)["review_count"] == 0

    queue = rest.get("/v1/pendingReviews", headers=admin.headers, params={"page_size": 100})
    assert queue.status_code == 200
    assert rest.get("/v1/pendingReviews", headers=customer.headers).status_code == 403
    approval = _moderate(rest, admin, review, "DECISION_APPROVE")
    assert approval.status_code == 200, approval.text
    approved = approval.json()["review"]
    assert approved["state"] == "STATE_APPROVED"

    listed = rest.get(f"/v1/{product['name']}/reviews", headers=FRESH).json()
    assert [r["name"] for r in listed["reviews"]] == [review["name"]]
    assert listed["rating_summary"] == {
        "product": product["name"],
        "review_count": 1,
        "average_rating": 5,
        "star_counts": [0, 0, 0, 0, 1],
    }
    cache = redis.Redis.from_url(mesh.redis_url_as())
    assert cache.get(f"reviews:rating:{product['name']}") is not None

    # A second customer's 3 stars moves the average the moment it is approved.
    other = register(rest)
    ship_and_deliver(rest, admin, buy(rest, other, product))
    second = _review_once_delivered(rest, other, product, 3)
    assert _moderate(rest, admin, second, "DECISION_APPROVE").status_code == 200
    assert _rating(rest, product)["average_rating"] == 4
    assert _rating(rest, product)["star_counts"] == [0, 0, 1, 0, 1]

    # Editing an approved review sends it back to moderation: it stops counting until approved again.
    edited = rest.patch(
        f"/v1/{review['name']}",
        params={"update_mask": "rating"},
        headers=customer.headers,
        json={"rating": 4, "etag": approved["etag"]},
    )
    assert edited.status_code == 200, edited.text
    assert (edited.json()["review"]["rating"], edited.json()["review"]["state"]) == (4, "STATE_PENDING")
    assert _rating(rest, product)["review_count"] == 1
    # The etag read before the moderation is stale now.
    stale = rest.patch(
        f"/v1/{review['name']}",
        headers=customer.headers,
        json={"rating": 2, "title": "x", "body": "y", "etag": review["etag"]},
    )
    assert stale.status_code == 409
    # Someone else's review is not theirs to edit: it does not exist for them.
    assert (
        rest.patch(
            f"/v1/{review['name']}", headers=other.headers, json={"rating": 1, "title": "x", "body": "y"}
        ).status_code
        == 404
    )


def test_rejection_needs_a_reason_which_the_author_sees(rest: httpx.Client, admin: RestUser, customer: RestUser):
    product = new_product(rest, admin)
    ship_and_deliver(rest, admin, buy(rest, customer, product))
    review = _review_once_delivered(rest, customer, product, 1)

    assert field_violations(_moderate(rest, admin, review, "DECISION_REJECT")) == {"reason"}
    rejected = _moderate(rest, admin, review, "DECISION_REJECT", "Contains a phone number")
    assert rejected.status_code == 200, rejected.text
    mine = rest.get(f"/v1/{review['name']}", headers=customer.headers).json()["review"]
    assert (mine["state"], mine["rejection_reason"]) == ("STATE_REJECTED", "Contains a phone number")
    assert _rating(rest, product)["review_count"] == 0


def test_bad_reviews_are_400_naming_every_field_and_nothing_is_written(
    rest: httpx.Client, admin: RestUser, customer: RestUser
):
    product = new_product(rest, admin)
    response = rest.post(
        f"/v1/{product['name']}/reviews",
        headers=customer.headers,
        json={"rating": 6, "title": "x" * 121, "body": "x" * 4001},
    )
    assert response.status_code == 400
    assert field_violations(response) == {"review.rating", "review.title", "review.body"}
    missing = rest.post(f"/v1/{product['name']}/reviews", headers=customer.headers, json={"rating": 3})
    assert field_violations(missing) == {"review.title", "review.body"}
    assert rest.post(f"/v1/{product['name']}/reviews", json={"rating": 5, "title": "t", "body": "b"}).status_code == 401
    assert rest.get(f"/v1/{product['name']}/reviews/{uuid.uuid4()}").status_code == 404


def test_a_refunded_delivery_unlocks_no_review_but_another_kept_one_does(
    rest: httpx.Client, admin: RestUser, customer: RestUser, mesh: Profile
):
    product = new_product(rest, admin)
    first = buy(rest, customer, product)
    ship_and_deliver(rest, admin, first)
    before = events_applied(mesh, "reviews", "shop.orders.v1.OrderRefunded")
    refunded = rest.post(f"/v1/{first['name']}:refund", headers=admin.headers, json={})
    assert refunded.status_code == 200, refunded.text
    until(
        lambda: events_applied(mesh, "reviews", "shop.orders.v1.OrderRefunded") > before,
        within=15,
        what="reviews applied the refund",
    )

    locked = _review(rest, customer, product, 4)
    assert locked.status_code == 400
    assert locked.json()["details"][0]["reason"] == "NOT_DELIVERED"

    second = buy(rest, customer, product)
    ship_and_deliver(rest, admin, second)
    assert _review_once_delivered(rest, customer, product, 4)["state"] == "STATE_PENDING"
