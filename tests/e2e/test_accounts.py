"""Accounts done properly, through the gateway as a person would: confirming the address with a mailed code
before buying or reviewing, resetting a forgotten password by mail, and mail that never repeats a link an
attacker put in a display name."""

from __future__ import annotations

import uuid

import httpx

from scripts.mailbox import account_code, messages_to, verification_code, wait_for_mail
from scripts.mesh import Profile
from tests.e2e.conftest import MAILDIR, RestUser, login, register
from tests.e2e.rest_errors import error_reason
from tests.e2e.shopping import add_to_cart, checkout, new_product
from tests.eventually import until


def test_an_unconfirmed_address_can_browse_but_not_buy_until_the_mailed_code_confirms_it(
    rest: httpx.Client, admin: RestUser
):
    shopper = register(rest, verified=False)
    product = new_product(rest, admin)
    add_to_cart(rest, shopper, product)
    refused = checkout(rest, shopper)
    assert refused.status_code == 400
    assert error_reason(refused) == "EMAIL_NOT_VERIFIED"
    assert "verifyEmail" in refused.json()["message"] or any(
        "verifyEmail" in v["description"] for d in refused.json()["details"] for v in d.get("violations", [])
    )

    code = verification_code(MAILDIR, shopper.email)
    confirmed = rest.post("/v1/users:verifyEmail", json={"token": code})
    assert confirmed.status_code == 200
    assert confirmed.json()["user"]["email_verified"] is True
    # A code works once.
    again = rest.post("/v1/users:verifyEmail", json={"token": code})
    assert again.status_code == 400
    assert error_reason(again) == "CODE_INVALID"
    # The token from before says "unconfirmed" until the session is renewed; a new login says otherwise.
    assert checkout(rest, shopper).status_code == 400
    shopper.token = login(rest, shopper.email, shopper.password)["access_token"]
    assert checkout(rest, shopper).status_code == 200
    me = rest.get("/v1/users/me", headers=shopper.headers).json()["user"]
    assert me["email_verified"] is True


def test_a_resent_code_replaces_the_first_and_a_confirmed_address_needs_none(rest: httpx.Client):
    shopper = register(rest, verified=False)
    first = verification_code(MAILDIR, shopper.email)
    resent = rest.post(f"/v1/{shopper.name}:resendEmailVerification", json={}, headers=shopper.headers)
    assert resent.status_code == 200
    until(
        lambda: len([m for m in messages_to(MAILDIR, shopper.email) if "Confirm your email" in m["Subject"]]) >= 2,
        within=20,
        what="the second verification mail",
    )
    second = verification_code(MAILDIR, shopper.email)
    assert second != first
    assert rest.post("/v1/users:verifyEmail", json={"token": first}).status_code == 400
    assert rest.post("/v1/users:verifyEmail", json={"token": second}).status_code == 200
    done = rest.post(f"/v1/{shopper.name}:resendEmailVerification", json={}, headers=shopper.headers)
    assert done.status_code == 400
    assert error_reason(done) == "EMAIL_ALREADY_VERIFIED"


def test_reviews_need_a_confirmed_address_too(rest: httpx.Client, admin: RestUser):
    shopper = register(rest, verified=False)
    product = new_product(rest, admin)
    review = rest.post(
        f"/v1/{product['name']}/reviews",
        json={"rating": 5, "title": "Great", "body": "Really great."},
        headers=shopper.headers,
    )
    assert review.status_code == 400
    assert error_reason(review) == "EMAIL_NOT_VERIFIED"


def test_a_forgotten_password_is_reset_by_mail_and_every_old_session_ends(rest: httpx.Client):
    owner = register(rest)
    old_session = login(rest, owner.email, owner.password)
    asked = rest.post("/v1/users:requestPasswordReset", json={"email": owner.email.upper()})
    assert asked.status_code == 200
    code = account_code(MAILDIR, owner.email, "Reset your ShopMesh password")
    # Asking again within the minute mails nothing more (nobody can flood an inbox through this call).
    assert rest.post("/v1/users:requestPasswordReset", json={"email": owner.email}).status_code == 200

    reset = rest.post("/v1/users:resetPassword", json={"token": code, "new_password": "a brand new password"})
    assert reset.status_code == 200
    resets = [m for m in messages_to(MAILDIR, owner.email) if "Reset your" in m["Subject"]]
    assert len(resets) == 1
    assert rest.post("/v1/sessions", json={"email": owner.email, "password": owner.password}).status_code == 401
    assert login(rest, owner.email, "a brand new password")["access_token"]
    # The session opened before the reset is over; the code does not work twice.
    refreshed = rest.post("/v1/sessions:refresh", json={"refresh_token": old_session["refresh_token"]})
    assert refreshed.status_code == 401
    reused = rest.post("/v1/users:resetPassword", json={"token": code, "new_password": "another new password"})
    assert reused.status_code == 400
    assert error_reason(reused) == "CODE_INVALID"


def test_a_reset_request_for_an_unknown_address_looks_the_same_and_mails_nobody(rest: httpx.Client):
    ghost = f"ghost-{uuid.uuid4().hex[:10]}@example.com"
    answer = rest.post("/v1/users:requestPasswordReset", json={"email": ghost})
    known = rest.post("/v1/users:requestPasswordReset", json={"email": register(rest).email})
    assert (answer.status_code, answer.json()) == (known.status_code, known.json()) == (200, {})
    assert not wait_for_mail(MAILDIR, ghost, "Reset", within=2)


def test_a_display_name_with_a_link_is_never_repeated_in_mail(rest: httpx.Client, mesh: Profile):
    email = f"victim-{uuid.uuid4().hex[:10]}@example.com"
    # Someone registers the victim's address, with a name meant to be read as an instruction.
    registered = rest.post(
        "/v1/users",
        json={
            "email": email,
            "password": "correct horse battery",
            "display_name": "Visit evil-shop.example\u202e now",
        },
    )
    assert registered.status_code == 200
    assert "\u202e" not in registered.json()["user"]["display_name"]  # invisible bidi override dropped
    (welcome,) = wait_for_mail(mesh.maildir, email, "Welcome")
    body = welcome.get_payload(decode=True).decode()
    assert body.startswith("Hello there,")
    assert "evil-shop" not in body
    (verify,) = wait_for_mail(mesh.maildir, email, "Confirm your email")
    assert "evil-shop" not in verify.get_payload(decode=True).decode()


def test_account_security_mail_cannot_be_turned_off(rest: httpx.Client, customer: RestUser):
    refused = rest.patch(
        "/v1/notificationPreferences",
        json={"opted_out": ["NOTIFICATION_TYPE_PASSWORD_RESET"]},
        headers=customer.headers,
    )
    assert refused.status_code == 400
    assert error_reason(refused) == "ALWAYS_SENT"
