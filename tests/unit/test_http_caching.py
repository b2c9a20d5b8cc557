"""The validators a cacheable answer carries: the same answer, the same strong ETag; any change, another."""

from services.runtime.http_caching import CachePolicy, entity_tag, validators
from shop.catalog.v1 import product_pb2


def _product(**fields) -> product_pb2.Product:
    return product_pb2.Product(name="products/p1", display_name="Mug", sku="MUG-1", **fields)


def test_equal_answers_share_a_strong_etag_and_any_change_makes_another():
    tag = entity_tag(_product())
    assert tag == entity_tag(_product())
    assert tag.startswith('"')
    assert tag.endswith('"')
    assert not tag.startswith("W/")
    assert len(tag) == 24  # 128 bits, base64url, quoted
    assert entity_tag(_product(description="now with a handle")) != tag


def test_cache_control_says_what_the_contract_declared():
    assert CachePolicy(10, 50).cache_control == "public, max-age=10, stale-while-revalidate=50"
    assert CachePolicy(60, 0).cache_control == "public, max-age=60"
    headers = dict(validators(_product(), CachePolicy(300, 600)))
    assert headers == {
        "etag": entity_tag(_product()),
        "cache-control": "public, max-age=300, stale-while-revalidate=600",
    }
