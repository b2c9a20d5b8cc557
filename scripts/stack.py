"""Starts, stops and reports a local ShopMesh stack under supervisord (``make up`` / ``make down``).

    python -m scripts.stack up [--profile dev|test] [--infra-only] [--no-seed]
    python -m scripts.stack down [--profile ...]
    python -m scripts.stack status [--profile ...]

One supervisord per profile supervises every process: PostgreSQL (Debian's binaries, as the ``postgres``
user when run by root), Redis, a single-node Kafka in KRaft mode, Zipkin (spans, with its UI), Prometheus
(Debian's; scrapes every service and Envoy, evaluates ``monitoring/alerts.yml``), each service of
``services/mesh.toml`` and Envoy. Data, logs (``logs/<program>.log``), secrets and rendered configs live in
``.run/<profile>/``.
``up`` is idempotent: it starts what is not running and returns once every health check passes.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import xmlrpc.client
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from scripts import reserved_ports
from scripts.mesh import DESCRIPTOR_SET, OPENAPI, ROOT, TOOLS, VENV_BIN, WEB_DIST, Profile, Replica, services

_STOPPABLE = ("RUNNING", "STARTING", "BACKOFF")  # supervisord states of a program that stopProcess stops

PG_BIN = Path(sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]) if Path("/usr/lib/postgresql").exists() else None
AS_ROOT = os.geteuid() == 0


_STARTED = time.monotonic()


def log(message: str) -> None:
    """A line of what the stack script is doing, with the seconds since it started."""
    print(f"[stack {time.monotonic() - _STARTED:5.1f}s] {message}", flush=True)


def _supervisor_quoted(value: str) -> str:
    """A value for supervisord's ``environment=``: quoted (its lexer knows no escapes, so a value holding double
    quotes, JSON say, goes in single quotes), ``%`` doubled."""
    quote = "'" if '"' in value else '"'
    assert quote not in value, f"supervisord cannot carry a value with both kinds of quotes: {value!r}"
    return f"{quote}{value}{quote}".replace("%", "%%")


class Stack:
    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        # service → environment variables on top of the profile's (drills: scripts/chaos.py)
        self.extra_env: dict[str, dict[str, str]] = {}
        # replica's program → the checkout it runs, when not this one (another revision's worktree: the release
        # drills, scripts/upgrade.py); its seeds and migrations run from its service's first replica's
        self.code: dict[str, Path] = {}
        # service → the command (argv after the venv's python) and checkout of its canary (scripts/canary.py)
        self.canaries: dict[str, tuple[list[str], Path]] = {}
        self.state = profile.state_dir
        self.logs = self.state / "logs"
        self.conf = self.state / "supervisord.conf"
        self.gateway_cache = self.state / "gateway-cache"
        self._changed_configs: set[str] = set()

    # --- configuration ------------------------------------------------------------------------------

    def _prepare(self) -> None:
        for folder in (self.state, self.logs, self.state / "secrets", self.state / "kafka", self.state / "prometheus"):
            folder.mkdir(parents=True, exist_ok=True)
        from scripts.monitoring import prometheus_config

        self._changed_configs.clear()  # of running programs: restarted (or reloaded) once the stack is up
        self._write_config("prometheus", self.state / "prometheus.yml", prometheus_config(self.profile))
        self._prepare_postgres()
        self._prepare_redis()
        from scripts.rate_limits import service_config

        config = self.state / "ratelimit" / "runtime" / "config"
        config.mkdir(parents=True, exist_ok=True)
        (config / "shopmesh.yaml").write_text(service_config(services(), exempt=("127.0.0.1",)))
        self._prepare_kafka()
        (self.state / "objectstore").mkdir(exist_ok=True)
        _write_secret(self.state / "secrets" / "s3-identities.json", json.dumps(self.profile.s3_identities(), indent=2))
        if not self.profile.jwt_key_file.exists():
            from services.identity.adapters.signing import write_private_key

            write_private_key(self.profile.jwt_key_file)
        from scripts.gateway_config import Placement, render, to_yaml

        placement = Placement.local(
            self.profile,
            descriptor=str(DESCRIPTOR_SET),
            openapi=str(OPENAPI),
            api_reference=str(OPENAPI.parent / "index.html"),
            cache_path=str(self.gateway_cache),
        )
        # The gateway's HTTP cache starts empty with the stack (its answers may name a database reset since).
        shutil.rmtree(self.gateway_cache, ignore_errors=True)
        self.gateway_cache.mkdir()
        self._write_config("envoy", self.state / "envoy.yaml", to_yaml(render(placement)))
        self.conf.write_text(self._supervisord_conf())

    def _write_config(self, program: str, path: Path, text: str) -> None:
        """Writes ``program``'s config; a change (other replicas, other ports) reaches it at the end of ``up``."""
        if path.exists() and path.read_text() != text:
            self._changed_configs.add(program)
        path.write_text(text)

    def _run_as_postgres(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if AS_ROOT else []
        subprocess.run([*prefix, *command], check=True, stdout=subprocess.DEVNULL)

    def _prepare_postgres(self) -> None:
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

    def _prepare_redis(self) -> None:
        """Redis's ACL users: no default user; each service that keeps data in Redis may run ordinary commands on
        its own keys only; the stack's admin (tests, operators) may do anything."""
        profile = self.profile
        lines = ["user default off"]
        lines.append(
            f"user {profile.redis_admin_user} on >{profile.redis_password(profile.redis_admin_user)} ~* &* +@all"
        )
        for user, keys in profile.redis_key_patterns.items():
            lines.append(f"user {user} on >{profile.redis_password(user)} ~{keys} resetchannels +@all -@dangerous")
        _write_secret(self.state / "secrets" / "redis-users.acl", "\n".join(lines) + "\n")
        # For redis-cli -u "$(cat .run/dev/secrets/redis-admin.url)" and the like.
        _write_secret(self.state / "secrets" / "redis-admin.url", profile.redis_url_as() + "\n")

    def _prepare_kafka(self) -> None:
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
                    # Topics are created by this script (partitions chosen on purpose), never by a typo'd producer.
                    "auto.create.topics.enable=false",
                    "",
                ]
            )
        )
        # Kafka's own tools as the admin: kafka-topics.sh --command-config .run/dev/secrets/kafka-admin.properties
        _write_secret(
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
        cluster_id = (
            subprocess.run(
                self._kafka_java("kafka.tools.StorageTool", "random-uuid"), check=True, capture_output=True, text=True
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        subprocess.run(
            self._kafka_java(
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

    def _apply_kafka_access(self) -> None:
        """Every service's SCRAM user and exactly the ACLs of scripts/kafka_access.py (one JVM, a few seconds)."""
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
        _write_secret(path, json.dumps(spec))
        # JDK's single-file launcher compiles and runs the source in place of a main class.
        command = self._kafka_java(str(ROOT / "scripts" / "kafka" / "KafkaAccess.java"), str(path))
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(f"applying Kafka users and ACLs failed:\n{result.stderr[-3000:]}")
        summary = [line for line in result.stdout.splitlines() if line.startswith("kafka-access:")]
        log(summary[-1].replace("kafka-access:", "Kafka access:") if summary else "Kafka access applied")

    def _kafka_java(self, main_class: str, *args: str, heap: str = "256m") -> list[str]:
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

    def _program(
        self,
        name: str,
        command: list[str],
        *,
        env: dict[str, str] | None = None,
        user: str | None = None,
        autostart: bool = True,
        stopsignal: str = "TERM",
        stopwaitsecs: int = 20,
        directory: Path = ROOT,
    ) -> str:
        lines = [
            f"[program:{name}]",
            "command=" + " ".join(command).replace("%", "%%"),
            f"directory={directory}",
            f"autostart={'true' if autostart else 'false'}",
            "autorestart=true",
            "startsecs=1",
            "startretries=10",
            f"stopsignal={stopsignal}",
            f"stopwaitsecs={stopwaitsecs}",
            "stopasgroup=true",
            "killasgroup=true",
            "redirect_stderr=true",
            f"stdout_logfile={self.logs / name}.log",
            "stdout_logfile_maxbytes=20MB",
            "stdout_logfile_backups=2",
        ]
        if user:
            lines.append(f"user={user}")
        if env:
            lines.append("environment=" + ",".join(f"{k}={_supervisor_quoted(v)}" for k, v in env.items()))
        return "\n".join(lines) + "\n"

    def _objectstore_program(self) -> str:
        """SeaweedFS (master, volume, filer and S3 API in one process): product images' bytes, over S3."""
        ports = self.profile.ports
        return self._program(
            "objectstore",
            [
                str(TOOLS / "bin" / "weed"),
                "server",
                f"-dir={self.state / 'objectstore'}",
                "-ip=127.0.0.1",
                "-ip.bind=127.0.0.1",
                f"-master.port={ports['weed_master']}",
                f"-master.port.grpc={ports['weed_master_grpc']}",
                "-master.telemetry=false",
                "-master.volumeSizeLimitMB=256",
                # Each bucket grows seven volumes at a time; the default of 8 in all leaves the second none.
                "-volume.max=64",
                f"-volume.port={ports['weed_volume']}",
                f"-volume.port.grpc={ports['weed_volume_grpc']}",
                "-filer",
                f"-filer.port={ports['weed_filer']}",
                f"-filer.port.grpc={ports['weed_filer_grpc']}",
                "-s3",
                f"-s3.port={ports['s3']}",
                f"-s3.port.grpc={ports['weed_s3_grpc']}",
                "-s3.port.iceberg=0",
                "-s3.port.lance=0",
                # It would keep serving 10 s after SIGTERM for clients to move to other volume servers: there are
                # none on a local stack, and make down waited for it.
                "-volume.preStopSeconds=0",
                f"-s3.config={self.state / 'secrets' / 's3-identities.json'}",
            ],
            stopwaitsecs=20,
        )

    def _ratelimit_program(self) -> str:
        """Envoy's global rate limit service (scripts/rate_limits.py), counting in Redis as its own ACL user."""
        ports = self.profile.ports
        return self._program(
            "ratelimit",
            [str(TOOLS / "bin" / "ratelimit")],
            env={
                "HOST": "127.0.0.1",
                "PORT": str(ports["ratelimit_http"]),
                "GRPC_HOST": "127.0.0.1",
                "GRPC_PORT": str(ports["ratelimit"]),
                "DEBUG_HOST": "127.0.0.1",
                "DEBUG_PORT": str(ports["ratelimit_debug"]),
                "USE_STATSD": "false",
                "USE_PROMETHEUS": "true",
                "PROMETHEUS_ADDR": f"127.0.0.1:{ports['ratelimit_metrics']}",
                "RUNTIME_ROOT": str(self.state / "ratelimit"),
                "RUNTIME_SUBDIRECTORY": "runtime",
                "RUNTIME_WATCH_ROOT": "false",
                "RUNTIME_IGNOREDOTFILES": "true",
                "REDIS_SOCKET_TYPE": "tcp",
                "REDIS_URL": f"127.0.0.1:{ports['redis']}",
                "REDIS_AUTH": f"ratelimit:{self.profile.redis_password('ratelimit')}",
                "CACHE_KEY_PREFIX": "ratelimit:",
                "LOG_LEVEL": "warn",
                "LOG_FORMAT": "json",
            },
            autostart=False,
        )

    def _supervisord_conf(self) -> str:
        ports = self.profile.ports
        test = self.profile.name == "test"
        pg_settings = ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"]
        if test:  # throwaway data: trade durability for speed
            pg_settings += ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]
        sections = [
            "[unix_http_server]",
            f"file={self.state / 'supervisor.sock'}",
            "",
            "[supervisord]",
            f"logfile={self.logs / 'supervisord.log'}",
            f"pidfile={self.state / 'supervisord.pid'}",
            f"directory={ROOT}",
            "nodaemon=false",
            "minfds=4096",
            "",
            "[rpcinterface:supervisor]",
            "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
            "",
            "[supervisorctl]",
            f"serverurl=unix://{self.state / 'supervisor.sock'}",
            "",
            "",
        ]
        programs = [
            self._program(
                "postgres",
                [
                    str(PG_BIN / "postgres"),
                    "-D",
                    str(self.state / "postgres"),
                    "-p",
                    str(ports["postgres"]),
                    "-k",
                    str(self.state / "postgres-socket"),
                    *pg_settings,
                ],
                user="postgres" if AS_ROOT else None,
                stopsignal="INT",
                stopwaitsecs=30,
            ),
            self._program(
                "redis",
                [
                    "redis-server",
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    str(ports["redis"]),
                    "--save",
                    "''",
                    "--appendonly",
                    "no",
                    "--protected-mode",
                    "yes",
                    "--aclfile",
                    str(self.state / "secrets" / "redis-users.acl"),
                ],
            ),
            self._program(
                "smtp",
                [
                    str(VENV_BIN / "python"),
                    "-m",
                    "scripts.smtp_sink",
                    "--port",
                    str(ports["smtp"]),
                    "--maildir",
                    str(self.profile.maildir),
                ],
            ),
            self._program(
                "web",
                [
                    str(VENV_BIN / "python"),
                    "-m",
                    "scripts.web_server",
                    "--port",
                    str(ports["web"]),
                    "--root",
                    str(WEB_DIST),
                ],
            ),
            self._program(
                "kafka",
                self._kafka_java("kafka.Kafka", str(self.state / "kafka" / "server.properties"), heap="256m"),
                stopwaitsecs=40,
            ),
            self._program(
                "zipkin",
                [
                    "java",
                    "-Xms32m",
                    "-Xmx384m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",  # starts in seconds; a local trace store needs no peak speed
                    "-jar",
                    str(TOOLS / "zipkin" / "zipkin-server.jar"),
                    "--armeria.ports[0].ip=127.0.0.1",
                    f"--armeria.ports[0].port={ports['zipkin']}",
                    "--armeria.ports[0].protocols=http",
                ],
                env={"STORAGE_TYPE": "mem", "MEM_MAX_SPANS": "200000"},
                stopwaitsecs=20,
            ),
            self._objectstore_program(),
            self._program(
                "prometheus",
                [
                    "prometheus",
                    f"--config.file={self.state / 'prometheus.yml'}",
                    f"--storage.tsdb.path={self.state / 'prometheus'}",
                    "--storage.tsdb.retention.time=2d",
                    f"--web.listen-address=127.0.0.1:{ports['prometheus']}",
                    "--web.enable-lifecycle",  # `curl -X POST .../-/reload` after editing the rules
                    "--web.console.templates=/usr/share/prometheus/consoles",
                    "--web.console.libraries=/usr/share/prometheus/console_libraries",
                ],
                stopwaitsecs=20,
            ),
        ]
        for service in services():
            for replica in self.profile.replicas(service.name):
                env = {
                    **self.profile.service_env(service, replica),
                    "PYTHONUNBUFFERED": "1",
                    **self._code_env(self.code.get(replica.program, ROOT)),
                    **self.extra_env.get(service.name, {}),
                }
                programs.append(
                    self._program(
                        replica.program,
                        [str(VENV_BIN / "python"), "-m", f"services.{service.name}"],
                        env=env,
                        autostart=False,
                        stopwaitsecs=20,
                        directory=self.code.get(replica.program, ROOT),
                    )
                )
            if service.name in self.canaries:
                command, root = self.canaries[service.name]
                canary = self.profile.canary(service.name)
                env = {
                    **self.profile.service_env(service, canary),
                    "PYTHONUNBUFFERED": "1",
                    **self._code_env(root),
                    **self.extra_env.get(service.name, {}),
                }
                programs.append(
                    self._program(
                        canary.program,
                        [str(VENV_BIN / "python"), *command],
                        env=env,
                        autostart=False,
                        stopwaitsecs=20,
                        directory=root,
                    )
                )
        programs.append(self._ratelimit_program())
        programs.append(
            self._program(
                "reflection",
                [
                    str(VENV_BIN / "python"),
                    "-m",
                    "services.runtime.mesh_reflection",
                    "--port",
                    str(self.profile.ports["reflection"]),
                    "--descriptors",
                    str(DESCRIPTOR_SET),
                ],
                autostart=False,
            )
        )
        programs.append(
            self._program(
                "envoy",
                [
                    str(VENV_BIN / "envoy"),
                    "-c",
                    str(self.state / "envoy.yaml"),
                    "--use-dynamic-base-id",
                    "--log-level",
                    "warn",
                    "--drain-time-s",
                    "2",
                ],
                autostart=False,
            )
        )
        return "\n".join(sections) + "\n".join(programs)

    # --- process control ----------------------------------------------------------------------------

    def _supervisor(self) -> Any:
        """supervisord's XML-RPC interface (``supervisor.*``) on its unix socket."""
        from supervisor.xmlrpc import SupervisorTransport

        transport = SupervisorTransport(None, None, serverurl=f"unix://{self.state / 'supervisor.sock'}")
        return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport).supervisor

    def _ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(VENV_BIN / "supervisorctl"), "-c", str(self.conf), *args], capture_output=True, text=True, check=check
        )

    def supervisor_running(self) -> bool:
        pidfile = self.state / "supervisord.pid"
        if not pidfile.exists():
            return False
        try:
            os.kill(int(pidfile.read_text().strip()), 0)
        except (ValueError, ProcessLookupError):
            return False
        return self._ctl("pid", check=False).returncode == 0

    def _start_supervisor(self) -> None:
        if self.supervisor_running():
            self._ctl("reread")
            self._ctl("update")
            return
        subprocess.run([str(VENV_BIN / "supervisord"), "-c", str(self.conf)], check=True)
        deadline = time.monotonic() + 15
        while not self.supervisor_running():
            if time.monotonic() > deadline:
                raise SystemExit(f"supervisord did not start; see {self.logs / 'supervisord.log'}")
            time.sleep(0.2)

    # A service's name means every replica of it; a replica is named by its program (``orders-2``).

    def start(self, *names: str) -> None:
        self._ctl("start", *self.profile.programs(*names), check=False)

    def stop(self, *names: str) -> None:
        self._ctl("stop", *self.profile.programs(*names), check=False)

    def kill(self, *names: str) -> None:
        """SIGKILL, as a crash would end them; supervisord starts them again."""
        self._ctl("signal", "KILL", *self.profile.programs(*names), check=False)

    @staticmethod
    def _code_env(root: Path) -> dict[str, str]:
        """What makes a process import ``root``'s services and generated code before the virtualenv's path
        entries (which name this checkout)."""
        return {} if root == ROOT else {"PYTHONPATH": f"{root}:{root / 'gen'}"}

    def code_of(self, service: str) -> Path:
        """The checkout ``service``'s first replica runs (its seeds and migrations run from it)."""
        return self.code.get(self.profile.replicas(service)[0].program, ROOT)

    def run_code(self, replica: Replica, root: Path) -> None:
        """Replaces one replica: stopped gracefully (it drains), started again on the code of ``root``; returns
        once it serves and the gateway routes to it again."""
        self.code[replica.program] = root
        self.conf.write_text(self._supervisord_conf())
        self._ctl("reread")
        self._ctl("update", replica.program)  # stops it and takes the new definition (which does not autostart)
        self.start(replica.program)
        self._wait(replica.program, lambda: _grpc_serving(replica.target), 60)
        self._wait("Envoy", self._envoy_ready, 60)

    def start_canary(self, service: str, root: Path, command: list[str] | None = None) -> Replica:
        """A canary of ``service`` on the code of ``root`` beside its replicas, serving, and scraped by Prometheus
        as ``track="canary"``; it takes no traffic until a split gives it some (scripts/canary.py)."""
        self.canaries[service] = (command or ["-m", f"services.{service}"], root)
        canary = self.profile.canary(service)
        self.conf.write_text(self._supervisord_conf())
        self._ctl("reread")
        self._ctl("update", canary.program)
        self.start(canary.program)
        self._wait(canary.program, lambda: _grpc_serving(canary.target), 60)
        self._reload_prometheus()
        return canary

    def stop_canary(self, service: str) -> None:
        """Stops and forgets ``service``'s canary (gracefully: its calls in flight finish)."""
        if self.canaries.pop(service, None) is None:
            return
        self.conf.write_text(self._supervisord_conf())
        self._ctl("reread")
        self._ctl("update", self.profile.canary(service).program)  # stops and removes it
        self._reload_prometheus()

    def _reload_prometheus(self) -> None:
        from scripts.monitoring import prometheus_config

        path = self.state / "prometheus.yml"
        path.write_text(prometheus_config(self.profile, canaries=tuple(self.canaries)))
        request = urllib.request.Request(f"{self.profile.prometheus_url}/-/reload", method="POST")
        urllib.request.urlopen(request, timeout=10).close()

    def reconfigure(self, service: str, env: dict[str, str]) -> None:
        """Restarts ``service``'s replicas (gracefully) with ``env`` on top of their usual environment; ``{}``
        restores it."""
        self.extra_env[service] = env
        self.conf.write_text(self._supervisord_conf())
        self._ctl("reread")
        for program in self.profile.programs(service):
            self._ctl("update", program)  # stops it and takes the new definition (which does not autostart)
        self.start(service)

    def pids(self) -> dict[str, int]:
        """Program → pid of every running program."""
        status = self._ctl("status", check=False).stdout
        return {m.group(1): int(m.group(2)) for m in re.finditer(r"^(\S+)\s+RUNNING\s+pid (\d+)", status, re.M)}

    def up(self, *, infra_only: bool = False, seed: bool = True) -> None:
        started = time.monotonic()
        canaries = [self.profile.canary(s.name) for s in services()]
        needed = reserved_ports.reserve(
            {
                *self.profile.ports.values(),
                *(p for r in [*self._replicas(), *canaries] for p in (r.port, r.metrics_port)),
            }
        )
        if needed is not None:
            log(
                "some of this stack's ports lie in the range outgoing connections borrow from; to keep them for the "
                f"stack: sudo sysctl -w net.ipv4.ip_local_reserved_ports={needed}"
            )
        self._prepare()
        self._start_supervisor()
        if not (WEB_DIST / "index.html").exists():
            raise SystemExit("the storefront is not built: run scripts/bootstrap.sh (it builds web/ with npm)")
        if not (TOOLS / "bin" / "weed").exists():
            raise SystemExit("the object store (SeaweedFS) is missing: run scripts/bootstrap.sh (needs Go)")
        self.start("postgres", "redis", "kafka", "smtp", "zipkin", "prometheus", "web", "objectstore")
        self._wait("PostgreSQL", self._postgres_ready, 60)
        self._ensure_database_role()
        self._wait("Redis", self._redis_ready, 30)
        if not (TOOLS / "bin" / "ratelimit").exists():
            raise SystemExit("the rate limit service is missing: run scripts/bootstrap.sh (needs Go)")
        self.start("ratelimit")
        self._wait("the SMTP sink", lambda: _port_open(self.profile.ports["smtp"]), 30)
        self._wait("web", lambda: _http_ok(f"http://127.0.0.1:{self.profile.ports['web']}/"), 30)
        self._wait("Kafka", self._kafka_ready, 90)
        self._apply_kafka_access()
        self._create_topics()
        self._wait("Zipkin", lambda: _http_ok(f"{self.profile.zipkin_url}/health"), 90)
        self._wait("Prometheus", lambda: _http_ok(f"{self.profile.prometheus_url}/-/ready"), 60)
        self._wait("the object store", self._objectstore_ready, 60)
        ratelimit = f"http://127.0.0.1:{self.profile.ports['ratelimit_http']}/healthcheck"
        self._wait("the rate limit service", lambda: _http_ok(ratelimit), 30)
        if not infra_only:
            mesh = services()
            self.start(*(s.name for s in mesh))
            for replica in self._replicas():
                self._wait(replica.program, lambda r=replica: _grpc_serving(r.target), 60)
            if seed:
                self._seed()
            self.start("reflection")
            self._wait("reflection", lambda: _grpc_serving(self.profile.target("reflection")), 30)
            if "envoy" in self._changed_configs:
                self._ctl("restart", "envoy", check=False)  # started anew on the new config, or started
            else:
                self.start("envoy")
            self._wait("Envoy", self._envoy_ready, 60)
        if "prometheus" in self._changed_configs:
            urllib.request.urlopen(urllib.request.Request(f"{self.profile.prometheus_url}/-/reload", method="POST"))
        self._record_duration("up", time.monotonic() - started, infra_only=infra_only)
        log(f"up in {time.monotonic() - started:.1f}s")

    def down(self) -> None:
        """Stops the stack in two waves, each program of a wave at once: first what serves requests (Envoy, the
        services, which drain and commit their consumers' offsets), then what they used (Kafka, PostgreSQL...).
        supervisord's own shutdown stops one program at a time, which took a minute."""
        if not self.supervisor_running():
            log(f"{self.profile.name} stack is not running")
            return
        started = time.monotonic()
        pid = int((self.state / "supervisord.pid").read_text().strip())
        serving = {"envoy", "reflection", "web", *(r.program for r in self._replicas())}
        with contextlib.suppress(OSError, xmlrpc.client.Error):  # supervisord's shutdown below still stops all
            supervisor = self._supervisor()
            running = {p["name"] for p in supervisor.getAllProcessInfo() if p["statename"] in _STOPPABLE}
            for wave in (running & serving, running - serving):
                for name in sorted(wave):
                    with contextlib.suppress(xmlrpc.client.Fault):  # stopped meanwhile
                        supervisor.stopProcess(name, False)
                deadline = time.monotonic() + 45
                while time.monotonic() < deadline and any(
                    p["name"] in wave and p["statename"] in (*_STOPPABLE, "STOPPING")
                    for p in supervisor.getAllProcessInfo()
                ):
                    time.sleep(0.1)
        self._ctl("shutdown", check=False)
        deadline = time.monotonic() + 90
        while _alive(pid):
            if time.monotonic() > deadline:
                raise SystemExit("supervisord did not stop in 90 s")
            time.sleep(0.2)
        busy = [name for name, port in self.profile.ports.items() if _port_open(port)]
        if busy:
            raise SystemExit(f"still listening after shutdown: {', '.join(busy)}")
        self._record_duration("down", time.monotonic() - started)
        log(f"{self.profile.name} stack stopped in {time.monotonic() - started:.1f}s; every port is free")

    @property
    def durations_file(self) -> Path:
        """How long the last ``up`` and ``down`` took (``make bench`` reports them)."""
        return self.state / "durations.json"

    def _record_duration(self, command: str, seconds: float, *, infra_only: bool = False) -> None:
        if infra_only:  # not what make up does
            return
        recorded = json.loads(self.durations_file.read_text()) if self.durations_file.exists() else {}
        recorded[command] = {"seconds": round(seconds, 1), "at": time.strftime("%Y-%m-%d %H:%M:%S")}
        self.durations_file.write_text(json.dumps(recorded, indent=2) + "\n")

    def status(self) -> str:
        if not self.supervisor_running():
            return f"{self.profile.name} stack is not running"
        return self._ctl("status", check=False).stdout

    # --- readiness -----------------------------------------------------------------------------------

    def wait_serving(self, within: float = 120.0) -> None:
        """Until every service answers SERVING and Envoy routes to each again (after a drill's fault)."""
        self._wait("every service", lambda: all(_grpc_serving(r.target) for r in self._replicas()), within)
        self._wait("Envoy", self._envoy_ready, within)

    def _replicas(self) -> list[Replica]:
        return [r for s in services() for r in self.profile.replicas(s.name)]

    def _wait(self, what: str, ready: object, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if ready():  # type: ignore[operator]
                    log(f"{what} ready")
                    return
            except Exception:
                pass
            if time.monotonic() > deadline:
                program = what.lower().replace("postgresql", "postgres")
                raise SystemExit(f"{what} not ready after {timeout:.0f}s; see {self.logs / program}.log")
            time.sleep(0.3)

    def _postgres_ready(self) -> bool:
        command = [
            str(PG_BIN / "pg_isready"),
            "-q",
            "-h",
            str(self.state / "postgres-socket"),
            "-p",
            str(self.profile.ports["postgres"]),
        ]
        return subprocess.run(command).returncode == 0

    def _psql(self, sql: str) -> str:
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

    def _ensure_database_role(self) -> None:
        if self._psql("SELECT 1 FROM pg_roles WHERE rolname = 'shopmesh'") != "1":
            self._psql("CREATE ROLE shopmesh LOGIN CREATEDB PASSWORD 'shopmesh'")

    def _redis_ready(self) -> bool:
        import redis

        with redis.Redis.from_url(self.profile.redis_url_as(), socket_timeout=2) as client:
            return bool(client.ping())

    def _objectstore_ready(self) -> bool:
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

        return _run_async(check())

    def _kafka_ready(self) -> bool:
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

        return _run_async(check())

    def _create_topics(self, partitions: int = 6) -> None:
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

        created = _run_async(create())
        if created:
            log(f"created topics {', '.join(created)}")

    def _envoy_ready(self) -> bool:
        base = f"http://127.0.0.1:{self.profile.ports['envoy_admin']}"
        with urllib.request.urlopen(f"{base}/ready", timeout=2) as response:
            if response.status != 200:
                return False
        with urllib.request.urlopen(f"{base}/stats?filter=jwks_fetch_success", timeout=2) as response:
            fetched = any(
                line.split(":")[-1].strip() not in ("", "0") for line in response.read().decode().splitlines()
            )
        with urllib.request.urlopen(f"{base}/clusters", timeout=2) as response:
            clusters = response.read().decode()
        healthy = all(f"{r.service}::127.0.0.1:{r.port}::health_flags::healthy" in clusters for r in self._replicas())
        return fetched and healthy

    def _seed(self) -> None:
        """The demo data: the catalog first, then stock for every product (both idempotent); then the search
        index is made to match them (the consumer keeps it current, but a stack whose Kafka data predates
        its search database would otherwise never see its products)."""
        for name, command in (("catalog", "seed-demo"), ("inventory", "seed-demo"), ("search", "rebuild")):
            result = self._service_command(name, command)
            if result.returncode != 0:
                raise SystemExit(f"{name} {command} failed:\n{result.stdout}{result.stderr}")
            log(result.stdout.strip().splitlines()[-1])

    def _service_command(self, name: str, command: str, root: Path | None = None) -> subprocess.CompletedProcess[str]:
        """``python -m services.<name> <command>`` with the service's environment, on the code of ``root`` (by
        default what the service runs)."""
        service = next(s for s in services() if s.name == name)
        root = root or self.code_of(name)
        env = {**os.environ, **self.profile.service_env(service), **self._code_env(root)}
        return subprocess.run(
            [str(VENV_BIN / "python"), "-m", f"services.{name}", command],
            env=env,
            capture_output=True,
            text=True,
            cwd=root,
        )

    def migrate(self, root: Path | None = None) -> None:
        """Applies every service's migrations to this profile's databases (``make migrate``): those of ``root``'s
        checkout when given (the release drills migrate the older revision first, then this one)."""
        for service in services():
            if not service.database:
                continue
            result = self._service_command(service.name, "migrate", root)
            if result.returncode != 0:
                raise SystemExit(f"{service.name} migrate failed:\n{result.stdout}{result.stderr}")
            log(f"{service.name}: migrated")

    def endpoints(self) -> str:
        ports = self.profile.ports
        rows = [
            ("Shop and admin console (browser)", f"{self.profile.gateway_url}/  ({self.profile.gateway_url}/admin)"),
            ("REST + gRPC gateway (Envoy)", self.profile.gateway_url),
            ("Envoy admin", f"http://127.0.0.1:{ports['envoy_admin']}"),
            *((f"{s.name} (gRPC)", "  ".join(r.target for r in self.profile.replicas(s.name))) for s in services()),
            ("PostgreSQL", f"postgresql://shopmesh:shopmesh@127.0.0.1:{ports['postgres']}/<service>"),
            ("Redis (ACL users)", f"{self.profile.redis_url}  (admin: {self.state / 'secrets' / 'redis-admin.url'})"),
            (
                "Kafka (SASL/SCRAM, ACLs)",
                f"{self.profile.kafka_bootstrap}  (admin: {self.state / 'secrets' / 'kafka-admin.properties'})",
            ),
            (
                "REST API reference (OpenAPI)",
                f"{self.profile.gateway_url}/docs  ({self.profile.gateway_url}/openapi.json)",
            ),
            ("Traces (Zipkin UI)", f"{self.profile.zipkin_url}/zipkin/"),
            ("Metrics and alerts (Prometheus)", self.profile.prometheus_url),
            ("SMTP sink (mail lands in)", f"127.0.0.1:{self.profile.ports['smtp']} → {self.profile.maildir}"),
            ("Admin login", f"{self.profile.admin_email} / {self.profile.admin_password}"),
            ("Logs", str(self.logs)),
        ]
        width = max(len(name) for name, _ in rows)
        return "\n".join(f"  {name.ljust(width)}  {value}" for name, value in rows)


def _write_secret(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(0o600)


def _run_async(coroutine: Any) -> Any:
    """Runs a coroutine to completion on a loop of its own, also when called from async code (tests)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _http_ok(url: str) -> bool:
    with urllib.request.urlopen(url, timeout=2) as response:
        return bool(response.status == 200)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def _grpc_serving(target: str) -> bool:
    import grpc
    from grpc_health.v1 import health_pb2, health_pb2_grpc

    with grpc.insecure_channel(target) as channel:
        response = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(), timeout=1)
    return bool(response.status == health_pb2.HealthCheckResponse.SERVING)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["up", "down", "status", "migrate"])
    parser.add_argument("--profile", choices=["dev", "test", "release"], default="dev")
    parser.add_argument("--infra-only", action="store_true", help="PostgreSQL, Redis and Kafka only")
    parser.add_argument("--no-seed", action="store_true", help="do not load the demo catalog")
    args = parser.parse_args()
    stack = Stack(Profile.named(args.profile))
    if args.command == "up":
        stack.up(infra_only=args.infra_only, seed=not args.no_seed)
        print(f"\nShopMesh ({args.profile}) is up:\n{stack.endpoints()}\n")
    elif args.command == "down":
        stack.down()
    elif args.command == "migrate":
        stack.migrate()
    else:
        print(stack.status())
    return 0


if __name__ == "__main__":
    sys.exit(main())
