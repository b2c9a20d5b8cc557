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
