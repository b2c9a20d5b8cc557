"""What mail may greet someone with: a display name is chosen by whoever registered, maybe under a victim's
address, so mail never repeats anything that reads as a link or an address."""

from datetime import UTC, datetime

import pytest

from services.notifications import domain


@pytest.mark.parametrize(
    "name",
    [
        "Visit evil-shop.example now",
        "go to http://phish",
        "www.bank-login.com",
        "write to help@evil.example",
        "xn--80ak6aa92e.com support",
        "",
        "\u200b\u202e",
    ],
)
def test_a_name_that_reads_as_a_link_or_says_nothing_is_greeted_as_there(name):
    assert domain.greeting_name(name) == "there"


def test_ordinary_names_are_kept_tidied_and_short():
    assert domain.greeting_name("  Ann\tLee ") == "Ann Lee"
    assert domain.greeting_name("J. R. R. Tolkien") == "J. R. R. Tolkien"
    long = domain.greeting_name("Bartholomew " * 10)
    assert len(long) <= 40
    assert long.endswith("…")


def test_every_mail_to_a_person_uses_the_safe_greeting():
    expire = datetime(2030, 1, 1, tzinfo=UTC)
    for mail in (
        domain.welcome("evil.example"),
        domain.email_verification("evil.example", "CODE123", expire, "http://localhost:8080"),
        domain.password_reset("evil.example", "CODE123", expire, "http://localhost:8080"),
    ):
        assert mail.body.startswith("Hello there,")
        assert "evil.example" not in mail.body


def test_the_code_mails_say_what_to_do_and_until_when():
    expire = datetime(2030, 1, 2, 3, 4, tzinfo=UTC)
    verify = domain.email_verification("Ann", "CODE123", expire, "https://shop.example")
    assert "Your code:\n\n    CODE123" in verify.body
    assert "https://shop.example/v1/users:verifyEmail" in verify.body
    assert "2030-01-02 03:04 UTC" in verify.body
    reset = domain.password_reset("Ann", "CODE456", expire, "https://shop.example")
    assert "Your code:\n\n    CODE456" in reset.body
    assert "signs you out everywhere" in reset.body
