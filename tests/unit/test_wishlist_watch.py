"""When a wishlisted product's price is news, and what the mail says (zero-decimal currencies exact)."""

from __future__ import annotations

from services.notifications import domain
from services.runtime.money import Money


def usd(cents: int) -> Money:
    return Money("USD", cents)


def test_only_a_price_below_the_last_one_told_is_news():
    assert domain.price_dropped(usd(2000), usd(1999))
    assert not domain.price_dropped(usd(2000), usd(2000))
    assert not domain.price_dropped(usd(2000), usd(2500))


def test_a_rise_and_a_fall_back_to_the_told_price_say_nothing_twice():
    watched = usd(2000)  # saved at 20.00
    for now in (usd(2500), usd(2000)):  # up, then back where it was: no mail, the mark stays
        assert not domain.price_dropped(watched, now)
    assert domain.price_dropped(watched, usd(1800))  # below the mark: mailed, and 18.00 becomes the mark
    watched = usd(1800)
    assert not domain.price_dropped(watched, usd(1900))


def test_prices_in_another_currency_are_never_compared():
    assert not domain.price_dropped(usd(2000), Money("EUR", 100))
    assert not domain.price_dropped(Money("JPY", 3000), usd(1))


def test_the_mails_name_the_product_both_prices_and_its_page():
    mail = domain.wishlist_price_drop("Ann Lee", "Steel Kettle", Money("JPY", 3000), Money("JPY", 2500), "https://x/p")
    assert mail.subject == "Price drop: Steel Kettle"
    assert "now costs 2500 JPY (it was 3000 JPY)" in mail.body
    assert "https://x/p" in mail.body
    back = domain.wishlist_back_in_stock("Ann Lee", "Steel Kettle", "https://x/p")
    assert back.subject == "Back in stock: Steel Kettle"
    assert "can be bought again" in back.body
