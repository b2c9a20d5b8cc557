"""Search, end to end: catalog and stock changes reach the search read model through Kafka within 2 s, and
REST clients search it with typo tolerance, filters, facets, pagination and autocomplete."""

from __future__ import annotations

import os
import subprocess
import uuid

import asyncpg
import httpx

from scripts.mesh import ROOT, VENV_BIN, Profile, services
from tests.e2e.conftest import RestUser
from tests.e2e.rest_errors import field_violations
from tests.e2e.shopping import FRESH, new_product
from tests.eventually import until


def _word() -> str:
    """A made-up word no other product has, so a test sees only its own products."""
    return "zq" + "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:8])


def _search(rest: httpx.Client, **params: object) -> dict:
    response = rest.get("/v1/products:search", params=params, headers=FRESH)
    assert response.status_code == 200, response.text
    return response.json()


def _found(rest: httpx.Client, query: str, **params: object) -> list[str]:
    return [r["product"] for r in _search(rest, query=query, **params).get("results", [])]


def test_a_new_product_and_a_rename_are_searchable_within_two_seconds(rest: httpx.Client, admin: RestUser):
    word = _word()
    product = new_product(rest, admin, display_name=f"Enamel {word} kettle", stock=0)
    until(lambda: _found(rest, word) == [product["name"]], within=2.0)

    renamed = _word()
    response = rest.patch(
        f"/v1/{product['name']}",
        params={"update_mask": "display_name"},
        headers=admin.headers,
        json={"display_name": f"Enamel {renamed} kettle"},
    )
    assert response.status_code == 200, response.text
    until(lambda: _found(rest, renamed) == [product["name"]], within=2.0)
    assert _found(rest, word) == []


def test_misspelt_words_still_find_the_product_and_the_closest_match_ranks_first(rest: httpx.Client, admin: RestUser):
    word = _word()
    exact = new_product(rest, admin, display_name=f"{word} espresso grinder")
    other = new_product(rest, admin, display_name=f"{word} tea strainer", description="Fits any espresso cup")
    until(lambda: len(_found(rest, word)) == 2, within=5)

    typo = word[:-1] + ("a" if word[-1] != "a" else "b")  # one letter off
    assert _found(rest, f"{typo} espresso grinder")[0] == exact["name"]
    # The name outweighs the description.
    assert _found(rest, f"{word} espresso") == [exact["name"], other["name"]]


def test_filters_facets_and_pages(rest: httpx.Client, admin: RestUser):
    word = _word()
    cheap = new_product(rest, admin, display_name=f"{word} cheap", cents=500, stock=3)
    dear = new_product(rest, admin, display_name=f"{word} dear", cents=3000, stock=0)
    outdoor = new_product(
        rest, admin, display_name=f"{word} outdoor", cents=12000, category="categories/garden", stock=1
    )
    until(lambda: _search(rest, query=word).get("in_stock_count") == 2, within=5)

    everything = _search(rest, query=word)
    assert everything["total_size"] == 3
    assert {f["category"]: f["count"] for f in everything["category_facets"]} == {
        "categories/kitchen": 2,
        "categories/garden": 1,
    }
    bands = {
        (f["min_price"]["units"], f.get("max_price", {}).get("units")): f["count"] for f in everything["price_facets"]
    }
    assert bands == {("0", "10"): 1, ("25", "50"): 1, ("100", "250"): 1}

    kitchen = _search(rest, query=word, category="categories/kitchen")
    assert {r["product"] for r in kitchen["results"]} == {cheap["name"], dear["name"]}
    # The category facet ignores the category filter, so the user sees what the other categories hold.
    assert {f["category"] for f in kitchen["category_facets"]} == {"categories/kitchen", "categories/garden"}

    in_stock = _search(rest, query=word, in_stock_only="true")
    assert {r["product"] for r in in_stock["results"]} == {cheap["name"], outdoor["name"]}
    assert all(r["in_stock"] and int(r["available"]) > 0 for r in in_stock["results"])

    priced = _search(rest, query=word, **{"min_price.currency_code": "USD", "min_price.units": "10"})
    assert {r["product"] for r in priced["results"]} == {dear["name"], outdoor["name"]}

    first = _search(rest, query=word, page_size=2)
    second = _search(rest, query=word, page_size=2, page_token=first["next_page_token"])
    assert len(first["results"]) == 2
    assert len(second["results"]) == 1
    assert not second["next_page_token"]
    seen = [r["product"] for r in first["results"] + second["results"]]
    assert sorted(seen) == sorted([cheap["name"], dear["name"], outdoor["name"]])

    # Stock arriving for the dear one puts it in stock, through inventory's events.
    adjusted = rest.post("/v1/stockLevels:adjust", headers=admin.headers, json={"sku": dear["sku"], "delta": 4})
    assert adjusted.status_code == 200, adjusted.text
    until(lambda: dear["name"] in _found(rest, word, in_stock_only="true"), within=2.0)


