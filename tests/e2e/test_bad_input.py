"""Bad input through the gateway: 400 with every bad field named, and nothing written."""

import uuid

import asyncpg
import httpx

from scripts.mesh import Profile
from tests.e2e.conftest import RestUser
from tests.e2e.rest_errors import field_violations


async def _products_with_sku(mesh: Profile, sku: str) -> int:
    connection = await asyncpg.connect(mesh.database_url("catalog").replace("+asyncpg", ""))
    try:
        return await connection.fetchval("SELECT count(*) FROM products WHERE sku = $1", sku)
    finally:
        await connection.close()


async def test_missing_and_oversized_fields_are_400_and_nothing_is_written(
    rest: httpx.Client, admin: RestUser, mesh: Profile
):
    sku = f"BAD-{uuid.uuid4().hex[:8].upper()}"
    response = rest.post(
        "/v1/products",
        headers=admin.headers,
        json={"sku": sku, "display_name": "x" * 201, "description": "y" * 5001, "category": "categories/kitchen"},
    )
    assert response.status_code == 400
    assert {"product.display_name", "product.description"} <= field_violations(response)
    missing = rest.post("/v1/products", headers=admin.headers, json={"sku": sku, "category": "categories/kitchen"})
    assert missing.status_code == 400
    assert field_violations(missing) == {"product.display_name", "product.price"}
    assert await _products_with_sku(mesh, sku) == 0


def test_negative_page_size_is_400_naming_the_field(rest: httpx.Client):
    response = rest.get("/v1/products", params={"page_size": -1})
    assert response.status_code == 400
    assert field_violations(response) == {"page_size"}


def test_wrong_types_are_400(rest: httpx.Client, admin: RestUser):
    not_a_number = rest.get("/v1/products", params={"page_size": "lots"})
    assert not_a_number.status_code == 400
    wrong_json = rest.post("/v1/products", headers=admin.headers, json={"sku": ["a", "list"], "price": "free"})
    assert wrong_json.status_code == 400
    assert wrong_json.json()["code"] == 3


def test_unknown_query_parameters_are_400(rest: httpx.Client):
    response = rest.get("/v1/products", params={"page_sise": 5})
    assert response.status_code == 400


def test_registration_with_a_bad_email_and_short_password_names_both(rest: httpx.Client):
    response = rest.post("/v1/users", json={"email": "not-an-email", "password": "short", "display_name": "X"})
    assert response.status_code == 400
    assert field_violations(response) == {"email", "password"}


def test_a_second_account_with_the_same_email_is_409(rest: httpx.Client, customer: RestUser):
    response = rest.post("/v1/users", json={"email": customer.email, "password": "whatever long", "display_name": "Y"})
    assert response.status_code == 409
    assert response.json()["details"][0]["reason"] == "EMAIL_TAKEN"


def test_wrong_credentials_are_401_and_the_same_for_unknown_emails(rest: httpx.Client, customer: RestUser):
    wrong = rest.post("/v1/sessions", json={"email": customer.email, "password": "wrong password"})
    unknown = rest.post("/v1/sessions", json={"email": "ghost@example.com", "password": "wrong password"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
