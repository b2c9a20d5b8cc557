"""What an operator sees: a checkout's trace in the stack's Zipkin, its metrics in the stack's Prometheus, and
dashboards whose every query works on a real scrape (both backends queried over their HTTP APIs)."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest

from scripts import monitoring
from scripts.mesh import Profile, services
from tests.e2e.conftest import RestUser
from tests.e2e.shopping import DECLINED, add_to_cart, checkout, new_product
from tests.eventually import until

CHECKOUT = "/shop.orders.v1.OrdersService/Checkout"


def _traced_checkout(rest: httpx.Client, admin: RestUser, customer: RestUser, card: str) -> tuple[str, int]:
    """A checkout through the gateway with a request id of our own: (that id, the HTTP status)."""
    product = new_product(rest, admin, stock=5)
    add_to_cart(rest, customer, product)
    request_id = str(uuid.uuid4())
    rest.headers["x-request-id"] = request_id
    try:
        answer = checkout(rest, customer, card=card)
    finally:
        del rest.headers["x-request-id"]
    assert answer.headers["x-request-id"] == request_id  # the id a client can quote is the one traced
    return request_id, answer.status_code


def _trace(mesh: Profile, request_id: str) -> list[dict[str, Any]]:
    """The spans of the trace whose gateway span carries ``request_id`` (empty until Zipkin has it)."""
    found = httpx.get(
        f"{mesh.zipkin_url}/api/v2/traces", params={"annotationQuery": f"guid:x-request-id={request_id}", "limit": 5}
    )
    assert found.status_code == 200, found.text
    traces = found.json()
    assert len(traces) <= 1, "one request, one trace"
    return traces[0] if traces else []


def _spans(trace: list[dict[str, Any]]) -> set[tuple[str, str, str]]:
    return {(s["localEndpoint"]["serviceName"], s.get("kind", ""), s["name"]) for s in trace}


# Spans a checkout's trace must hold: (service, kind, name) as Zipkin stores them (names lower-cased).
_CHECKOUT_SPANS = {
    ("shopmesh-gateway", "SERVER", None),
    ("shopmesh-orders", "SERVER", "/shop.orders.v1.ordersservice/checkout"),
    ("shopmesh-cart", "SERVER", "/shop.cart.v1.cartservice/getcart"),
    ("shopmesh-catalog", "SERVER", "/shop.catalog.v1.catalogservice/priceitems"),
    ("shopmesh-shipping", "SERVER", "/shop.shipping.v1.shippingservice/quoteshipping"),
    ("shopmesh-inventory", "SERVER", "/shop.inventory.v1.inventoryservice/reservestock"),
    ("shopmesh-payments", "SERVER", "/shop.payments.v1.paymentsservice/authorizepayment"),
    ("shopmesh-shipping", "SERVER", "/shop.shipping.v1.shippingservice/createshipment"),
    ("shopmesh-cart", "SERVER", "/shop.cart.v1.cartservice/removeordereditems"),
    ("shopmesh-orders", "CLIENT", "postgresql transaction"),
    ("shopmesh-inventory", "CLIENT", "postgresql transaction"),
    ("shopmesh-cart", "CLIENT", "redis hdel"),
    ("shopmesh-orders", "PRODUCER", "shop.orders.events publish"),
    ("shopmesh-inventory", "PRODUCER", "shop.inventory.events publish"),
    ("shopmesh-notifications", "CONSUMER", "shop.orders.v1.orderconfirmed process"),
    ("shopmesh-analytics", "CONSUMER", "shop.orders.v1.orderconfirmed process"),
    ("shopmesh-recommendations", "CONSUMER", "shop.orders.v1.orderconfirmed process"),
    ("shopmesh-search", "CONSUMER", "shop.inventory.v1.stockavailabilitychanged process"),
    ("shopmesh-notifications", "CLIENT", "smtp send"),
}


def _covers(trace: list[dict[str, Any]]) -> bool:
    seen = _spans(trace)
    return all(
        any(s[:2] == (svc, kind) and (name is None or s[2] == name) for s in seen)
        for svc, kind, name in _CHECKOUT_SPANS
    )


@pytest.mark.slow
def test_a_checkout_through_the_gateway_is_one_trace_from_envoy_to_the_mail(
    rest: httpx.Client, mesh: Profile, admin: RestUser, customer: RestUser
):
    request_id, status = _traced_checkout(rest, admin, customer, card="4242424242424242")
    assert status == 200

    trace = until(lambda: (t := _trace(mesh, request_id)) and _covers(t) and t, within=30, what="the whole trace")

    assert len({s["traceId"] for s in trace}) == 1
    ids = {s["id"] for s in trace}
    roots = [s for s in trace if "parentId" not in s]
    assert [(r["localEndpoint"]["serviceName"], r["kind"]) for r in roots] == [("shopmesh-gateway", "SERVER")]
    orphans = [s["name"] for s in trace if "parentId" in s and s["parentId"] not in ids]
    assert orphans == [], "every span hangs from another span of the same trace: one tree"
    checkout_span = next(s for s in trace if s["name"] == CHECKOUT.lower())
    assert checkout_span["tags"]["rpc.grpc.status_code"] == "OK"


@pytest.mark.slow
def test_a_declined_card_is_marked_on_the_checkout_span_with_its_code_and_reason(
    rest: httpx.Client, mesh: Profile, admin: RestUser, customer: RestUser
):
    request_id, status = _traced_checkout(rest, admin, customer, card=DECLINED)
    assert status == 400

    def declined_spans() -> list[dict[str, Any]]:
        trace = _trace(mesh, request_id)
        return [s for s in trace if s["name"] == CHECKOUT.lower()] and trace

    trace = until(declined_spans, within=30, what="the declined checkout's trace")
    checkout_span = next(s for s in trace if s["name"] == CHECKOUT.lower())
    assert checkout_span["tags"]["rpc.grpc.status_code"] == "FAILED_PRECONDITION"
    assert checkout_span["tags"]["shop.error.reason"] == "PAYMENT_DECLINED"
    gateway = {s["kind"]: s for s in trace if s["localEndpoint"]["serviceName"] == "shopmesh-gateway"}
    assert gateway["SERVER"]["tags"]["http.status_code"] == "400"  # what the REST client got
    assert gateway["CLIENT"]["tags"]["grpc.status_code"] == "9"  # FAILED_PRECONDITION, from orders


def _query(mesh: Profile, promql: str) -> list[dict[str, Any]]:
    answer = httpx.get(f"{mesh.prometheus_url}/api/v1/query", params={"query": promql})
    assert answer.status_code == 200, f"{promql}: {answer.text}"
    return answer.json()["data"]["result"]


def _value(mesh: Profile, promql: str) -> float:
    result = _query(mesh, promql)
    return float(result[0]["value"][1]) if result else 0.0


@pytest.mark.slow
def test_prometheus_counts_requests_by_code_and_saga_outcomes_and_the_outbox_drains(
    rest: httpx.Client, mesh: Profile, admin: RestUser, customer: RestUser
):
    measures = {
        "checkouts ok": f'sum(shopmesh_rpc_server_handled_total{{service="orders", method="{CHECKOUT}", code="OK"}})',
        "checkouts refused": (
            f'sum(shopmesh_rpc_server_handled_total{{method="{CHECKOUT}", code="FAILED_PRECONDITION"}})'
        ),
        "products not found": 'sum(shopmesh_rpc_server_handled_total{service="catalog", code="NOT_FOUND"})',
        "confirmed": 'sum(shopmesh_checkouts_finished_total{result="confirmed"})',
        "declined": 'sum(shopmesh_checkouts_finished_total{result="cancelled", reason="PAYMENT_DECLINED"})',
        "checkout latency observations": f'sum(shopmesh_rpc_server_handling_seconds_count{{method="{CHECKOUT}"}})',
    }
    before = {name: _value(mesh, q) for name, q in measures.items()}

    _, ok = _traced_checkout(rest, admin, customer, card="4242424242424242")
    _, refused = _traced_checkout(rest, admin, customer, card=DECLINED)
    missing = rest.get(f"/v1/products/{uuid.uuid4()}")
    assert (ok, refused, missing.status_code) == (200, 400, 404)

    expected = {
        "checkouts ok": 1,
        "checkouts refused": 1,
        "products not found": 1,
        "confirmed": 1,
        "declined": 1,
        "checkout latency observations": 2,
    }

    def counted() -> dict[str, float] | None:
        now = {name: _value(mesh, q) - before[name] for name, q in measures.items()}
        return now if all(now[name] >= n for name, n in expected.items()) else None

    until(counted, within=30, what="the workload counted in Prometheus")
    # Every service answering through the pipeline is scraped, and the events of both checkouts left.
    assert {r["metric"]["service"] for r in _query(mesh, "up{job='shopmesh'} == 1")} == {s.name for s in services()}
    until(lambda: _query(mesh, "max(shopmesh_outbox_pending) == 0"), within=30, what="every outbox drained to Kafka")


_METRIC = re.compile(r"\b((?:shopmesh|envoy|process)_[a-z0-9_]+|up)\b")


def _metric_names(promql: str) -> set[str]:
    """The metric names a query reads (label matchers and ``by (...)`` lists taken out first)."""
    bare = re.sub(r"\{[^}]*\}|\bby \([^)]*\)", "", promql)
    return set(_METRIC.findall(bare))


@pytest.mark.slow
def test_every_dashboard_query_parses_and_every_metric_it_uses_is_scraped(mesh: Profile):
    scraped = until(
        lambda: set(httpx.get(f"{mesh.prometheus_url}/api/v1/label/__name__/values").json()["data"]) or None,
        within=15,
        what="a first scrape",
    )
    queries = monitoring.queries()
    assert len(queries) >= 20
    for dashboard, panel, promql in queries:
        answer = httpx.get(f"{mesh.prometheus_url}/api/v1/query", params={"query": promql})
        assert answer.status_code == 200, f"{dashboard} / {panel}: {promql} does not parse: {answer.text}"
        missing = {m for m in _metric_names(promql) if m not in scraped}
        assert not missing, f"{dashboard} / {panel} uses {missing}, which no target exposes"


def test_the_generated_dashboards_are_committed_and_name_a_question_per_panel():
    for name, text in monitoring.rendered_dashboards().items():
        assert (monitoring.DASHBOARDS / name).read_text() == text, f"{name} is stale: run `make gen`"
    for dashboard in monitoring.ALL:
        for panel in dashboard.panels:
            assert panel.question.endswith("?"), panel.title
