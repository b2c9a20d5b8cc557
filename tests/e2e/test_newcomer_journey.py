"""The README's journey, through Envoy over REST, as a newcomer runs it."""

import uuid

import httpx

from tests.e2e.conftest import RestUser, login
from tests.eventually import until


def _new_product(category: str = "categories/kitchen") -> dict:
    return {
        "sku": f"E2E-{uuid.uuid4().hex[:10].upper()}",
        "display_name": "Cast Iron Griddle",
        "description": "Heavy.",
        "category": category,
        "price": {"currency_code": "USD", "units": "34", "nanos": 500000000},
        "attributes": {"material": "cast iron"},
        "image_uris": ["https://images.example/griddle.jpg"],
    }


def test_the_demo_catalog_pages_five_products_at_a_time(rest: httpx.Client):
    first = rest.get("/v1/products", params={"page_size": 5})
    assert first.status_code == 200
    body = first.json()
    assert len(body["products"]) == 5
    assert body["next_page_token"]
    second = rest.get("/v1/products", params={"page_size": 5, "page_token": body["next_page_token"]}).json()
    assert len(second["products"]) == 5
    assert not {p["name"] for p in body["products"]} & {p["name"] for p in second["products"]}
    # Demo products (tests add products elsewhere, but never to the coffee category) are fully described.
    product = rest.get("/v1/products", params={"page_size": 1, "category": "categories/coffee"}).json()["products"][0]
    assert product["price"]["currency_code"] == "USD"
    assert product["state"] == "STATE_ACTIVE"
    assert product["attributes"]
    # Pictures drawn when the demo was loaded, served by the gateway in sizes for srcset.
    (picture, *_) = product["images"]
    assert picture["state"] == "STATE_READY"
    assert picture["alt_text"].startswith(product["display_name"])
    assert {r["format"] for r in picture["renditions"]} == {"FORMAT_WEBP", "FORMAT_JPEG"}
    assert rest.get(picture["renditions"][0]["uri"]).status_code == 200


def test_the_demo_catalog_has_hundreds_of_products_across_categories(rest: httpx.Client):
    categories = rest.get("/v1/categories").json()["categories"]
    assert len(categories) >= 10
    total, token = 0, ""
    while True:
        page = rest.get("/v1/products", params={"page_size": 100, "page_token": token}).json()
        total += len(page["products"])
        token = page["next_page_token"]
        if not token:
            break
    assert total >= 300


