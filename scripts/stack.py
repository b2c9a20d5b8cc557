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
from pathlib import Path
from typing import Any

from scripts import reserved_ports
from scripts.mesh import DESCRIPTOR_SET, OPENAPI, ROOT, TOOLS, VENV_BIN, WEB_DIST, Profile, Replica, services
from scripts.stack_infrastructure import Infrastructure, log, write_secret
from scripts.stack_programs import SupervisorConfig, code_env

_STOPPABLE = ("RUNNING", "STARTING", "BACKOFF")  # supervisord states of a program that stopProcess stops


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
        self.infrastructure = Infrastructure(profile)
        self.config = SupervisorConfig(profile, code=self.code, canaries=self.canaries, extra_env=self.extra_env)

    # --- configuration ------------------------------------------------------------------------------

    def _prepare(self) -> None:
        for folder in (self.state, self.logs, self.state / "secrets", self.state / "kafka", self.state / "prometheus"):
            folder.mkdir(parents=True, exist_ok=True)
        from scripts.monitoring import prometheus_config

        self._changed_configs.clear()  # of running programs: restarted (or reloaded) once the stack is up
        self._write_config("prometheus", self.state / "prometheus.yml", prometheus_config(self.profile))
        self.infrastructure.prepare_postgres()
        self.infrastructure.prepare_redis()
        from scripts.rate_limits import service_config

        config = self.state / "ratelimit" / "runtime" / "config"
        config.mkdir(parents=True, exist_ok=True)
        (config / "shopmesh.yaml").write_text(service_config(services(), exempt=("127.0.0.1",)))
        self.infrastructure.prepare_kafka()
        (self.state / "objectstore").mkdir(exist_ok=True)
        write_secret(self.state / "secrets" / "s3-identities.json", json.dumps(self.profile.s3_identities(), indent=2))
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
        self.conf.write_text(self.config.render())

    def _write_config(self, program: str, path: Path, text: str) -> None:
        """Writes ``program``'s config; a change (other replicas, other ports) reaches it at the end of ``up``."""
        if path.exists() and path.read_text() != text:
            self._changed_configs.add(program)
        path.write_text(text)

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
        """Starts the programs all at once and returns when each has stayed up for its ``startsecs`` (or has given
        up). ``supervisorctl start`` starts one after another, a second or more each: 13 services took 16 s."""
        programs = self.profile.programs(*names)
        supervisor = self._supervisor()
        for name in programs:
            with contextlib.suppress(xmlrpc.client.Fault):  # running already, or no such program
                supervisor.startProcess(name, False)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            states = {p["name"]: p["statename"] for p in supervisor.getAllProcessInfo()}
            if not any(states.get(name) in ("STARTING", "BACKOFF") for name in programs):
                return
            time.sleep(0.1)

    def stop(self, *names: str) -> None:
        self._ctl("stop", *self.profile.programs(*names), check=False)

    def kill(self, *names: str) -> None:
        """SIGKILL, as a crash would end them; supervisord starts them again."""
        self._ctl("signal", "KILL", *self.profile.programs(*names), check=False)

    def code_of(self, service: str) -> Path:
        """The checkout ``service``'s first replica runs (its seeds and migrations run from it)."""
        return self.code.get(self.profile.replicas(service)[0].program, ROOT)

    def run_code(self, replica: Replica, root: Path) -> None:
        """Replaces one replica: stopped gracefully (it drains), started again on the code of ``root``; returns
        once it serves and the gateway routes to it again."""
        self.code[replica.program] = root
        self.conf.write_text(self.config.render())
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
        self.conf.write_text(self.config.render())
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
        self.conf.write_text(self.config.render())
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
        self.conf.write_text(self.config.render())
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
        cold = not self.supervisor_running()  # an up of a stopped stack: what make bench reports
        self._start_supervisor()
        if not (WEB_DIST / "index.html").exists():
            raise SystemExit("the storefront is not built: run scripts/bootstrap.sh (it builds web/ with npm)")
        if not (TOOLS / "bin" / "weed").exists():
            raise SystemExit("the object store (SeaweedFS) is missing: run scripts/bootstrap.sh (needs Go)")
        # The fork server imports the services' code meanwhile (it needs nothing else).
        self.start("postgres", "redis", "kafka", "smtp", "zipkin", "prometheus", "web", "objectstore", "fork-server")
        self._wait("PostgreSQL", self.infrastructure.postgres_ready, 60)
        self.infrastructure.ensure_database_role()
        self._wait("Redis", self.infrastructure.redis_ready, 30)
        if not (TOOLS / "bin" / "ratelimit").exists():
            raise SystemExit("the rate limit service is missing: run scripts/bootstrap.sh (needs Go)")
        self.start("ratelimit")
        self._wait("the SMTP sink", lambda: _port_open(self.profile.ports["smtp"]), 30)
        self._wait("web", lambda: _http_ok(f"http://127.0.0.1:{self.profile.ports['web']}/"), 30)
        self._wait("Kafka", self.infrastructure.kafka_ready, 90)
        self.infrastructure.apply_kafka_access()
        self.infrastructure.create_topics()
        self._wait("Zipkin", lambda: _http_ok(f"{self.profile.zipkin_url}/health"), 90)
        self._wait("Prometheus", lambda: _http_ok(f"{self.profile.prometheus_url}/-/ready"), 60)
        self._wait("the object store", self.infrastructure.objectstore_ready, 60)
        ratelimit = f"http://127.0.0.1:{self.profile.ports['ratelimit_http']}/healthcheck"
        self._wait("the rate limit service", lambda: _http_ok(ratelimit), 30)
        if not infra_only:
            mesh = services()
            self._wait("the fork server", lambda: _unix_socket_open(self.config.fork_socket), 60)
            self.start(*(s.name for s in mesh), "reflection")
            for replica in self._replicas():
                self._wait(replica.program, lambda r=replica: _grpc_serving(r.target), 60)
            # Envoy comes up while the demo data is loaded: it needs the services serving, not their data.
            if "envoy" in self._changed_configs:
                self._ctl("restart", "envoy", check=False)  # started anew on the new config, or started
            else:
                self.start("envoy")
            if seed:
                self._seed()
            self._wait("reflection", lambda: _grpc_serving(self.profile.target("reflection")), 30)
            self._wait("Envoy", self._envoy_ready, 60)
        if "prometheus" in self._changed_configs:
            urllib.request.urlopen(urllib.request.Request(f"{self.profile.prometheus_url}/-/reload", method="POST"))
        if cold:
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
        serving = {"envoy", "reflection", "web", *(r.program for r in self._replicas())}  # then the fork server
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
        """How long the last ``up`` of a stopped stack and the last ``down`` took (``make bench`` reports them)."""
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
        default what the service runs); forked from the fork server when it runs (no second of imports)."""
        service = next(s for s in services() if s.name == name)
        root = root or self.code_of(name)
        env = {**os.environ, **self.profile.service_env(service), **code_env(root)}
        forked = root == ROOT and _unix_socket_open(self.config.fork_socket)
        return subprocess.run(
            [*self.config.service_command(f"services.{name}", forked=forked), command],
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


def _port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _unix_socket_open(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(str(path)) == 0


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