def test_archived_products_disappear_and_autocomplete_suggests_names(rest: httpx.Client, admin: RestUser):
    word = _word()
    kept = new_product(rest, admin, display_name=f"{word.capitalize()} oven mitt")
    gone = new_product(rest, admin, display_name=f"{word.capitalize()} oven glove")
    until(lambda: len(_found(rest, word)) == 2, within=5)

    suggestions = rest.get("/v1/products:autocomplete", params={"prefix": word[:6]}, headers=FRESH).json()[
        "suggestions"
    ]
    assert {s["product"] for s in suggestions} == {kept["name"], gone["name"]}
    assert all(s["display_name"].lower().startswith(word[:6]) for s in suggestions)

    archived = rest.post(f"/v1/{gone['name']}:archive", headers=admin.headers, json={})
    assert archived.status_code == 200, archived.text
    until(lambda: _found(rest, word) == [kept["name"]], within=2.0)
    suggestions = rest.get("/v1/products:autocomplete", params={"prefix": word[:6]}, headers=FRESH).json()[
        "suggestions"
    ]
    assert [s["product"] for s in suggestions] == [kept["name"]]


def test_bad_searches_are_400_naming_the_field(rest: httpx.Client):
    inverted = rest.get(
        "/v1/products:search",
        params={
            "min_price.currency_code": "USD",
            "min_price.units": "50",
            "max_price.currency_code": "USD",
            "max_price.units": "10",
        },
    )
    assert inverted.status_code == 400
    assert field_violations(inverted) == {"max_price"}
    assert field_violations(rest.get("/v1/products:search", params={"page_token": "garbage"})) == {"page_token"}
    assert field_violations(rest.get("/v1/products:search", params={"category": "Kitchen!"})) == {"category"}
    assert field_violations(rest.get("/v1/products:autocomplete", params={"prefix": ""})) == {"prefix"}


async def test_rebuild_restores_a_lost_read_model_from_the_catalog(rest: httpx.Client, admin: RestUser, mesh: Profile):
    word = _word()
    product = new_product(rest, admin, display_name=f"{word} colander", stock=2)
    until(lambda: _found(rest, word) == [product["name"]], within=5)

    connection = await asyncpg.connect(mesh.database_url("search").replace("+asyncpg", ""))
    try:
        await connection.execute("DELETE FROM products WHERE name = $1", product["name"])
        await connection.execute("DELETE FROM stock WHERE sku = $1", product["sku"])
        await connection.execute(
            "INSERT INTO products (name, sku, display_name, description, category, currency, price_minor, price,"
            " price_max_minor, price_max, skus, active, update_time) VALUES ('products/ghost', 'GHOST-1', $1, '',"
            " 'categories/kitchen', 'USD', 100, 1, 100, 1, ARRAY['GHOST-1'], true, now())",
            f"{word} ghost",
        )
    finally:
        await connection.close()
    assert _found(rest, word) == ["products/ghost"]

    search = next(s for s in services() if s.name == "search")
    result = subprocess.run(
        [str(VENV_BIN / "python"), "-m", "services.search", "rebuild"],
        env={**os.environ, **mesh.service_env(search)},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "dropped" in result.stdout
    found = _search(rest, query=word, in_stock_only="true")["results"]
    assert [(r["product"], r["available"]) for r in found] == [(product["name"], "2")]
