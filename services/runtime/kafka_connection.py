"""How a process reaches Kafka: the brokers and the principal it authenticates as.

Every Kafka client of the mesh (outbox relays, consumers and their dead-letter producers, the lag reporter,
the dead-letters command, the stack scripts and tests) is built from one :class:`KafkaConnection`, so all of
them authenticate the same way. The brokers authenticate with SASL/SCRAM and authorise with ACLs: each service
is its own principal that may write only its own events topic (and its dead letters) and read only the topics
it consumes (see ``scripts/kafka_access.py`` for the allow-list and ``services/mesh.toml`` for its source).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SecurityProtocol = Literal["PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL"]
SaslMechanism = Literal["SCRAM-SHA-256", "SCRAM-SHA-512"]


@dataclass(frozen=True)
class KafkaConnection:
    bootstrap_servers: str
    security_protocol: SecurityProtocol = "PLAINTEXT"
    sasl_mechanism: SaslMechanism = "SCRAM-SHA-512"
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.security_protocol.startswith("SASL") and not (self.username and self.password):
            raise ValueError(f"Kafka over {self.security_protocol} needs a username and a password")

    def client_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for any aiokafka client (producer, consumer, admin)."""
        kwargs: dict[str, Any] = {
            "bootstrap_servers": self.bootstrap_servers,
            "security_protocol": self.security_protocol,
        }
        if self.security_protocol.startswith("SASL"):
            kwargs |= {
                "sasl_mechanism": self.sasl_mechanism,
                "sasl_plain_username": self.username,
                "sasl_plain_password": self.password,
            }
        if self.security_protocol == "SASL_SSL":
            from aiokafka.helpers import create_ssl_context

            kwargs["ssl_context"] = create_ssl_context()  # the system's CA bundle verifies the brokers
        return kwargs

    def as_user(self, username: str, password: str) -> KafkaConnection:
        """The same brokers reached as another principal (tests, operator commands)."""
        protocol = self.security_protocol
        if protocol == "PLAINTEXT":
            protocol = "SASL_PLAINTEXT"
        return KafkaConnection(self.bootstrap_servers, protocol, self.sasl_mechanism, username, password)
