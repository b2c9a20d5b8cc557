import pytest

from services.identity import domain
from services.runtime.errors import InvalidArgument


def test_emails_are_compared_without_case_or_blanks():
    assert domain.normalize_email("  Ann.Lee@Example.COM ") == "ann.lee@example.com"


@pytest.mark.parametrize("email", ["", "ann", "ann@", "@example.com", "ann@localhost"])
def test_malformed_emails_are_invalid(email):
    with pytest.raises(InvalidArgument):
        domain.normalize_email(email)


def test_display_names_are_tidied_and_never_blank():
    assert domain.display_name("  Ann   Lee ") == "Ann Lee"
    with pytest.raises(InvalidArgument):
        domain.display_name("   ")


def test_display_names_lose_invisible_and_control_characters():
    # A right-to-left override would make "gpj.exe" read "exe.jpg"; zero-width spaces hide text.
    assert domain.display_name("Ann\u202eeL\u200b Lee\x07") == "AnneL Lee"
    with pytest.raises(InvalidArgument):
        domain.display_name("\u200b\u200d\u2060")
