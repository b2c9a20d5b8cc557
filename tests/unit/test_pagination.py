import base64
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from services.runtime import pagination
from services.runtime.errors import InvalidArgument
from services.runtime.pagination import PageTokens

TOKENS = PageTokens.from_secret("catalog-secret")
QUERY = pagination.fingerprint("products", "kitchen", "price", False)
positions = st.lists(st.one_of(st.integers(), st.text(max_size=40)), min_size=1, max_size=3)


def _refused(token: str, query: str = QUERY, tokens: PageTokens = TOKENS) -> InvalidArgument:
    with pytest.raises(InvalidArgument) as error:
        tokens.decode(token, query)
    assert error.value.reason == "INVALID_PAGE_TOKEN"
    assert error.value.violations[0].field == "page_token"
    return error.value


@given(positions)
def test_a_token_round_trips_the_position_for_the_same_query(after):
    assert TOKENS.decode(TOKENS.encode(QUERY, after), QUERY) == after


def test_an_empty_token_means_the_first_page():
    assert TOKENS.decode("", QUERY) is None


def test_a_token_of_another_query_is_invalid_page_token():
    token = TOKENS.encode(pagination.fingerprint("products", "kitchen"), ["a", "b"])
    assert "different query" in _refused(token, pagination.fingerprint("products", "garden")).message


def test_a_token_signed_by_another_service_or_stack_is_invalid_page_token():
    _refused(PageTokens.from_secret("another-secret").encode(QUERY, [1]))
    _refused(PageTokens.from_secret(None).encode(QUERY, [1]))


@given(positions, st.data())
def test_any_edit_of_a_token_is_invalid_page_token(after, data):
    """Flip, cut, extend or re-encode any part of a token the server issued: never a position it did not sign.
    The tag covers the token's text, so even a flip base64 would decode to the same bytes is refused."""
    token = TOKENS.encode(QUERY, after)
    edit = data.draw(st.sampled_from(["flip", "truncate", "extend", "drop_tag", "swap_position"]))
    if edit == "flip":
        at = data.draw(st.integers(0, len(token) - 1))
        replacement = data.draw(st.sampled_from("AZaz09-_.=").filter(lambda c: c != token[at]))
        edited = token[:at] + replacement + token[at + 1 :]
    elif edit == "truncate":
        edited = token[: data.draw(st.integers(0, len(token) - 1))]
    elif edit == "extend":
        edited = token + data.draw(st.text(alphabet="AZaz09-_.", min_size=1, max_size=8))
    elif edit == "drop_tag":
        edited = token.partition(".")[0]
    else:  # the query kept, the position replaced: the edit that used to reach a database query
        forged = json.dumps({"q": QUERY, "after": ["not-a-number", {"x": 1}]}).encode()
        edited = base64.urlsafe_b64encode(forged).decode().rstrip("=") + "." + token.partition(".")[2]
    if edited:  # an empty token is the first page, on purpose
        _refused(edited)


@pytest.mark.parametrize("garbage", ["%%%", "bm90IGpzb24", "eyJhIjoxfQ", "eyJhIjoxfQ.", ".", "a.b.c"])
def test_a_forged_token_is_invalid_page_token(garbage):
    _refused(garbage)


@pytest.mark.parametrize(("requested", "expected"), [(0, 20), (-5, 20), (7, 7), (1000, 100)])
def test_page_size_defaults_and_caps(requested, expected):
    assert pagination.page_size(requested, default=20, maximum=100) == expected


def test_a_page_query_fetches_one_row_more_to_know_whether_a_next_page_exists():
    query = pagination.fingerprint("things")
    page, token = TOKENS.cut(["a", "b", "c"], 2, query, lambda last: [last])
    assert page == ["a", "b"]
    assert TOKENS.decode(token, query) == ["b"]
    assert TOKENS.cut(["a", "b"], 2, query, lambda last: [last]) == (["a", "b"], "")
