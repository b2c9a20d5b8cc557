"""The REST API fuzzed through the gateway from its own OpenAPI document (schemathesis): for every route,
generated requests — valid and invalid — as a logged-in customer. The bar: no answer is a 5xx, and every
answer has the shape the document promises (errors included: google.rpc.Status JSON)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from scripts.mesh import OPENAPI, Profile
from tests.e2e.conftest import RestUser

# Generated requests both valid and invalid, plus schemathesis' coverage phase: for every parameter and body
# field, the boundary values of its schema (lengths and ranges at and past their limits, each enum value, missing
# required fields, wrong types) — the deterministic probes random generation rarely reaches.
CONFIG = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": True}}, "generation": {"mode": "all"}})
schema = schemathesis.openapi.from_path(OPENAPI, config=CONFIG)

# Bounded so `make test` stays quick: a handful of generated requests per route, the same ones every run.
EXAMPLES_PER_ROUTE = 6


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_ROUTE,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_gets_a_server_error_and_every_answer_matches_the_document(
    case: schemathesis.Case, mesh: Profile, fuzz_customer: RestUser
):
    case.call_and_validate(
        base_url=mesh.gateway_url,
        headers=fuzz_customer.headers,
        checks=[not_a_server_error, response_schema_conformance],
        timeout=15,
    )
