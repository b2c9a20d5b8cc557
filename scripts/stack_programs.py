"""supervisord's configuration for a local stack: one program per process (the infrastructure, each replica of
each service on the code of its checkout, canaries, the rate limit service, Envoy), each logging to
``logs/<program>.log`` and stopped with its process group."""

from __future__ import annotations

from pathlib import Path

from scripts.mesh import DESCRIPTOR_SET, ROOT, TOOLS, VENV_BIN, WEB_DIST, Profile, services
from scripts.stack_infrastructure import AS_ROOT, PG_BIN, kafka_java


def supervisor_quoted(value: str) -> str:
    """A value for supervisord's ``environment=``: quoted (its lexer knows no escapes, so a value holding double
    quotes, JSON say, goes in single quotes), ``%`` doubled."""
    quote = "'" if '"' in value else '"'
    assert quote not in value, f"supervisord cannot carry a value with both kinds of quotes: {value!r}"
    return f"{quote}{value}{quote}".replace("%", "%%")


def code_env(root: Path) -> dict[str, str]:
    """What makes a process import ``root``'s services and generated code before the virtualenv's path entries
    (which name this checkout)."""
    return {} if root == ROOT else {"PYTHONPATH": f"{root}:{root / 'gen'}"}


# glibc gives each thread that allocates an arena of its own, up to eight per core, each keeping what it once
# held: the JVMs' and gRPC's threads kept megabytes each that way. Two arenas serve a local stack's processes.
FEW_MALLOC_ARENAS = {"MALLOC_ARENA_MAX": "2"}


class SupervisorConfig:
    def __init__(
        self,
        profile: Profile,
        *,
        code: dict[str, Path],
        canaries: dict[str, tuple[list[str], Path]],
        extra_env: dict[str, dict[str, str]],
    ) -> None:
        """``code``, ``canaries`` and ``extra_env`` are the stack's own (see :class:`scripts.stack.Stack`): what they
        hold when :meth:`render` runs is what the configuration says."""
        self.profile = profile
        self.state = profile.state_dir
        self.logs = self.state / "logs"
        self.code = code
        self.canaries = canaries
        self.extra_env = extra_env

    @property
    def fork_socket(self) -> Path:
        return self.state / "fork-server.sock"

    def service_command(self, module: str, *, forked: bool) -> list[str]:
        """``python -m <module>``; for this checkout's services a fork of the fork server (scripts/fork_server.py),
        whose imported code the services then share: 13 services' memory is mostly that code."""
        if not forked:
            return [str(VENV_BIN / "python"), "-m", module]
        return [str(VENV_BIN / "python"), "-S", "-m", "scripts.forked_service", str(self.fork_socket), module]

    def program(
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
            lines.append("environment=" + ",".join(f"{k}={supervisor_quoted(v)}" for k, v in env.items()))
        return "\n".join(lines) + "\n"

    def _objectstore(self) -> str:
        """SeaweedFS (master, volume, filer and S3 API in one process): product images' bytes, over S3."""
        ports = self.profile.ports
        return self.program(
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

    def _ratelimit(self) -> str:
        """Envoy's global rate limit service (scripts/rate_limits.py), counting in Redis as its own ACL user."""
        ports = self.profile.ports
        return self.program(
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

    def render(self) -> str:
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
            self.program(
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
            self.program(
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
            self.program(
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
            self.program(
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
            self.program(
                "kafka",
                kafka_java("kafka.Kafka", str(self.state / "kafka" / "server.properties"), heap="256m"),
                env=FEW_MALLOC_ARENAS,
                stopwaitsecs=40,
            ),
            self.program(
                "zipkin",
                [
                    "java",
                    "-Xms32m",
                    "-Xmx384m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",  # starts in seconds; a local trace store needs no peak speed
                    # Netty (under Armeria) keeps a pool of 16 MiB chunks per core: one pool does locally.
                    "-Dio.netty.allocator.numDirectArenas=1",
                    "-Dio.netty.allocator.numHeapArenas=1",
                    "-jar",
                    str(TOOLS / "zipkin" / "zipkin-server.jar"),
                    "--armeria.ports[0].ip=127.0.0.1",
                    f"--armeria.ports[0].port={ports['zipkin']}",
                    "--armeria.ports[0].protocols=http",
                ],
                env={"STORAGE_TYPE": "mem", "MEM_MAX_SPANS": "200000", **FEW_MALLOC_ARENAS},
                stopwaitsecs=20,
            ),
            self._objectstore(),
            self.program(
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
                env={"GOMEMLIMIT": "96MiB"},  # as the object store's: the heap grows to twice what is live
                stopwaitsecs=20,
            ),
        ]
        programs.append(
            self.program(
                "fork-server",
                [str(VENV_BIN / "python"), "-m", "scripts.fork_server", "--socket", str(self.fork_socket)],
                # The services' malloc is set up here, and they inherit it. A fixed threshold above which blocks are
                # mapped (and unmapped when freed): glibc's moving one let identity's password hashes (64 MiB
                # each) stay in its heap for good, 100 MB after a few logins.
                env={"PYTHONUNBUFFERED": "1", **FEW_MALLOC_ARENAS, "MALLOC_MMAP_THRESHOLD_": str(1 << 20)},
                autostart=False,
                stopwaitsecs=5,
            )
        )
        for service in services():
            for replica in self.profile.replicas(service.name):
                env = {
                    **self.profile.service_env(service, replica),
                    "PYTHONUNBUFFERED": "1",
                    **code_env(self.code.get(replica.program, ROOT)),
                    **self.extra_env.get(service.name, {}),
                }
                root = self.code.get(replica.program, ROOT)
                programs.append(
                    self.program(
                        replica.program,
                        self.service_command(f"services.{service.name}", forked=root == ROOT),
                        env=env,
                        autostart=False,
                        stopwaitsecs=20,
                        directory=root,
                    )
                )
            if service.name in self.canaries:
                command, root = self.canaries[service.name]
                canary = self.profile.canary(service.name)
                env = {
                    **self.profile.service_env(service, canary),
                    "PYTHONUNBUFFERED": "1",
                    **code_env(root),
                    **self.extra_env.get(service.name, {}),
                }
                programs.append(
                    self.program(
                        canary.program,
                        [str(VENV_BIN / "python"), *command],
                        env=env,
                        autostart=False,
                        stopwaitsecs=20,
                        directory=root,
                    )
                )
        programs.append(self._ratelimit())
        programs.append(
            self.program(
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
            self.program(
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
