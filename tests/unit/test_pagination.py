import pytest

from services.runtime import pagination
from services.runtime.errors import InvalidArgument


def test_a_token_round_trips_the_position_for_the_same_query():
    query = pagination.fingerprint("products", "kitchen", "price", False)
    token = pagination.encode(query, [1299, "6f1c"])
    assert pagination.decode(token, query) == [1299, "6f1c"]


def test_an_empty_token_means_the_first_page():
    assert pagination.decode("", pagination.fingerprint("x")) is None


def test_a_token_of_another_query_is_invalid_argument():
    token = pagination.encode(pagination.fingerprint("products", "kitchen"), ["a", "b"])
    with pytest.raises(InvalidArgument) as error:
        pagination.decode(token, pagination.fingerprint("products", "garden"))
    assert error.value.violations[0].field == "page_token"
    assert error.value.reason == "INVALID_PAGE_TOKEN"


@pytest.mark.parametrize("garbage", ["%%%", "bm90IGpzb24", "eyJhIjoxfQ"])
def test_a_forged_token_is_invalid_argument(garbage):
    with pytest.raises(InvalidArgument):
        pagination.decode(garbage, pagination.fingerprint("products"))


@pytest.mark.parametrize(("requested", "expected"), [(0, 20), (-5, 20), (7, 7), (1000, 100)])
def test_page_size_defaults_and_caps(requested, expected):
    assert pagination.page_size(requested, default=20, maximum=100) == expected


def test_a_page_query_fetches_one_row_more_to_know_whether_a_next_page_exists():
    query = pagination.fingerprint("things")
    page, token = pagination.cut(["a", "b", "c"], 2, query, lambda last: [last])
    assert page == ["a", "b"]
    assert pagination.decode(token, query) == ["b"]
    assert pagination.cut(["a", "b"], 2, query, lambda last: [last]) == (["a", "b"], "")
