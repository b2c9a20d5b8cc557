"""CPU time used by each program of a stack (the process and everything it started), from /proc.

For the bench: the CPU a scenario costs each program, per operation, shows where a request's work goes and what
two cores can carry at most. PostgreSQL's backends are children of its postmaster, so they count for
``postgres``; children that exited in between count through their parent's ``cutime``/``cstime``.
"""

from __future__ import annotations

import os
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, int]]:
    """pid → (parent pid, CPU ticks of the process and of its children that exited)."""
    found: dict[int, tuple[int, int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "; comm may hold spaces
        # fields[0] is state (field 3): ppid is field 4, utime..cstime fields 14-17
        found[int(entry.name)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))
    return found


def cpu_seconds(roots: dict[str, int]) -> dict[str, float]:
    """Program → CPU seconds used so far by the process ``roots[program]`` and its descendants."""
    processes = _processes()
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in processes.items():
        children.setdefault(parent, []).append(pid)
    used: dict[str, float] = {}
    for program, root in roots.items():
        ticks, stack = 0, [root]
        while stack:
            pid = stack.pop()
            if pid in processes:
                ticks += processes[pid][1]
                stack.extend(children.get(pid, ()))
        used[program] = ticks / _TICKS
    return used


def per_operation_ms(before: dict[str, float], after: dict[str, float], operations: int) -> dict[str, float]:
    """Program → CPU milliseconds per operation between two :func:`cpu_seconds` readings, largest first."""
    spent = {name: (after[name] - before.get(name, 0.0)) * 1000 / max(operations, 1) for name in after}
    return dict(sorted(spent.items(), key=lambda item: -item[1]))
