"""Keeps Linux from lending a local stack's listening ports to outgoing connections.

An outgoing TCP connection takes a free local port from the ephemeral range (``net.ipv4.ip_local_port_range``,
32768-60999 by default). The dev stack's services listen on 50051... and their metrics on 51051..., inside it:
a connection another process opened a moment earlier (a service's pool to PostgreSQL, a Kafka client) may hold
127.0.0.1:50052 when catalog starts, and catalog then cannot bind until that connection closes (seen once:
``make up`` gave up after 90 s of "Address already in use"). The test stack's ports sit below the range.

:func:`reserve` adds the profile's ports that fall in the range to ``net.ipv4.ip_local_reserved_ports`` (keeping
what is reserved already), which only stops the kernel handing them out on its own: binding them explicitly still
works. It needs root; otherwise the stack says which command would do it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

PORT_RANGE = Path("/proc/sys/net/ipv4/ip_local_port_range")
RESERVED = Path("/proc/sys/net/ipv4/ip_local_reserved_ports")


def parse(text: str) -> set[int]:
    """``"50051-50053,51051"`` → {50051, 50052, 50053, 51051}."""
    ports: set[int] = set()
    for item in filter(None, (part.strip() for part in text.split(","))):
        low, _, high = item.partition("-")
        ports.update(range(int(low), int(high or low) + 1))
    return ports


def compact(ports: Iterable[int]) -> str:
    """{50051, 50052, 50053, 51051} → ``"50051-50053,51051"``."""
    runs: list[list[int]] = []
    for port in sorted(set(ports)):
        if runs and port == runs[-1][1] + 1:
            runs[-1][1] = port
        else:
            runs.append([port, port])
    return ",".join(f"{low}" if low == high else f"{low}-{high}" for low, high in runs)


def wanted(ports: Iterable[int], ephemeral: tuple[int, int], reserved: set[int]) -> str | None:
    """The new reserved list when some of ``ports`` are in the ephemeral range and not reserved yet, else None."""
    low, high = ephemeral
    missing = {p for p in ports if low <= p <= high} - reserved
    return compact(reserved | missing) if missing else None


def reserve(ports: Iterable[int]) -> str | None:
    """Reserves ``ports`` from the ephemeral range; returns the sysctl setting still needed when it could not."""
    if not PORT_RANGE.exists() or not RESERVED.exists():  # not Linux, or no such knob in this network namespace
        return None
    low, high = (int(part) for part in PORT_RANGE.read_text().split())
    setting = wanted(ports, (low, high), parse(RESERVED.read_text()))
    if setting is None:
        return None
    try:
        RESERVED.write_text(setting + "\n")
    except OSError:
        return setting
    return None
