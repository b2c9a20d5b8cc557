"""The infrastructure of a local stack (PostgreSQL, Redis, Kafka, the object store): what each needs on disk
before it starts (data folders, ACL files, the broker's properties and formatted storage), whether it answers
yet, and what is provisioned once it does (the database role, Kafka's users, ACLs and topics)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from scripts.mesh import ROOT, TOOLS, Profile, services

PG_BIN = Path(sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]) if Path("/usr/lib/postgresql").exists() else None
AS_ROOT = os.geteuid() == 0

_STARTED = time.monotonic()


def log(message: str) -> None:
    """A line of what the stack script is doing, with the seconds since it started."""
    print(f"[stack {time.monotonic() - _STARTED:5.1f}s] {message}", flush=True)


def kafka_java(main_class: str, *args: str, heap: str = "256m") -> list[str]:
    return [
        "java",
        f"-Xmx{heap}",
        "-Xms64m",
        # One collector thread, no concurrent marking: a local broker's heap is small and mostly idle.
        "-XX:+UseSerialGC",
        f"-Dlog4j2.configurationFile={ROOT / 'scripts' / 'kafka' / 'log4j2.yaml'}",
        "-cp",
        f"{TOOLS / 'kafka' / 'libs'}/*",
        main_class,
        *args,
    ]


def write_secret(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(0o600)


def run_async(coroutine: Any) -> Any:
    """Runs a coroutine to completion on a loop of its own, also when called from async code (tests)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


