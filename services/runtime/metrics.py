"""Prometheus metrics every service exposes on ``/metrics`` (``metrics_port``), beside the ones its own code
defines (saga outcomes, mail, expiries) and the consumers' and outbox's.

RED per RPC, measured in the pipeline for every unary method of our services (health and reflection are not
counted): ``shopmesh_rpc_server_handled_total{method, code}`` and the latency histogram
``shopmesh_rpc_server_handling_seconds{method}``. The scrape adds which service and instance answered, so
names here carry no service label. The database pool's use is read at scrape time.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

# Buckets around what operators ask of an RPC: the checkout SLO (200 ms) and the cheap reads (1-25 ms).
LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4)

RPC_HANDLED = Counter(
    "shopmesh_rpc_server_handled_total", "RPCs answered, by method and gRPC status code", ["method", "code"]
)
RPC_SECONDS = Histogram(
    "shopmesh_rpc_server_handling_seconds",
    "Time from an RPC's arrival in the handler to its answer",
    ["method"],
    buckets=LATENCY_BUCKETS,
)
DB_POOL = Gauge("shopmesh_db_pool_connections", "The database connection pool: connections in use and idle", ["state"])


def watch_pool(pool: object) -> None:
    """Reports ``pool`` (a SQLAlchemy QueuePool) in :data:`DB_POOL` whenever Prometheus scrapes."""
    DB_POOL.labels("in_use").set_function(lambda: pool.checkedout())  # type: ignore[attr-defined]
    DB_POOL.labels("idle").set_function(lambda: pool.checkedin())  # type: ignore[attr-defined]
