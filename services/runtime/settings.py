"""Typed configuration read from ``SHOPMESH_*`` environment variables, once, in ``main()``.

Each service subclasses :class:`ServiceSettings` to add its own fields and its default port. Outside
``environment=dev`` every secret must be given: nothing falls back to a usable default.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.runtime.kafka_connection import KafkaConnection

Environment = Literal["dev", "test", "staging", "prod"]


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SHOPMESH_", extra="ignore", frozen=True)

    environment: Environment = "dev"
    # Address to listen on; 127.0.0.1 locally, 0.0.0.0 in a pod.
    host: str = "127.0.0.1"
    # 0 picks a free port (tests); services override the default.
    grpc_port: int = 0
    # SQLAlchemy URL, e.g. postgresql+asyncpg://user:pass@host:5432/catalog. Services with a database need it.
    database_url: str | None = None
    database_pool_size: int = 10
    # Apply Alembic migrations before serving (``migrate`` does it as its own step too).
    migrate_on_start: bool = True
    # Kafka brokers; services that publish events relay their outbox there. Unset: events wait in the outbox.
    kafka_bootstrap_servers: str | None = None
    # How this service authenticates to the brokers (see services/runtime/kafka_connection.py): SASL/SCRAM as
    # its own principal, whose ACLs let it write only its own topics and read only what it consumes.
    kafka_security_protocol: Literal["PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["SCRAM-SHA-256", "SCRAM-SHA-512"] = "SCRAM-SHA-512"
    kafka_username: str | None = None
    kafka_password: SecretStr | None = None
    # This service's Redis ACL user (services that keep data in Redis); it may touch only its own keys. Unset:
    # Redis's default user.
    redis_username: str | None = None
    redis_password: SecretStr | None = None
    # Where identity answers GetJwks; every service verifies access tokens with those keys.
    identity_target: str = "127.0.0.1:50051"
    # This service's client secret: traded at identity for the token it presents on internal calls
    # (see services/runtime/service_identity.py). Unset: it cannot call other services' internal methods.
    service_secret: SecretStr | None = None
    jwt_issuer: str = "shopmesh-identity"
    jwt_audience: str = "shopmesh"
    log_level: str = "INFO"
    # Where spans go: "none" keeps them in-process (ids still reach logs and peers), "console" prints them,
    # "zipkin" posts them to a Zipkin (v2 JSON API), "otlp" sends them over OTLP/HTTP (e.g. to a collector).
    trace_exporter: Literal["none", "console", "zipkin", "otlp"] = "none"
    # The exporter's URL, e.g. http://127.0.0.1:9411/api/v2/spans (zipkin), http://collector:4318/v1/traces
    # (otlp). Unset: the exporter's own default (and OTEL_EXPORTER_* variables).
    trace_endpoint: str | None = None
    # Share of the traces started here (requests arriving without a trace context) that are recorded; hops
    # further down follow the caller's decision. Trace ids reach logs and peers either way.
    trace_sample_ratio: float = Field(default=0.1, ge=0.0, le=1.0)
    # SIGTERM: health turns NOT_SERVING and new RPCs are still served for shutdown_delay_seconds (so load
    # balancers notice first), then the server stops taking RPCs and in-flight ones get the grace to finish.
    shutdown_delay_seconds: float = 0.0
    shutdown_grace_seconds: float = 10.0
    # How often the database is probed for the health status.
    health_probe_interval_seconds: float = 2.0
    # Run the service's Kafka consumers in this process. On Kubernetes the API pods turn this off and a
    # Deployment of their own runs them (same image, same command), so each scales on its own.
    run_consumers: bool = True
    # A consumed event that keeps failing is retried this many times, then dead-lettered.
    event_max_attempts: int = 5
    # Prometheus metrics (consumer lag, event failures...) on http://<host>:<metrics_port>/metrics; unset: off.
    metrics_port: int | None = None

    @model_validator(mode="after")
    def _nothing_dev_only_in_prod(self) -> ServiceSettings:
        if self.environment == "prod" and self.database_url and ":shopmesh@" in self.database_url:
            raise ValueError("SHOPMESH_DATABASE_URL uses the development password in prod")
        if self.environment == "prod" and self.kafka_bootstrap_servers and self.kafka_security_protocol != "SASL_SSL":
            raise ValueError("Kafka must be reached over SASL_SSL in prod (SHOPMESH_KAFKA_SECURITY_PROTOCOL)")
        redis_url = getattr(self, "redis_url", None)  # services that keep data in Redis declare it
        if self.environment == "prod" and redis_url and not (redis_url.startswith("rediss://") and self.redis_username):
            raise ValueError("Redis must be reached over TLS (rediss://) as the service's ACL user in prod")
        return self

    def redis_options(self, *, timeout_seconds: float) -> dict[str, Any]:
        """Keyword arguments for this service's redis-py client: its ACL user, ``timeout_seconds`` to connect and
        per command, and two quick retries (a pooled connection Redis closed meanwhile) instead of redis-py's ten
        with backoff up to a second each, so a call with Redis down fails within a fraction of a second
        (UNAVAILABLE, services/runtime/pipeline.py) rather than after seconds."""
        from redis.asyncio.retry import Retry
        from redis.backoff import ExponentialWithJitterBackoff

        options: dict[str, Any] = {
            "socket_timeout": timeout_seconds,
            "socket_connect_timeout": timeout_seconds,
            "retry": Retry(ExponentialWithJitterBackoff(base=0.01, cap=0.05), 2),
        }
        if self.redis_username:
            password = self.redis_password.get_secret_value() if self.redis_password else ""
            options.update(username=self.redis_username, password=password)
        return options

    @property
    def kafka(self) -> KafkaConnection | None:
        """How this service reaches Kafka; None without brokers (events then wait in the outbox)."""
        if not self.kafka_bootstrap_servers:
            return None
        return KafkaConnection(
            self.kafka_bootstrap_servers,
            self.kafka_security_protocol,
            self.kafka_sasl_mechanism,
            self.kafka_username,
            self.kafka_password.get_secret_value() if self.kafka_password else None,
        )
