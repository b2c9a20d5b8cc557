"""The attack suite drives the test stack like the e2e tests do: through the gateway and on the service ports."""

from tests.e2e.conftest import admin, customer, rest  # noqa: F401  (fixtures shared with the e2e tests)
