"""The mesh as the stack scripts see it: the services (``services/mesh.toml``) and the local profiles.

A profile is one local stack with its own ports and state folder: ``dev`` for ``make up``, ``test`` for
``make test`` (so tests never touch the data you are playing with, and both can run at once). Any port
can be moved with ``SHOPMESH_PORT_<NAME>`` (e.g. ``SHOPMESH_PORT_ENVOY=8081``, ``SHOPMESH_PORT_CATALOG=6002``).

A service runs as one or more replicas (:class:`Replica`): ``replicas`` in its ``services/mesh.toml`` block (1
when absent), all overridden by ``SHOPMESH_REPLICAS`` — ``2`` (every service), ``orders=3,catalog=2`` or both
(``2,orders=3``). The test stack runs two of every service unless told otherwise, so that ``make test`` proves
the mesh with replicas. Replica *n* of a service listens ``100 * (n - 1)`` above the service's port (and its
metrics 1000 above that); its supervisord program is ``<service>-<n>`` (just ``<service>`` when it runs alone).
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from services.runtime.kafka_connection import KafkaConnection
from services.runtime.service_identity import derive_secret, read_credentials_key, write_credentials_key

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
TOOLS = ROOT / ".tools"
DESCRIPTOR_SET = ROOT / "gen" / "descriptors" / "shopmesh.binpb"
# The REST API as OpenAPI 2.0, generated from the contracts by `make gen`.
OPENAPI = ROOT / "gen" / "openapi" / "shopmesh.swagger.json"
# The storefront and admin console as built by scripts/bootstrap.sh (web/, `npm run build`).
WEB_DIST = ROOT / "web" / "dist"


@dataclass(frozen=True)
class MeshService:
    name: str
    port: int
    grpc_services: tuple[str, ...]
    database: bool
    strict_rate_limit: tuple[str, ...]
    events_topic: str | None
    consumer_group: str | None = None
    redis_keys: str | None = None
    replicas: int = 1

    @property
    def uses_kafka(self) -> bool:
        return bool(self.events_topic or self.consumer_group)

    @property
    def dead_letter_topic(self) -> str | None:
        return f"{self.consumer_group}.dead-letters" if self.consumer_group else None


def services() -> list[MeshService]:
    table = tomllib.loads((ROOT / "services" / "mesh.toml").read_text())
    return [
        MeshService(
            name=name,
            port=spec["port"],
            grpc_services=tuple(spec["grpc_services"]),
            database=spec.get("database", False),
            strict_rate_limit=tuple(spec.get("strict_rate_limit", ())),
            events_topic=spec.get("events_topic"),
            consumer_group=spec.get("consumer_group"),
            redis_keys=spec.get("redis_keys"),
            replicas=spec.get("replicas", 1),
        )
        for name, spec in table.items()
    ]


_INFRA_PORTS = {
    "dev": {
        "postgres": 15432,
        "redis": 16379,
        "kafka": 19092,
        "kafka_controller": 19093,
        "envoy": 8080,
        "envoy_admin": 9901,
        "smtp": 11025,
        "zipkin": 9411,
        "prometheus": 9090,
        "ratelimit": 18081,
        "ratelimit_http": 18082,
        "ratelimit_debug": 18083,
        "ratelimit_metrics": 18084,
        "web": 18085,
        "reflection": 50050,
        # SeaweedFS (the object store of product images): its S3 API, and its own master, volume and filer.
        "s3": 18333,
        "weed_master": 18334,
        "weed_volume": 18335,
        "weed_filer": 18336,
        "weed_master_grpc": 18337,
        "weed_volume_grpc": 18338,
        "weed_filer_grpc": 18339,
        "weed_s3_grpc": 18340,
    },
    "test": {
        "postgres": 25432,
        "redis": 26379,
        "kafka": 29092,
        "kafka_controller": 29093,
        "envoy": 18080,
        "envoy_admin": 19901,
        "smtp": 21025,
        "zipkin": 19411,
        "prometheus": 19090,
        "ratelimit": 28081,
        "ratelimit_http": 28082,
        "ratelimit_debug": 28083,
        "ratelimit_metrics": 28084,
        "web": 28085,
        "reflection": 20050,
        "s3": 28333,
        "weed_master": 28334,
        "weed_volume": 28335,
        "weed_filer": 28336,
        "weed_master_grpc": 28337,
        "weed_volume_grpc": 28338,
        "weed_filer_grpc": 28339,
        "weed_s3_grpc": 28340,
    },
    # The release drills' own stack (make upgrade, make canary): started fresh at an older revision, so it never
    # touches the dev stack's data, and can run beside the test stack.
    "release": {
        "postgres": 14432,
        "redis": 14379,
        "kafka": 14092,
        "kafka_controller": 14093,
        "envoy": 14080,
        "envoy_admin": 14901,
        "smtp": 14025,
        "zipkin": 14411,
        "prometheus": 14090,
        "ratelimit": 14081,
        "ratelimit_http": 14082,
        "ratelimit_debug": 14083,
        "ratelimit_metrics": 14084,
        "web": 14085,
        "reflection": 10050,
        "s3": 14333,
        "weed_master": 14334,
        "weed_volume": 14335,
        "weed_filer": 14336,
        "weed_master_grpc": 14337,
        "weed_volume_grpc": 14338,
        "weed_filer_grpc": 14339,
        "weed_s3_grpc": 14340,
    },
}
# The test stack's services listen on 20051... : below Linux's ephemeral range (32768-60999), so no outgoing
# connection of the tests can be holding a service's port while that service (re)starts.
# The release stack's on 10051..., below that range too.
_SERVICE_PORT_OFFSET = {"dev": 0, "test": -30000, "release": -40000}
# Each service's Prometheus endpoint listens 1000 above its gRPC port (51051... in dev, 21051... in test).
_METRICS_PORT_OFFSET = 1000
# Replica n of a service listens this much above replica n - 1; with at most 9 replicas every gRPC port stays
# below the metrics ports (1000 above) and clear of the other services' (1 apart).
_REPLICA_PORT_STEP = 100
MAX_REPLICAS = 9
# The test and release stacks' replicas of each service when SHOPMESH_REPLICAS does not say (two, so that a
# replica can be stopped, or replaced by another revision's, while the other serves).
_TEST_REPLICAS = 2


@dataclass(frozen=True)
class Replica:
    """One process of a service in a local stack."""

    service: str
    number: int  # 1, 2, ...
    program: str  # its supervisord program (and log file) name
    port: int
    metrics_port: int

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.port}"


def replica_counts(profile_name: str, setting: str | None = None) -> dict[str, int]:
    """Service → how many replicas the profile runs: ``services/mesh.toml``'s (or two each in the test stack),
    then ``setting`` (``SHOPMESH_REPLICAS`` when not given): ``N``, ``service=N`` items, or both, comma-separated."""
    mesh = services()
    counts = {s.name: _TEST_REPLICAS if profile_name in ("test", "release") else s.replicas for s in mesh}
    setting = os.environ.get("SHOPMESH_REPLICAS", "") if setting is None else setting
    for item in filter(None, (part.strip() for part in setting.split(","))):
        name, _, number = item.rpartition("=")
        if name and name not in counts:
            raise SystemExit(f"SHOPMESH_REPLICAS names {name!r}, which is not a service of services/mesh.toml")
        if not number.isdigit() or not 1 <= int(number) <= MAX_REPLICAS:
            raise SystemExit(f"SHOPMESH_REPLICAS: {item!r} is not 1 to {MAX_REPLICAS} replicas")
        for service in [name] if name else list(counts):
            counts[service] = int(number)
    return counts


@dataclass(frozen=True)
class Profile:
    name: str
    ports: dict[str, int]
    replica_counts: dict[str, int]

    @classmethod
    def named(cls, name: str) -> Profile:
        ports = dict(_INFRA_PORTS[name])
        for service in services():
            ports[service.name] = service.port + _SERVICE_PORT_OFFSET[name]
            ports[f"{service.name}_metrics"] = ports[service.name] + _METRICS_PORT_OFFSET
        for key in ports:
            override = os.environ.get(f"SHOPMESH_PORT_{key.upper()}")
            if override:
                ports[key] = int(override)
        return cls(name=name, ports=ports, replica_counts=replica_counts(name))

    def replicas(self, service: str) -> list[Replica]:
        """The processes that serve ``service`` in this stack."""
        count = self.replica_counts[service]
        return [
            Replica(
                service=service,
                number=n,
                program=service if count == 1 else f"{service}-{n}",
                port=self.ports[service] + _REPLICA_PORT_STEP * (n - 1),
                metrics_port=self.ports[f"{service}_metrics"] + _REPLICA_PORT_STEP * (n - 1),
            )
            for n in range(1, count + 1)
        ]

    def canary(self, service: str) -> Replica:
        """Where a canary of ``service`` runs beside its replicas (scripts/canary.py): above every replica's ports."""
        step = _REPLICA_PORT_STEP * MAX_REPLICAS
        return Replica(
            service=service,
            number=0,
            program=f"{service}-canary",
            port=self.ports[service] + step,
            metrics_port=self.ports[f"{service}_metrics"] + step,
        )

    def programs(self, *names: str) -> list[str]:
        """supervisord programs of ``names``: a service's name means all its replicas; anything else is itself."""
        found: list[str] = []
        for name in names:
            found += [r.program for r in self.replicas(name)] if name in self.replica_counts else [name]
        return found

    @property
    def state_dir(self) -> Path:
        return ROOT / ".run" / self.name

    @property
    def gateway_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['envoy']}"

    def target(self, service: str) -> str:
        """The address of ``service`` (its first replica), or of an infrastructure port such as ``reflection``:
        for tools and tests that talk to one process."""
        if service not in self.replica_counts:
            return f"127.0.0.1:{self.ports[service]}"
        return self.replicas(service)[0].target

    def balanced_target(self, service: str) -> str:
        """The gRPC target of every replica of ``service`` (``ipv4:127.0.0.1:50055,127.0.0.1:50155``): the
        services' channels spread their calls over it round robin (services/runtime/channels.py)."""
        replicas = self.replicas(service)
        return replicas[0].target if len(replicas) == 1 else "ipv4:" + ",".join(r.target for r in replicas)

    def metrics_targets(self, service: str) -> list[str]:
        """Where each replica of ``service`` serves its Prometheus metrics (``/metrics``)."""
        return [f"127.0.0.1:{r.metrics_port}" for r in self.replicas(service)]

    @property
    def zipkin_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['zipkin']}"

    @property
    def prometheus_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['prometheus']}"

    def database_url(self, service: str) -> str:
        return f"postgresql+asyncpg://shopmesh:shopmesh@127.0.0.1:{self.ports['postgres']}/{service}"

    @property
    def kafka_bootstrap(self) -> str:
        return f"127.0.0.1:{self.ports['kafka']}"

    def _derived(self, label: str) -> str:
        key = read_credentials_key(self.service_credentials_key_file)
        assert key is not None
        return derive_secret(key, label)

    # The stack's Kafka runs SASL/SCRAM with ACLs (scripts/kafka_access.py). "admin" is its super user: the
    # stack scripts and the tests use it, and so does an operator redriving dead letters.
    kafka_admin_user = "admin"

    def kafka_password(self, user: str) -> str:
        """The SCRAM password of ``user`` (a service, or ``admin``) on this stack's Kafka."""
        return self._derived(f"kafka/{user}")

    def kafka(self, user: str | None = None) -> KafkaConnection:
        """This stack's Kafka reached as ``user`` (default: the admin)."""
        user = user or self.kafka_admin_user
        return KafkaConnection(self.kafka_bootstrap, "SASL_PLAINTEXT", "SCRAM-SHA-512", user, self.kafka_password(user))

    def kafka_settings(self, user: str | None = None) -> dict[str, str]:
        """ServiceSettings fields that reach this stack's Kafka as ``user`` (default: the admin)."""
        connection = self.kafka(user)
        return {
            "kafka_bootstrap_servers": connection.bootstrap_servers,
            "kafka_security_protocol": connection.security_protocol,
            "kafka_username": connection.username or "",
            "kafka_password": connection.password or "",
        }

    # Redis runs with ACL users (no default user): each service that uses it may touch only its own keys.
    @property
    def redis_key_patterns(self) -> dict[str, str]:
        """Redis ACL user → the keys it may touch: the services' ``redis_keys`` and the rate limit service."""
        return {**{s.name: s.redis_keys for s in services() if s.redis_keys}, "ratelimit": "ratelimit:*"}

    redis_admin_user = "admin"

    def redis_password(self, user: str) -> str:
        return self._derived(f"redis/{user}")

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.ports['redis']}/0"

    def redis_url_as(self, user: str | None = None) -> str:
        """The Redis URL with ``user``'s credentials (default: the admin), for tools and tests."""
        user = user or self.redis_admin_user
        return f"redis://{user}:{self.redis_password(user)}@127.0.0.1:{self.ports['redis']}/0"

    # The object store's S3 users: "admin" (the stack scripts and the tests: buckets, anything) and "catalog"
    # (reads and writes the two buckets). Anonymous callers may only read the media bucket (renditions).
    s3_admin_user = "admin"
    uploads_bucket = "shopmesh-uploads"
    media_bucket = "shopmesh-media"

    @property
    def s3_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['s3']}"

    def s3_secret(self, user: str) -> str:
        """The S3 secret key of ``user`` on this stack's object store (its access key is the user's name)."""
        return self._derived(f"s3/{user}")

    def s3_identities(self) -> dict[str, object]:
        """The object store's users and what each may do (SeaweedFS's ``-s3.config``)."""
        buckets = (self.uploads_bucket, self.media_bucket)
        return {
            "identities": [
                {
                    "name": self.s3_admin_user,
                    "credentials": [{"accessKey": self.s3_admin_user, "secretKey": self.s3_secret(self.s3_admin_user)}],
                    "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                },
                {
                    "name": "catalog",
                    "credentials": [{"accessKey": "catalog", "secretKey": self.s3_secret("catalog")}],
                    "actions": [f"{action}:{bucket}" for bucket in buckets for action in ("Read", "Write", "List")],
                },
                {"name": "anonymous", "actions": [f"Read:{self.media_bucket}"]},
            ]
        }

    @property
    def maildir(self) -> Path:
        """Where the stack's SMTP sink keeps every message it accepts."""
        return self.state_dir / "mail"

    @property
    def traffic_splits_file(self) -> Path:
        """Which share of the calls to a service its canary takes, for every caller (scripts/canary.py)."""
        return self.state_dir / "traffic-splits.json"

    @property
    def jwt_key_file(self) -> Path:
        return self.state_dir / "secrets" / "jwt-signing-key.pem"

    @property
    def service_credentials_key_file(self) -> Path:
        """The stack's service-credentials key (made on first use): identity checks every service's client
        secret against it, and each service's secret is derived from it."""
        path = self.state_dir / "secrets" / "service-credentials.key"
        if not path.exists():
            write_credentials_key(path)
        return path

    # The carriers whose webhooks a local stack accepts (their names as the admin console offers them).
    carriers = ("ups", "fedex", "dhl", "usps")

    def carrier_webhook_secret(self, carrier: str) -> str:
        """What ``carrier`` signs its webhook calls with in this stack (``make carrier-event`` signs with it)."""
        return self._derived(f"carrier-webhook:{carrier}")

    def service_secret(self, service: str) -> str:
        """``service``'s client secret in this stack (what it trades at identity for its service token)."""
        return self._derived(service)

    # The admin the stack creates, so that the README's examples work out of the box (dev/test only).
    admin_email = "admin@shopmesh.dev"
    admin_password = "admin-password-for-local-use"

    def service_env(self, service: MeshService, replica: Replica | None = None) -> dict[str, str]:
        """The environment a service process of this profile gets (its first replica's ports by default)."""
        replica = replica or self.replicas(service.name)[0]
        env = {
            "SHOPMESH_ENVIRONMENT": "test" if self.name == "test" else "dev",
            "SHOPMESH_GRPC_PORT": str(replica.port),
            **{f"SHOPMESH_{other.name.upper()}_TARGET": self.balanced_target(other.name) for other in services()},
            "SHOPMESH_JWT_PRIVATE_KEY_FILE": str(self.jwt_key_file),
            "SHOPMESH_REDIS_URL": self.redis_url,
            "SHOPMESH_SMTP_HOST": "127.0.0.1",
            "SHOPMESH_SMTP_PORT": str(self.ports["smtp"]),
            "SHOPMESH_SHUTDOWN_GRACE_SECONDS": "10",
            # Envoy health-checks every 2 s: give it that long to stop routing here before we stop listening.
            "SHOPMESH_SHUTDOWN_DELAY_SECONDS": "2",
            "SHOPMESH_METRICS_PORT": str(replica.metrics_port),
            "SHOPMESH_SERVICE_SECRET": self.service_secret(service.name),
            # Spans go to the stack's Zipkin. Envoy samples every request through the gateway (it is their
            # root); calls made straight to a service keep the services' own root ratio.
            "SHOPMESH_TRACE_EXPORTER": "zipkin",
            "SHOPMESH_TRACE_ENDPOINT": f"{self.zipkin_url}/api/v2/spans",
            # A canary's share of each caller's calls (scripts/canary.py; services/runtime/channels.py).
            "SHOPMESH_TRAFFIC_SPLITS": str(self.traffic_splits_file),
        }
        if service.database:
            env["SHOPMESH_DATABASE_URL"] = self.database_url(service.name)
        if service.uses_kafka:  # the others never talk to Kafka, so they get no address for it
            env["SHOPMESH_KAFKA_BOOTSTRAP_SERVERS"] = self.kafka_bootstrap
            env["SHOPMESH_KAFKA_SECURITY_PROTOCOL"] = "SASL_PLAINTEXT"
            env["SHOPMESH_KAFKA_USERNAME"] = service.name
            env["SHOPMESH_KAFKA_PASSWORD"] = self.kafka_password(service.name)
        if service.redis_keys:
            env["SHOPMESH_REDIS_USERNAME"] = service.name
            env["SHOPMESH_REDIS_PASSWORD"] = self.redis_password(service.name)
        if self.name == "test":  # tests wait for recoveries, expiries and spans: make them quick
            env["SHOPMESH_RECOVERY_GRACE_SECONDS"] = "2"
            env["SHOPMESH_RECOVERY_INTERVAL_SECONDS"] = "0.5"
            env["OTEL_BSP_SCHEDULE_DELAY"] = "500"
        if service.name == "notifications":
            env["SHOPMESH_ADMIN_ALERT_EMAIL"] = self.admin_email
            if self.name == "test":  # mail another replica queued, and retries, sooner than the default 2 s
                env["SHOPMESH_MAIL_POLL_INTERVAL_SECONDS"] = "0.5"
            env["SHOPMESH_PUBLIC_URL"] = self.gateway_url
        if service.name == "webhooks":
            env["SHOPMESH_WEBHOOK_ALLOW_LOCAL_URLS"] = "true"  # receivers on this machine (the tests' own)
            if self.name == "test":  # tests watch retries, dead letters and the circuit breaker: make them quick
                env["SHOPMESH_WEBHOOK_MAX_ATTEMPTS"] = "6"
                env["SHOPMESH_WEBHOOK_BACKOFF_SECONDS"] = "0.2"
                env["SHOPMESH_WEBHOOK_MAX_BACKOFF_SECONDS"] = "1"
                env["SHOPMESH_WEBHOOK_PAUSE_SECONDS"] = "2"
                env["SHOPMESH_WEBHOOK_POLL_INTERVAL_SECONDS"] = "0.5"
        if service.name == "catalog":  # product images: the object store, and where admins' uploads go
            env["SHOPMESH_MEDIA_S3_ENDPOINT"] = self.s3_url
            env["SHOPMESH_MEDIA_S3_ACCESS_KEY"] = "catalog"
            env["SHOPMESH_MEDIA_S3_SECRET_KEY"] = self.s3_secret("catalog")
            env["SHOPMESH_MEDIA_UPLOADS_BUCKET"] = self.uploads_bucket
            env["SHOPMESH_MEDIA_BUCKET"] = self.media_bucket
            env["SHOPMESH_MEDIA_PUBLIC_URL"] = self.gateway_url
        if service.name == "shipping":
            env["SHOPMESH_CARRIER_WEBHOOK_SECRETS"] = json.dumps(
                {carrier: self.carrier_webhook_secret(carrier) for carrier in self.carriers}
            )
        if service.name == "identity":
            env["SHOPMESH_SERVICE_CREDENTIALS_KEY_FILE"] = str(self.service_credentials_key_file)
            env["SHOPMESH_ADMIN_EMAIL"] = self.admin_email
            env["SHOPMESH_ADMIN_PASSWORD"] = self.admin_password
        return env
