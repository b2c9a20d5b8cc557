"""The gRPC server host every service runs in, and the command line every service's ``__main__`` calls.

A service is described by a :class:`ServiceDefinition` (its name, settings type, migrations and
composition root); :class:`ServiceHost` does the rest the same way for every service: database and
migrations, token verification, the RPC pipeline (tracing included), grpc.health.v1 following the
database, server reflection, and on SIGTERM: NOT_SERVING, drain in-flight RPCs within the grace period,
exit 0. Tests start a host in-process on port 0.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any, Generic, TypeVar

import grpc
import prometheus_client
from grpc_health.v1 import health_pb2, health_pb2_grpc

from services.runtime import jsonlog, metrics, telemetry
from services.runtime.cancellation import cancel_and_wait
from services.runtime.channels import open_channel
from services.runtime.consumer import Event, EventConsumer, Handler, Wanted
from services.runtime.consumer_lag import GroupLagReporter
from services.runtime.database import Database, migrate
from services.runtime.health import ServiceHealth
from services.runtime.http_caching import cache_policies
from services.runtime.outbox import OutboxRelay, kafka_producer_factory
from services.runtime.pagination import PageTokens
from services.runtime.pipeline import PipelinedServer, RpcPipeline, access_policies
from services.runtime.reflection_symbols import enable_reflection
from services.runtime.service_identity import ServiceTokens, internal_callers
from services.runtime.settings import ServiceSettings
from services.runtime.tokens import JwksSource, TokenVerifier
from shop.identity.v1 import identity_service_pb2, identity_service_pb2_grpc

log = logging.getLogger(__name__)

S = TypeVar("S", bound=ServiceSettings)


@dataclass(frozen=True)
class Registration:
    """One gRPC service a composition root adds: its full proto name and the generated ``add_..._to_server``."""

    service_name: str
    add_to_server: Callable[[grpc.aio.Server], None]


@dataclass
class Resources:
    """What the runtime hands a composition root, and what the root may hand back."""

    database: Database | None
    # Coroutines run at shutdown, after the drain (close channels, clients).
    closers: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    # Where access-token keys come from. Left None, the runtime asks identity's GetJwks; identity
    # itself sets its own keys here.
    jwks: JwksSource | None = None
    # Extra health probes (Redis, say): the service is SERVING only while every probe and the database answer.
    probes: list[Callable[[], Awaitable[bool]]] = field(default_factory=list)
    # Loops the service runs beside its RPCs (expiry sweeps, recovery); started after the server, cancelled
    # after the drain. Each must handle its own errors and keep going.
    background: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    # Kafka consumer groups (see .consumer); started after the server, stopped first on shutdown.
    consumers: list[EventConsumer] = field(default_factory=list)
    # This service's own token for calls to other services' internal methods (pass it to open_channel);
    # None when the service has no client secret (SHOPMESH_SERVICE_SECRET).
    service_tokens: ServiceTokens | None = None
    # This service's page tokens (signed with a key derived from its client secret; see .pagination).
    page_tokens: PageTokens = field(default_factory=lambda: PageTokens.from_secret(None))

    def add_consumer(
        self,
        settings: ServiceSettings,
        *,
        name: str,
        topics: Sequence[str],
        handlers: Mapping[str, Handler],
        on_applied: Callable[[Event], None] | None = None,
        wanted: Wanted | None = None,
    ) -> None:
        """The service's consumer group ``name`` (dead letters on ``<name>.dead-letters``); none without Kafka.
        ``wanted`` picks, before any transaction, the events worth one (see :data:`.consumer.Wanted`)."""
        if self.database is None:
            raise ValueError("a consumer records processed events in the service's database: it needs one")
        if settings.kafka is not None:
            self.consumers.append(
                EventConsumer(
                    name=name,
                    database=self.database,
                    kafka=settings.kafka,
                    topics=topics,
                    handlers=handlers,
                    max_attempts=settings.event_max_attempts,
                    on_applied=on_applied,
                    wanted=wanted,
                )
            )


@dataclass(frozen=True)
class ServiceDefinition(Generic[S]):
    # Short name: "catalog". Also the error domain "<name>.shopmesh.dev" and the log's "service".
    name: str
    settings_type: type[S]
    # The composition root: builds adapters and servicers from settings.
    compose: Callable[[S, Resources], Awaitable[Sequence[Registration]]]
    # Alembic folder; a service with one gets a database (SHOPMESH_DATABASE_URL).
    migrations: Path | None = None
    # Writes domain events to an outbox (its migrations create the table); the host relays them to Kafka.
    publishes_events: bool = False
    # Extra commands of ``python -m services.<name>``, e.g. seeding.
    commands: Mapping[str, Callable[[S, list[str]], Awaitable[int]]] = field(default_factory=dict)

    @property
    def error_domain(self) -> str:
        return f"{self.name}.shopmesh.dev"


def _identity_jwks(settings: ServiceSettings, resources: Resources) -> JwksSource:
    channel = open_channel(settings.identity_target)
    resources.closers.append(channel.close)
    stub = identity_service_pb2_grpc.IdentityServiceStub(channel)

    async def fetch() -> list[dict[str, str]]:
        response = await stub.GetJwks(identity_service_pb2.GetJwksRequest(), timeout=3)
        return [{"kty": k.kty, "kid": k.kid, "use": k.use, "alg": k.alg, "n": k.n, "e": k.e} for k in response.keys]

    return fetch


def _service_tokens(name: str, settings: ServiceSettings, resources: Resources) -> ServiceTokens | None:
    if settings.service_secret is None:
        return None
    secret = settings.service_secret.get_secret_value()
    channel = open_channel(settings.identity_target)
    resources.closers.append(channel.close)
    stub = identity_service_pb2_grpc.IdentityServiceStub(channel)

    async def exchange() -> tuple[str, float]:
        request = identity_service_pb2.IssueServiceTokenRequest(service=name, secret=secret)
        response = await stub.IssueServiceToken(request, timeout=3)
        return response.access_token, response.expire_time.ToDatetime(tzinfo=UTC).timestamp()

    return ServiceTokens(exchange)


def page_tokens(name: str, settings: ServiceSettings) -> PageTokens:
    """Signed with a key derived from the service's own secret, which all its replicas share; the development key
    only where a stack runs without secrets (dev, test)."""
    if settings.service_secret is None:
        if settings.environment not in ("dev", "test"):
            raise SystemExit(f"{name} needs SHOPMESH_SERVICE_SECRET outside dev and test (it signs page tokens)")
        return PageTokens.from_secret(None)
    return PageTokens.from_secret(settings.service_secret.get_secret_value())


class ServiceHost(Generic[S]):
    def __init__(self, definition: ServiceDefinition[S], settings: S) -> None:
        self.definition = definition
        self.settings = settings
        self.port: int | None = None
        self.database: Database | None = None
        self._server: grpc.aio.Server | None = None
        self._health: ServiceHealth | None = None
        self._resources: Resources | None = None
        self.relay: OutboxRelay | None = None
        self._lag: GroupLagReporter | None = None
        self._background: list[asyncio.Task[None]] = []

    async def start(self) -> int:
        definition, settings = self.definition, self.settings
        if definition.migrations is not None:
            if not settings.database_url:
                raise SystemExit(f"{definition.name} needs SHOPMESH_DATABASE_URL")
            if settings.migrate_on_start:
                await migrate(settings.database_url, definition.migrations)
            self.database = Database(settings.database_url, pool_size=settings.database_pool_size)
            metrics.watch_pool(self.database.engine.pool)
        resources = Resources(database=self.database, page_tokens=page_tokens(definition.name, settings))
        resources.service_tokens = _service_tokens(definition.name, settings, resources)
        self._resources = resources
        registrations = await definition.compose(settings, resources)
        names = [r.service_name for r in registrations]
        verifier = TokenVerifier(
            resources.jwks or _identity_jwks(settings, resources),
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
        )

        # Two processes must never share a port by accident: a stale server would take half the calls.
        server = grpc.aio.server(options=[("grpc.so_reuseport", 0)])
        pipelined = PipelinedServer(
            server,
            RpcPipeline(
                domain=definition.error_domain,
                policies=access_policies(names),
                verifier=verifier,
                internal_callers=internal_callers(),
                cache_policies=cache_policies(names),
            ),
        )
        for registration in registrations:
            registration.add_to_server(pipelined)  # type: ignore[arg-type]
        probes = [self.database.ping] if self.database is not None else []
        probes += resources.probes
        self._health = ServiceHealth(names, probes, settings.health_probe_interval_seconds)
        health_pb2_grpc.add_HealthServicer_to_server(self._health.servicer, server)
        enable_reflection([*names, health_pb2.DESCRIPTOR.services_by_name["Health"].full_name], server)
        self.port = server.add_insecure_port(f"{settings.host}:{settings.grpc_port}")
        await server.start()
        await self._health.start()
        self._server = server
        if definition.publishes_events and self.database is not None and settings.kafka is not None:
            self.relay = OutboxRelay(
                self.database,
                kafka_producer_factory(settings.kafka, client_id=f"shopmesh-{definition.name}"),
                lock_name=f"shopmesh-{definition.name}-outbox",
            )
            self.relay.start()
        self._background = [
            asyncio.create_task(loop(), name=f"{definition.name}-background") for loop in resources.background
        ]
        if settings.run_consumers:
            for consumer in resources.consumers:
                consumer.start()
        if resources.consumers:  # reported by API and consumer processes alike (see consumer_lag)
            self._lag = GroupLagReporter(resources.consumers[0].kafka, {c.name: c.topics for c in resources.consumers})
            self._lag.start()
        if settings.metrics_port is not None:
            try:
                prometheus_client.start_http_server(settings.metrics_port, addr=settings.host)
            except OSError as error:  # serving matters more than being scraped; say so loudly
                log.error("metrics endpoint not started on port %s: %r", settings.metrics_port, error)
        log.info("serving", extra={"port": self.port, "services": names})
        return self.port

    async def stop(self, grace: float | None = None, *, delay: float = 0.0) -> None:
        """NOT_SERVING; after ``delay`` stop taking RPCs and give in-flight ones ``grace`` seconds to finish."""
        if self._health is not None:
            await self._health.shutdown()
        # Consumers stop while the delay runs (leaving a group can take a while; RPCs are still served meanwhile).
        # An event being handled rolls back; its offset is not committed, so it is read again later.
        consumers = self._resources.consumers if self._resources is not None else []
        await asyncio.gather(*(consumer.stop() for consumer in consumers), asyncio.sleep(delay))
        if self._lag is not None:
            await self._lag.stop()
        if self._server is not None:
            await self._server.stop(grace)
        await asyncio.gather(*(cancel_and_wait(task) for task in self._background))
        if self.relay is not None:
            await self.relay.stop()
        if self._resources is not None:
            for close in reversed(self._resources.closers):
                await close()
        if self.database is not None:
            await self.database.dispose()


async def serve(definition: ServiceDefinition[S], settings: S) -> None:
    host = ServiceHost(definition, settings)
    await host.start()
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    await stopping.wait()
    log.info(
        "draining",
        extra={"delay_seconds": settings.shutdown_delay_seconds, "grace_seconds": settings.shutdown_grace_seconds},
    )
    await host.stop(settings.shutdown_grace_seconds, delay=settings.shutdown_delay_seconds)
    log.info("stopped")


def _run(coroutine: Awaitable[Any]) -> Any:
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvloop is a pinned dependency; plain asyncio still works
        return asyncio.run(coroutine)  # type: ignore[arg-type]
    return uvloop.run(coroutine)  # type: ignore[arg-type]


def main(definition: ServiceDefinition[S], argv: Sequence[str] | None = None) -> int:
    """``python -m services.<name> [serve|migrate|<command>] [args...]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    commands = ["serve", "migrate", *definition.commands]
    parser = argparse.ArgumentParser(prog=f"python -m services.{definition.name}")
    parser.add_argument("command", nargs="?", default="serve", choices=commands)
    parsed, rest = parser.parse_known_args(args)
    settings = definition.settings_type()
    jsonlog.configure(definition.name, settings.log_level)
    if parsed.command == "serve":
        telemetry.configure(
            definition.name, settings.trace_exporter, settings.trace_sample_ratio, settings.trace_endpoint
        )
        _run(serve(definition, settings))
        return 0
    if parsed.command == "migrate":
        if definition.migrations is None or not settings.database_url:
            print(f"{definition.name} has no database to migrate")
            return 0
        _run(migrate(settings.database_url, definition.migrations))
        return 0
    return int(_run(definition.commands[parsed.command](settings, rest)))
