"""Recommendations' pure rules: the pairs an order adds, and how a list is topped up."""

from services.recommendations.domain import BEST_SELLER, BOUGHT_TOGETHER, Recommendation, fill, pairs


def test_an_order_adds_each_pair_of_distinct_products_once_each_way():
    assert pairs(["products/b", "products/a", "products/b"]) == [
        ("products/a", "products/b"),
        ("products/b", "products/a"),
    ]
    assert pairs(["products/a"]) == []


def _r(product: str, reason: str, score: int) -> Recommendation:
    return Recommendation(product, product.upper(), reason, score)


def test_best_sellers_top_up_without_repeats_or_excluded_products():
    together = [_r("b", BOUGHT_TOGETHER, 5)]
    best = [_r("a", BEST_SELLER, 90), _r("b", BEST_SELLER, 80), _r("c", BEST_SELLER, 70), _r("d", BEST_SELLER, 60)]
    assert [r.product for r in fill(together, best, {"a"}, 3)] == ["b", "c", "d"]
    assert fill(together, best, {"a"}, 3)[0].reason == BOUGHT_TOGETHER
    assert fill([], [], set(), 5) == []
