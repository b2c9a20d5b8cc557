"""Who may do what on Kafka, read from the mesh itself (no list to keep in sync).

Each service is its own principal (``User:<service>``). From ``services/mesh.toml`` (a service's
``events_topic`` and ``consumer_group``) and each consumer's ``TOPICS`` in ``services/<name>/bootstrap.py``:

- a publisher may write (and describe) its own events topic, nothing else;
- a consumer may read the topics it consumes and use its own group, write and read its dead-letter topic and
  read with the ``<group>.redrive`` group (``dead-letters list``). Republishing dead letters to the topic they
  came from (``dead-letters redrive``) is an operator's act: it needs a principal allowed to write that topic.

Everything else is refused: the brokers run with ``allow.everyone.if.no.acl.found=false``. The stack applies
this with ``scripts/kafka/KafkaAccess.java``; the chart ships it (``helm/shopmesh/files/kafka-acls.json``)
for whoever runs the brokers (Strimzi ``KafkaUser`` resources, say).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from scripts.mesh import ROOT, MeshService, services


@dataclass(frozen=True, order=True)
class Acl:
    principal: str
    resource: str  # TOPIC | GROUP
    name: str
    operation: str  # READ | WRITE | DESCRIBE

    def as_json(self) -> dict[str, str]:
        return {"principal": self.principal, "resource": self.resource, "name": self.name, "operation": self.operation}


def consumed_topics(service: MeshService) -> tuple[str, ...]:
    """The ``TOPICS`` a consumer service's bootstrap subscribes its group to."""
    if not service.consumer_group:
        return ()
    tree = ast.parse((ROOT / "services" / service.name / "bootstrap.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "TOPICS" for t in node.targets):
            return tuple(ast.literal_eval(node.value))
    raise ValueError(f"services/{service.name}/bootstrap.py consumes events but declares no TOPICS")


def acls() -> list[Acl]:
    granted: set[Acl] = set()
    for service in services():
        principal = f"User:{service.name}"
        if service.events_topic:
            granted |= {Acl(principal, "TOPIC", service.events_topic, op) for op in ("WRITE", "DESCRIBE")}
        if service.consumer_group and service.dead_letter_topic:
            for topic in consumed_topics(service):
                granted |= {Acl(principal, "TOPIC", topic, op) for op in ("READ", "DESCRIBE")}
            granted |= {Acl(principal, "TOPIC", service.dead_letter_topic, op) for op in ("WRITE", "READ", "DESCRIBE")}
            for group in (service.consumer_group, f"{service.consumer_group}.redrive"):
                granted |= {Acl(principal, "GROUP", group, op) for op in ("READ", "DESCRIBE")}
    return sorted(granted)


def principals() -> list[str]:
    """Every service that talks to Kafka (and so has a SCRAM user)."""
    return [s.name for s in services() if s.uses_kafka]