def test_products_filter_by_category_and_sort_by_price(rest: httpx.Client):
    page = rest.get(
        "/v1/products", params={"category": "categories/coffee", "order_by": "price desc", "page_size": 25}
    ).json()["products"]
    assert {p["category"] for p in page} == {"categories/coffee"}
    prices = [int(p["price"]["units"]) * 100 + p["price"]["nanos"] // 10_000_000 for p in page]
    assert prices == sorted(prices, reverse=True)


def test_register_login_and_read_your_profile(rest: httpx.Client, customer: RestUser):
    session = login(rest, customer.email, customer.password)
    assert session["token_type"] == "Bearer"
    assert session["refresh_token"]
    assert session["user"]["email"] == customer.email
    me = rest.get("/v1/users/me", headers=customer.headers)
    assert me.status_code == 200
    assert me.json()["user"]["name"] == customer.name
    assert "password" not in me.text


def test_the_jwks_is_published_for_verifiers(rest: httpx.Client):
    keys = rest.get("/.well-known/jwks.json").json()["keys"]
    assert keys[0]["kty"] == "RSA"
    assert keys[0]["alg"] == "RS256"


def test_an_admin_manages_products_while_a_customer_gets_403_and_nobody_401(
    rest: httpx.Client, admin: RestUser, customer: RestUser
):
    assert rest.post("/v1/products", json=_new_product()).status_code == 401
    bad_token = rest.post("/v1/products", json=_new_product(), headers={"authorization": "Bearer not.a.jwt"})
    assert bad_token.status_code == 401
    forbidden = rest.post("/v1/products", json=_new_product(), headers=customer.headers)
    assert forbidden.status_code == 403
    assert forbidden.json()["details"][0]["reason"] == "ADMIN_REQUIRED"

    created = rest.post("/v1/products", json=_new_product(), headers=admin.headers)
    assert created.status_code == 200, created.text
    product = created.json()["product"]
    assert rest.get(f"/v1/{product['name']}").json()["product"]["display_name"] == "Cast Iron Griddle"

    updated = rest.patch(
        f"/v1/{product['name']}",
        params={"update_mask": "display_name,price"},
        json={"display_name": "Griddle XL", "price": {"currency_code": "USD", "units": "39"}, "etag": product["etag"]},
        headers=admin.headers,
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["product"]["display_name"] == "Griddle XL"
    assert (
        rest.patch(
            f"/v1/{product['name']}",
            params={"update_mask": "display_name"},
            json={"display_name": "Nope"},
            headers=customer.headers,
        ).status_code
        == 403
    )

    archived = rest.post(f"/v1/{product['name']}:archive", json={}, headers=admin.headers)
    assert archived.json()["product"]["state"] == "STATE_ARCHIVED"
    deleted = rest.delete(f"/v1/{product['name']}", headers=admin.headers)
    assert deleted.status_code == 200
    assert rest.get(f"/v1/{product['name']}", headers=admin.headers).status_code == 404  # at once for its writer
    # An anonymous reader may be answered from the gateway's cache for the documented max-age (README, "The edge").
    until(
        lambda: rest.get(f"/v1/{product['name']}").status_code == 404, within=10 + 1, what="the deletion, anonymously"
    )


def test_a_stale_etag_is_409_with_a_status_body(rest: httpx.Client, admin: RestUser):
    product = rest.post("/v1/products", json=_new_product(), headers=admin.headers).json()["product"]
    mask = {"update_mask": "display_name"}
    first = rest.patch(
        f"/v1/{product['name']}",
        params=mask,
        json={"display_name": "One", "etag": product["etag"]},
        headers=admin.headers,
    )
    assert first.status_code == 200
    stale = rest.patch(
        f"/v1/{product['name']}",
        params=mask,
        json={"display_name": "Two", "etag": product["etag"]},
        headers=admin.headers,
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == 10  # ABORTED
    assert stale.json()["details"][0]["reason"] == "ETAG_MISMATCH"
    assert rest.get(f"/v1/{product['name']}").json()["product"]["display_name"] == "One"


def test_an_unknown_product_is_404_with_resource_info(rest: httpx.Client):
    missing = f"products/{uuid.uuid4()}"
    response = rest.get(f"/v1/{missing}")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == 5
    assert any(d.get("resource_name") == missing for d in body["details"])


def test_an_unknown_route_is_404_json_and_never_reaches_a_service(rest: httpx.Client):
    for path in ("/v1/nothing-here", "/shop.catalog.v1.Nope/Get", "/admin/nothing-here"):
        response = rest.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("application/json")
        assert response.json()["code"] == 5
    # The shop's own pages are the storefront (web/src/pages.json), the admin console among them.
    for page in ("/", "/admin", "/products/any-id"):
        response = rest.get(page)
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert '<div id="app">' in response.text
    # A person who mistypes a page's address gets the shop saying so (a 404 the app renders), not JSON.
    mistyped = rest.get("/admin/nothing-here", headers={"accept": "text/html,application/xhtml+xml"})
    assert mistyped.status_code == 404
    assert '<div id="app">' in mistyped.text


def test_a_browser_preflight_from_a_local_app_is_allowed(rest: httpx.Client):
    response = rest.options(
        "/v1/products",
        headers={
            "origin": "http://localhost:3000",
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization, content-type",
        },
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "http://localhost:3000"
    assert "POST" in response.headers["access-control-allow-methods"]
    foreign = rest.options(
        "/v1/products", headers={"origin": "https://evil.example", "access-control-request-method": "POST"}
    )
    assert "access-control-allow-origin" not in foreign.headers
