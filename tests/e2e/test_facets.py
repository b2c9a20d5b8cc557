"""Typed attributes and facets end to end: a category declares its attributes, products are checked against
them, and search answers facets with counts for options and filterable attributes, filters by them (several
values of one facet are alternatives, facets combine), prices products over their variants and counts stock
per variant."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.e2e.conftest import RestUser
from tests.e2e.rest_errors import error_reason, field_violations
from tests.e2e.shopping import FRESH, new_product
from tests.eventually import until

ATTRIBUTES = [
    {
        "key": "material",
        "display_name": "Material",
        "type": "TYPE_CHOICE",
        "choices": ["wool", "cotton", "linen"],
        "filterable": True,
    },
    {"key": "weight", "display_name": "Weight", "type": "TYPE_NUMBER", "unit": "g", "filterable": True},
    {"key": "care", "display_name": "Care", "type": "TYPE_TEXT"},
]


@pytest.fixture
def category(rest: httpx.Client, admin: RestUser) -> str:
    category_id = f"knits-{uuid.uuid4().hex[:8]}"
    made = rest.post(
        "/v1/categories",
        headers=admin.headers,
        params={"category_id": category_id},
        json={"display_name": "Knits", "attributes": ATTRIBUTES},
    )
    assert made.status_code == 200, made.text
    assert [a["key"] for a in made.json()["category"]["attributes"]] == ["material", "weight", "care"]
    return made.json()["category"]["name"]


def _product(rest: httpx.Client, admin: RestUser, category: str, name: str, attributes: dict, colours: list[str]):
    options = [{"name": "Colour", "values": colours}] if colours else []
    product = new_product(rest, admin, display_name=name, category=category, stock=0, options=options)
    patched = rest.patch(
        f"/v1/{product['name']}",
        headers=admin.headers,
        params={"update_mask": "attributes"},
        json={"attributes": attributes},
    )
    assert patched.status_code == 200, patched.text
    if len(colours) > 1:
        generated = rest.post(f"/v1/{product['name']}:generateVariants", headers=admin.headers, json={})
        assert generated.status_code == 200, generated.text
        return generated.json()["product"]
    return patched.json()["product"]


def _search(rest: httpx.Client, category: str, *filters: str) -> dict:
    params: list[tuple[str, str]] = [("category", category), *(("facet_filters", f) for f in filters)]
    answer = rest.get("/v1/products:search", params=params, headers=FRESH)
    assert answer.status_code == 200, answer.text
    return answer.json()


def _facets(answer: dict) -> dict[str, dict[str, int]]:
    return {f["key"]: {v["value"]: v["count"] for v in f["values"]} for f in answer.get("attribute_facets", [])}


def test_products_are_checked_against_their_categorys_attributes(rest: httpx.Client, admin: RestUser, category: str):
    product = new_product(rest, admin, display_name="Checked Scarf", category=category, stock=0)
    refused = rest.patch(
        f"/v1/{product['name']}",
        headers=admin.headers,
        params={"update_mask": "attributes"},
        json={"attributes": {"material": "silk", "weight": "heavy", "colour": "red"}},
    )
    assert refused.status_code == 400
    assert error_reason(refused) == "INVALID_ATTRIBUTES"
    assert field_violations(refused) == {
        "product.attributes[material]",
        "product.attributes[weight]",
        "product.attributes[colour]",
    }
    accepted = rest.patch(
        f"/v1/{product['name']}",
        headers=admin.headers,
        params={"update_mask": "attributes"},
        json={"attributes": {"material": "wool", "weight": "180.50", "care": " hand   wash "}},
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["product"]["attributes"] == {"material": "wool", "weight": "180.5", "care": "hand wash"}
    # A definition its products would break cannot be changed: wool is in use.
    narrowed = [{**ATTRIBUTES[0], "choices": ["cotton", "linen"]}, *ATTRIBUTES[1:]]
    blocked = rest.patch(
        f"/v1/{category}", headers=admin.headers, params={"update_mask": "attributes"}, json={"attributes": narrowed}
    )
    assert (blocked.status_code, error_reason(blocked)) == (400, "ATTRIBUTE_IN_USE")
    widened = [{**ATTRIBUTES[0], "choices": ["wool", "cotton", "linen", "alpaca"]}, *ATTRIBUTES[1:]]
    changed = rest.patch(
        f"/v1/{category}", headers=admin.headers, params={"update_mask": "attributes"}, json={"attributes": widened}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["category"]["attributes"][0]["choices"][-1] == "alpaca"


def test_search_counts_and_filters_by_options_and_attributes(rest: httpx.Client, admin: RestUser, category: str):
    jumper = _product(rest, admin, category, "Facet Jumper", {"material": "wool", "weight": "450"}, ["Black", "Sand"])
    cardigan = _product(rest, admin, category, "Facet Cardigan", {"material": "cotton"}, ["Black"])
    scarf = _product(rest, admin, category, "Facet Scarf", {"material": "cotton", "care": "wash cold"}, [])
    sand = next(v for v in jumper["variants"] if v["option_values"][0]["value"] == "Sand")
    priced = rest.patch(
        f"/v1/{sand['name']}",
        headers=admin.headers,
        params={"update_mask": "price"},
        json={"price": {"currency_code": "USD", "units": "39"}},
    )
    assert priced.status_code == 200, priced.text
    stocked = rest.post("/v1/stockLevels:adjust", headers=admin.headers, json={"sku": sand["sku"], "delta": 4})
    assert stocked.status_code == 200, stocked.text

    def indexed() -> dict | None:
        answer = _search(rest, category)
        jumper_result = next((r for r in answer.get("results", []) if r["product"] == jumper["name"]), None)
        ready = answer.get("total_size") == 3 and jumper_result and jumper_result["max_price"]["units"] == "39"
        return answer if ready and jumper_result["available"] == "4" else None

    everything = until(indexed, within=10, what="the three products indexed with the jumper's price and stock")
    assert _facets(everything) == {
        "Colour": {"Black": 2, "Sand": 1},
        "material": {"cotton": 2, "wool": 1},
        "weight": {"450": 1},
    }
    by_key = {f["key"]: f for f in everything["attribute_facets"]}
    assert (by_key["Colour"]["option"], by_key["material"]["display_name"], by_key["weight"]["unit"]) == (
        True,
        "Material",
        "g",
    )
    assert "care" not in by_key  # not filterable
    jumper_result = next(r for r in everything["results"] if r["product"] == jumper["name"])
    assert (jumper_result["price"]["units"], jumper_result["max_price"]["units"], jumper_result["in_stock"]) == (
        "25",
        "39",
        True,
    )  # from $25, to $39; in stock through its Sand variant alone

    sand_only = _search(rest, category, "Colour=Sand")
    assert [r["product"] for r in sand_only["results"]] == [jumper["name"]]
    # A facet's own filter does not narrow its counts (a shopper can add Black), the others' do.
    assert _facets(sand_only)["Colour"] == {"Black": 2, "Sand": 1}
    assert _facets(sand_only)["material"] == {"wool": 1}

    either = _search(rest, category, "Colour=Sand", "Colour=Black")
    assert {r["product"] for r in either["results"]} == {jumper["name"], cardigan["name"]}
    cotton_black = _search(rest, category, "Colour=Black", "material=cotton")
    assert [r["product"] for r in cotton_black["results"]] == [cardigan["name"]]
    assert scarf["name"] in {r["product"] for r in _search(rest, category, "material=cotton")["results"]}


def test_malformed_facet_filters_are_refused(rest: httpx.Client):
    for bad in ("Colour", "=Black", "Colour=", "a=b=c"):
        answer = rest.get("/v1/products:search", params={"facet_filters": bad})
        assert answer.status_code == 400, (bad, answer.text)
        assert field_violations(answer) == {"facet_filters[0]"}
