"""How many events a service's consumer has applied, as its Prometheus endpoint says: lets a test wait until an
event was applied before asserting what it changed (or did not)."""

from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from scripts.mesh import Profile


def events_applied(mesh: Profile, service: str, event_type: str) -> float:
    """Summed over the service's replicas (each applies the partitions its consumer group gave it)."""
    applied = 0.0
    for target in mesh.metrics_targets(service):
        text = httpx.get(f"http://{target}/metrics", timeout=5).text
        for family in text_string_to_metric_families(text):
            if family.name == "shopmesh_events_handled":
                for sample in family.samples:
                    if sample.name.endswith("_total") and sample.labels == {"consumer": service, "type": event_type}:
                        applied += sample.value
    return applied