class Infrastructure:
    """One profile's infrastructure: prepared by :class:`scripts.stack.Stack` before supervisord starts it, probed
    while it comes up, provisioned once it answers."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.state = profile.state_dir

    def _run_as_postgres(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if AS_ROOT else []
        subprocess.run([*prefix, *command], check=True, stdout=subprocess.DEVNULL)

    def prepare_postgres(self) -> None:
        if PG_BIN is None:
            raise SystemExit("PostgreSQL is not installed: run scripts/bootstrap.sh")
        data, sockets = self.state / "postgres", self.state / "postgres-socket"
        sockets.mkdir(exist_ok=True)
        if AS_ROOT:
            shutil.chown(sockets, "postgres")
            # The postgres user must be able to reach its folders.
            for parent in [self.state, *self.state.parents]:
                if parent == Path("/"):
                    break
                parent.chmod(parent.stat().st_mode | 0o001)
        if (data / "PG_VERSION").exists():
            return
        data.mkdir(exist_ok=True)
        if AS_ROOT:
            shutil.chown(data, "postgres")
        log("initialising PostgreSQL")
        self._run_as_postgres(
            str(PG_BIN / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--no-instructions",
        )

    def prepare_redis(self) -> None:
        """Redis's ACL users: no default user; each service that keeps data in Redis may run ordinary commands on
        its own keys only; the stack's admin (tests, operators) may do anything."""
        profile = self.profile
        lines = ["user default off"]
        lines.append(
            f"user {profile.redis_admin_user} on >{profile.redis_password(profile.redis_admin_user)} ~* &* +@all"
        )
        for user, keys in profile.redis_key_patterns.items():
            lines.append(f"user {user} on >{profile.redis_password(user)} ~{keys} resetchannels +@all -@dangerous")
        write_secret(self.state / "secrets" / "redis-users.acl", "\n".join(lines) + "\n")
        # For redis-cli -u "$(cat .run/dev/secrets/redis-admin.url)" and the like.
        write_secret(self.state / "secrets" / "redis-admin.url", profile.redis_url_as() + "\n")

    def prepare_kafka(self) -> None:
        """A single KRaft node that authenticates every client (SASL/SCRAM-SHA-512 on the client listener, PLAIN
        between the broker and its controller) and authorises with ACLs: nobody may do anything the ACLs of
        scripts/kafka_access.py do not allow, except the stack's admin."""
        data = self.state / "kafka" / "data"
        ports = self.profile.ports
        properties = self.state / "kafka" / "server.properties"
        admin, admin_password = (
            self.profile.kafka_admin_user,
            self.profile.kafka_password(self.profile.kafka_admin_user),
        )
        controller_password = self.profile.kafka_password("controller")
        scram = "org.apache.kafka.common.security.scram.ScramLoginModule"
        plain = "org.apache.kafka.common.security.plain.PlainLoginModule"
        properties.write_text(
            "\n".join(
                [
                    "process.roles=broker,controller",
                    "node.id=1",
                    f"controller.quorum.bootstrap.servers=127.0.0.1:{ports['kafka_controller']}",
                    f"listeners=CLIENTS://127.0.0.1:{ports['kafka']},CONTROLLER://127.0.0.1:{ports['kafka_controller']}",
                    f"advertised.listeners=CLIENTS://127.0.0.1:{ports['kafka']},CONTROLLER://127.0.0.1:{ports['kafka_controller']}",
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=CLIENTS",
                    "listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,CLIENTS:SASL_PLAINTEXT",
                    "sasl.enabled.mechanisms=SCRAM-SHA-512",
                    "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
                    f'listener.name.clients.scram-sha-512.sasl.jaas.config={scram} required username="{admin}" '
                    f'password="{admin_password}";',
                    "sasl.mechanism.controller.protocol=PLAIN",
                    "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                    f'listener.name.controller.plain.sasl.jaas.config={plain} required username="controller" '
                    f'password="{controller_password}" user_controller="{controller_password}";',
                    "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                    f"super.users=User:{admin};User:controller",
                    "allow.everyone.if.no.acl.found=false",
                    f"log.dirs={data}",
                    "num.partitions=6",
                    "offsets.topic.replication.factor=1",
                    "transaction.state.log.replication.factor=1",
                    "transaction.state.log.min.isr=1",
                    "share.coordinator.state.topic.replication.factor=1",
                    "share.coordinator.state.topic.min.isr=1",
                    "group.initial.rebalance.delay.ms=0",
                    # The log cleaner (it compacts the consumer offsets topic) allocates this buffer in the heap
                    # at start: the default 128 MiB was half of a local broker's memory.
                    "log.cleaner.dedupe.buffer.size=16777216",
                    # Topics are created by this script (partitions chosen on purpose), never by a typo'd producer.
                    "auto.create.topics.enable=false",
                    "",
                ]
            )
        )
        # Kafka's own tools as the admin: kafka-topics.sh --command-config .run/dev/secrets/kafka-admin.properties
        write_secret(
            self.state / "secrets" / "kafka-admin.properties",
            "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\n"
            f'sasl.jaas.config={scram} required username="{admin}" password="{admin_password}";\n',
        )
        secured = self.state / "kafka" / "sasl-formatted"
        if (data / "meta.properties").exists() and not secured.exists():
            # Storage formatted before the broker authenticated has no admin user to log in with: start over
            # (a local stack's events are all in the services' outboxes and databases already).
            log("Kafka's storage predates SASL: formatting it again")
            shutil.rmtree(data)
        if (data / "meta.properties").exists():
            return
        log("formatting Kafka storage")
        self._kafka_access_applied.unlink(missing_ok=True)  # a new broker has no users nor ACLs yet
        cluster_id = (
            subprocess.run(
                kafka_java("kafka.tools.StorageTool", "random-uuid"), check=True, capture_output=True, text=True
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        subprocess.run(
            kafka_java(
                "kafka.tools.StorageTool",
                "format",
                "--standalone",
                "-t",
                cluster_id,
                "-c",
                str(properties),
                "--add-scram",
                f"SCRAM-SHA-512=[name={admin},password={admin_password}]",
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        secured.touch()

    @property
    def _kafka_access_applied(self) -> Path:
        """The digest of the users, ACLs and tool last applied to this broker's storage."""
        return self.state / "kafka" / "access-applied"

    def apply_kafka_access(self) -> None:
        """Every service's SCRAM user and exactly the ACLs of scripts/kafka_access.py (one JVM, two or three
        seconds): skipped when this storage has had exactly these applied already."""
        from scripts.kafka_access import acls, principals

        spec = {
            "bootstrap": self.profile.kafka_bootstrap,
            "admin": {
                "username": self.profile.kafka_admin_user,
                "password": self.profile.kafka_password(self.profile.kafka_admin_user),
            },
            "users": {name: self.profile.kafka_password(name) for name in principals()},
            "acls": [acl.as_json() for acl in acls()],
        }
        path = self.state / "secrets" / "kafka-access.json"
        tool = ROOT / "scripts" / "kafka" / "KafkaAccess.java"
        digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode() + tool.read_bytes()).hexdigest()
        applied = self._kafka_access_applied
        if applied.exists() and applied.read_text() == digest:
            log("Kafka access: as last applied")
            return
        write_secret(path, json.dumps(spec))
        # JDK's single-file launcher compiles and runs the source in place of a main class.
        result = subprocess.run(kafka_java(str(tool), str(path)), capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"applying Kafka users and ACLs failed:\n{result.stderr[-3000:]}")
        summary = [line for line in result.stdout.splitlines() if line.startswith("kafka-access:")]
        log(summary[-1].replace("kafka-access:", "Kafka access:") if summary else "Kafka access applied")
        applied.write_text(digest)

    def postgres_ready(self) -> bool:
        command = [
            str(PG_BIN / "pg_isready"),
            "-q",
            "-h",
            str(self.state / "postgres-socket"),
            "-p",
            str(self.profile.ports["postgres"]),
        ]
        return subprocess.run(command).returncode == 0

    def psql(self, sql: str) -> str:
        prefix = ["runuser", "-u", "postgres", "--"] if AS_ROOT else []
        command = [
            *prefix,
            str(PG_BIN / "psql"),
            "-h",
            str(self.state / "postgres-socket"),
            "-p",
            str(self.profile.ports["postgres"]),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-tAc",
            sql,
        ]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()

    def ensure_database_role(self) -> None:
        if self.psql("SELECT 1 FROM pg_roles WHERE rolname = 'shopmesh'") != "1":
            self.psql("CREATE ROLE shopmesh LOGIN CREATEDB PASSWORD 'shopmesh'")

    def redis_ready(self) -> bool:
        import redis

        with redis.Redis.from_url(self.profile.redis_url_as(), socket_timeout=2) as client:
            return bool(client.ping())

    def objectstore_ready(self) -> bool:
        """Its S3 API answers as the admin, and both buckets exist (made on the first start)."""
        from services.catalog.adapters.object_store import Credentials, ObjectStore

        async def check() -> bool:
            admin = self.profile.s3_admin_user
            store = ObjectStore(self.profile.s3_url, Credentials(admin, self.profile.s3_secret(admin)), timeout=3)
            try:
                for bucket in (self.profile.uploads_bucket, self.profile.media_bucket):
                    await store.ensure_bucket(bucket)
                return True
            finally:
                await store.close()

        return run_async(check())

    def kafka_ready(self) -> bool:
        import logging

        from aiokafka.admin import AIOKafkaAdminClient

        logging.getLogger("aiokafka").setLevel(logging.CRITICAL)  # "Unable to connect" while it boots

        async def check() -> bool:
            admin = AIOKafkaAdminClient(**self.profile.kafka().client_kwargs(), request_timeout_ms=3000)
            await admin.start()
            try:
                await admin.list_topics()
                return True
            finally:
                await admin.close()

        return run_async(check())

    def create_topics(self, partitions: int = 6) -> None:
        """Every service's events topic, with room for consumers to scale out, and every consumer group's
        dead-letter topic (idempotent)."""
        from aiokafka.admin import AIOKafkaAdminClient, NewTopic

        wanted = [s.events_topic for s in services() if s.events_topic]
        dead_letters = [s.dead_letter_topic for s in services() if s.dead_letter_topic]

        async def create() -> list[str]:
            admin = AIOKafkaAdminClient(**self.profile.kafka().client_kwargs(), request_timeout_ms=10000)
            await admin.start()
            try:
                existing = set(await admin.list_topics())
                missing = [t for t in wanted if t not in existing]
                # Dead letters are few and read in order by the redrive command: one partition.
                missing_dead = [t for t in dead_letters if t not in existing]
                new = [NewTopic(t, num_partitions=partitions, replication_factor=1) for t in missing]
                new += [NewTopic(t, num_partitions=1, replication_factor=1) for t in missing_dead]
                if new:
                    await admin.create_topics(new)
                return missing + missing_dead
            finally:
                await admin.close()

        created = run_async(create())
        if created:
            log(f"created topics {', '.join(created)}")
