"""The local stack's fork server (scripts/fork_server.py) and the launcher supervisord runs for each service
(scripts/forked_service.py), as real processes: a launcher's program runs as a fork of the server (its imports
already done there), with the launcher's arguments, environment, working directory, output and process group;
it exits with the launcher's exit code; a signal to the launcher reaches it; a launcher killed outright takes
it along; the bench charges it to its launcher's program. Without a server, or with code changed since the
server imported it, the launcher runs the program itself."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts import process_usage
from scripts.mesh import ROOT
from tests.eventually import until

PYTHON = sys.executable


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    path = tmp_path / "fork.sock"
    process = subprocess.Popen(
        [PYTHON, "-m", "scripts.fork_server", "--socket", str(path), "--preload", "tests.eventually"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        process_group=0,  # a group of its own in this session, as supervisord starts each program
    )
    until(path.exists, 30, "the fork server listening")
    yield process, path
    if process.poll() is None:
        process.terminate()
    process.wait(10)


_LAUNCHED: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def _no_launcher_left() -> Iterator[None]:
    """A test that fails midway leaves no launcher (nor, with it, its program) running."""
    yield
    while _LAUNCHED:
        launcher = _LAUNCHED.pop()
        if launcher.poll() is None:
            os.killpg(launcher.pid, signal.SIGKILL)
            launcher.wait(10)


def _launch(socket_path: Path, *args: str, cwd: Path = ROOT, value: str = "") -> subprocess.Popen[str]:
    launcher = subprocess.Popen(
        [PYTHON, "-S", "-m", "scripts.forked_service", str(socket_path), "tests.forked_program", *args],
        cwd=cwd,
        env={**os.environ, "FORKED_PROGRAM_VALUE": value, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        process_group=0,  # a group of its own, as supervisord starts a program
    )
    _LAUNCHED.append(launcher)
    return launcher


def _first_line(launcher: subprocess.Popen[str]) -> dict[str, object]:
    assert launcher.stdout is not None
    return json.loads(launcher.stdout.readline())


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


def test_a_launched_program_is_a_fork_of_the_server_with_the_launchers_arguments_environment_and_exit_code(
    server, tmp_path
):
    process, path = server
    launcher = _launch(path, "exit", "7", cwd=tmp_path, value="from the launcher")
    seen = _first_line(launcher)
    assert launcher.wait(20) == 7
    assert seen["parent"] == process.pid != seen["pid"]  # forked by the server...
    assert seen["preloaded"] is True  # ...whose imports it shares
    assert seen["group"] == launcher.pid  # in the launcher's group: supervisord's stop and kill reach it
    assert seen["argv"] == ["exit", "7"]
    assert seen["cwd"] == str(tmp_path)
    assert seen["value"] == "from the launcher"


def test_a_signal_to_the_launcher_reaches_the_program_and_its_exit_ends_the_launcher(server):
    _process, path = server
    launcher = _launch(path, "wait")
    _first_line(launcher)
    launcher.send_signal(signal.SIGTERM)
    assert launcher.wait(20) == 0
    assert launcher.stdout is not None
    assert launcher.stdout.read().strip() == "stopping"


def test_a_launcher_killed_outright_takes_its_program_along(server):
    _process, path = server
    launcher = _launch(path, "wait")
    child = int(_first_line(launcher)["pid"])  # type: ignore[call-overload]
    launcher.kill()
    launcher.wait(10)
    until(lambda: _gone(child), 10, "the program ended with its launcher")


def test_the_bench_charges_a_forked_program_to_its_launcher_not_to_the_server(server):
    process, path = server
    launcher = _launch(path, "burn")
    try:
        _first_line(launcher)
        assert launcher.stdout is not None
        assert launcher.stdout.readline().strip() == "burnt"
        used = process_usage.cpu_seconds({"server": process.pid, "launcher": launcher.pid})
        assert used["launcher"] >= 0.5, used
        assert used["server"] < 0.5, used
    finally:
        launcher.terminate()
        launcher.wait(20)


def test_code_changed_since_the_server_imported_it_is_run_afresh_and_the_server_exits_to_be_restarted(server):
    process, path = server
    module = ROOT / "tests" / "eventually.py"  # imported by the server
    stat = module.stat()
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    try:
        launcher = _launch(path, "exit", "0")
        assert launcher.stdout is not None
        lines = launcher.stdout.read().splitlines()
        assert launcher.wait(20) == 0
        seen = json.loads(lines[-1])
        assert seen["pid"] == launcher.pid  # the launcher became the program: nothing stale ran
        assert seen["preloaded"] is False
        assert process.wait(10) == 3
    finally:
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_without_a_server_the_launcher_runs_the_program_itself(tmp_path):
    started = time.monotonic()
    launcher = _launch(tmp_path / "no-server.sock", "exit", "5")
    assert launcher.stdout is not None
    said, seen = launcher.stdout.readline(), _first_line(launcher)
    assert launcher.wait(30) == 5
    assert "no fork server" in said
    assert seen["pid"] == launcher.pid
    assert time.monotonic() - started < 20
