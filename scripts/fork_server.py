"""The local stack's fork server: one process imports every service's code once, and each service process is
forked from it, so the pages of that imported code (most of a Python service's memory) are shared by all of
them instead of loaded once per process.

    python -m scripts.fork_server --socket .run/dev/fork-server.sock [--preload module ...]

supervisord still supervises each service as its own program: the program is :mod:`scripts.forked_service`, a
small launcher that asks this server for a fork and stands for it (see there). A request on the unix socket is
one message: a JSON object (``module``, ``argv``, ``env``, ``cwd``) sent with the launcher's stdin, stdout and
stderr as passed descriptors. The server forks; the child takes those descriptors, the environment, the
working directory and the launcher's process group (so supervisord's stop and kill of the program's group reach
it), and runs ``python -m <module>`` as the launcher would have. The server answers ``{"pid": n}`` and, once the
child has exited, ``{"exit": code}``.

Code changed since the server imported it would be run stale: before each fork the server compares the
modification times of the checkout's modules it imported; if one changed it refuses (the launcher then starts
the service from scratch) and exits, and supervisord starts the server again on the new code.

Only this checkout's services are forked: another revision's replicas (the release drills) and canaries run as
plain processes. In Kubernetes each container runs one service and none of this is used.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import gc
import importlib
import json
import os
import runpy
import selectors
import signal
import socket
import struct
import sys
import threading
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STDIO = 3  # descriptors a request passes: stdin, stdout, stderr
_LENGTH = struct.Struct("!I")  # a request is its JSON's length, then the JSON


# What services import only once they run (Kafka's client, the HTTP clients, the event loop, the trace
# exporter): imported here too, or each child would load its own copy.
_IMPORTED_WHEN_RUNNING = (
    "uvloop",
    "aiokafka",
    "aiokafka.admin",
    "httpx",
    "opentelemetry.exporter.zipkin.json",
    "opentelemetry.exporter.otlp.proto.http.trace_exporter",
)


def every_service_module() -> list[str]:
    """What the stack's services import: each one's bootstrap and the runtime's server (its ``__main__`` is
    run in the child), and what they import once running."""
    from scripts.mesh import services

    return ["services.runtime.server", *(f"services.{s.name}.bootstrap" for s in services()), *_IMPORTED_WHEN_RUNNING]


def _receive_request(connection: socket.socket) -> tuple[dict[str, object], list[int]]:
    data, fds, _flags, _address = socket.recv_fds(connection, 1 << 20, STDIO)
    if not data:
        raise EOFError  # a probe (is the server up?) that closed without asking
    try:
        (length,) = _LENGTH.unpack_from(data)
        while len(data) < _LENGTH.size + length:
            more = connection.recv(1 << 20)
            if not more:
                raise ConnectionError("the launcher went away mid-request")
            data += more
        return json.loads(data[_LENGTH.size : _LENGTH.size + length]), fds
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise


class ForkServer:
    def __init__(self, path: Path, preload: list[str]) -> None:
        self.path = path
        self.preload = preload
        self.children: dict[int, socket.socket] = {}  # child pid → its launcher's connection
        self._imported: dict[str, float] = {}  # source file of this checkout → its mtime when imported

    def load(self) -> None:
        for module in self.preload:
            importlib.import_module(module)
        self._imported = {path: mtime for path in self._sources() if (mtime := _mtime(path)) is not None}
        gc.collect()
        gc.freeze()  # what is imported now is never touched by the collector: its pages stay shared

    @staticmethod
    def _sources() -> list[str]:
        files = (getattr(module, "__file__", None) for module in list(sys.modules.values()))
        return sorted({f for f in files if f and f.startswith(str(ROOT)) and "/.venv/" not in f})

    def stale(self) -> list[str]:
        """The imported files of this checkout changed (or removed) since they were imported."""
        return [path for path, mtime in self._imported.items() if _mtime(path) != mtime]

    def serve(self) -> None:
        self.path.unlink(missing_ok=True)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(self.path))
        self.path.chmod(0o600)
        listener.listen(64)
        wake_read, wake_write = socket.socketpair()
        wake_read.setblocking(False)
        wake_write.setblocking(False)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        signal.set_wakeup_fd(wake_write.fileno())
        selector = selectors.DefaultSelector()
        selector.register(listener, selectors.EVENT_READ, "accept")
        selector.register(wake_read, selectors.EVENT_READ, "reap")
        print(f"fork server: {len(sys.modules)} modules imported; listening on {self.path}", flush=True)
        while True:
            for key, _ in selector.select():
                if key.data == "reap":
                    with contextlib.suppress(BlockingIOError):
                        while wake_read.recv(512):
                            pass
                    self._reap()
                    continue
                connection, _ = listener.accept()
                try:
                    self._fork(connection, [listener, wake_read, wake_write, selector])
                except EOFError:
                    connection.close()
                except Exception as error:  # one bad request must not end the server
                    print(f"fork server: request refused: {error!r}", flush=True)
                    connection.close()

    def _fork(self, connection: socket.socket, inherited: list[socket.socket | selectors.BaseSelector]) -> None:
        connection.settimeout(10)
        request, fds = _receive_request(connection)
        changed = self.stale()
        if changed:
            for fd in fds:
                os.close(fd)
            connection.sendall(json.dumps({"stale": changed[:5]}).encode() + b"\n")
            connection.close()
            print(f"fork server: code changed since it was imported ({', '.join(changed[:5])}); exiting", flush=True)
            sys.exit(3)  # supervisord starts it again, on the new code
        launcher_pid = struct.unpack("3i", connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))[0]
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            for other in [*inherited, *self.children.values()]:
                other.close()
            _become(request, fds, connection, launcher_pid)  # never returns
        for fd in fds:
            os.close(fd)
        connection.settimeout(None)
        self.children[pid] = connection
        with contextlib.suppress(OSError):
            connection.sendall(json.dumps({"pid": pid}).encode() + b"\n")

    def _reap(self) -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            connection = self.children.pop(pid, None)
            if connection is not None:
                with contextlib.suppress(OSError):
                    connection.sendall(json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode() + b"\n")
                connection.close()


def _mtime(path: str) -> float | None:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return None


def _become(request: dict[str, object], fds: list[int], connection: socket.socket, launcher_pid: int) -> None:
    """In the child: becomes ``python -m <module> <argv>`` as the launcher would have run it, then exits."""
    code: object = 1
    try:
        signal.set_wakeup_fd(-1)
        for signum in (signal.SIGCHLD, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
            signal.signal(signum, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        with contextlib.suppress(OSError):  # in the launcher's group: supervisord signals the program's group
            os.setpgid(0, os.getpgid(launcher_pid))
        os.chdir(str(request["cwd"]))
        os.environ.clear()
        os.environ.update({str(k): str(v) for k, v in dict(request["env"]).items()})  # type: ignore[call-overload]
        module = str(request["module"])
        with contextlib.suppress(OSError):
            Path("/proc/self/comm").write_text(module.rpartition(".")[2][:15])
        _die_with(connection)
        sys.argv = [module, *map(str, request["argv"])]  # type: ignore[call-overload]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    except BaseException:
        traceback.print_exc()
    with contextlib.suppress(BaseException):
        atexit._run_exitfuncs()
    if not isinstance(code, int):
        if code is not None:
            print(code, file=sys.stderr)
        code = 0 if code is None else 1
    with contextlib.suppress(BaseException):
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def _die_with(connection: socket.socket) -> None:
    """Ends this process the moment its launcher is gone (killed with SIGKILL, as a crash would end it): the
    launcher's end of the connection closes, and nothing else ever closes it."""

    connection.settimeout(None)  # blocking: the request's read timeout must not end the watch

    def watch() -> None:
        with contextlib.suppress(OSError):
            while connection.recv(1):
                pass
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="launcher-watch", daemon=True).start()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--socket", type=Path, required=True)
    parser.add_argument("--preload", nargs="*", help="modules to import (default: every service's)")
    args = parser.parse_args()
    server = ForkServer(args.socket, args.preload if args.preload is not None else every_service_module())
    server.load()
    server.serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
