"""The bench's and the soak's accounting: a program's CPU time and memory include the processes it started
(PostgreSQL's backends)."""

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from scripts import process_usage

# The grandchild burns 0.5 s of CPU, says so, then waits; its parent (the "program") itself needs far less.
BURN = (
    "import time\nend = time.process_time() + 0.5\nwhile time.process_time() < end: pass\n"
    "print('burnt', flush=True)\ninput()"
)


def test_a_program_is_charged_for_the_cpu_of_the_processes_it_started():
    program = subprocess.Popen(
        [sys.executable, "-c", f"import subprocess, sys; subprocess.run([sys.executable, '-c', {BURN!r}])"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert program.stdout is not None
        assert program.stdout.readline() == b"burnt\n"  # however busy the machine, the CPU was spent by now
        used = process_usage.cpu_seconds({"program": program.pid})["program"]
        assert used >= 0.5, f"only {used:.2f} s counted: the grandchild's CPU is missing"
    finally:
        program.communicate(b"\n", timeout=10)


def test_cpu_per_operation_is_largest_first_and_counts_only_the_interval():
    per_checkout = process_usage.per_operation_ms({"a": 1.0, "b": 2.0}, {"a": 1.5, "b": 2.1}, operations=10)
    assert list(per_checkout) == ["a", "b"]
    assert per_checkout == pytest.approx({"a": 50.0, "b": 10.0})


# The grandchild holds 64 MiB it has written to (resident), then waits.
HOLD = "block = bytearray(64 * 2**20)\nprint('ready', flush=True)\ninput()"


@contextmanager
def _holding_program() -> Iterator[int]:
    """A program (its pid) whose grandchild holds the 64 MiB of HOLD, until the block ends."""
    program = subprocess.Popen(
        [sys.executable, "-c", f"import subprocess, sys; subprocess.run([sys.executable, '-c', {HOLD!r}])"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert program.stdout is not None
        assert program.stdout.readline() == b"ready\n"
        yield program.pid
    finally:
        program.communicate(b"\n", timeout=10)


def test_a_program_is_charged_for_the_memory_of_the_processes_it_started():
    with _holding_program() as pid:
        used = process_usage.memory_bytes({"program": pid})["program"]
    assert used >= 64 * 2**20, f"only {used / 2**20:.0f} MiB counted: the grandchild's memory is missing"


def test_a_programs_pod_sized_memory_is_its_largest_process_whole():
    with _holding_program() as pid:
        largest = process_usage.largest_resident_bytes({"program": pid})["program"]
    assert largest >= 64 * 2**20, f"only {largest / 2**20:.0f} MiB: the grandchild's block is missing"
