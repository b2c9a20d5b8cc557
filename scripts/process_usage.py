"""CPU time and memory used by each program of a stack (the process and everything it started), from /proc.

For the bench: the CPU a scenario costs each program, per operation, shows where a request's work goes and what
two cores can carry at most. PostgreSQL's backends are children of its postmaster, so they count for
``postgres``; children that exited in between count through their parent's ``cutime``/``cstime``. For the soak
(scripts/soak.py), each program's memory: the proportional set size (PSS) of the tree, so pages the processes
share (PostgreSQL's shared buffers) count once.
"""

from __future__ import annotations

import os
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, int, int]]:
    """pid → (parent pid, process group, CPU ticks of the process and of its children that exited)."""
    found: dict[int, tuple[int, int, int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (comm) "; comm may hold spaces
        # fields[0] is state (field 3): ppid is field 4, pgrp field 5, utime..cstime fields 14-17
        found[int(entry.name)] = (int(fields[1]), int(fields[2]), sum(int(f) for f in fields[11:15]))
    return found


def _trees(roots: dict[str, int], processes: dict[int, tuple[int, int, int]]) -> dict[str, list[int]]:
    """Program → the pids of ``roots[program]``'s process group and their descendants, except those in another
    program's group. supervisord starts each program as a process group of its own; a service forked by the
    local stack's fork server is the fork server's child but joins its launcher's group, so it counts for its
    own program, not the fork server's."""
    children: dict[int, list[int]] = {}
    groups: dict[int, list[int]] = {}
    for pid, (parent, group, _) in processes.items():
        children.setdefault(parent, []).append(pid)
        groups.setdefault(group, []).append(pid)
    others = set(roots.values())
    trees: dict[str, list[int]] = {}
    for program, root in roots.items():
        pids, seen, stack = [], set(), [root, *groups.get(root, ())]
        while stack:
            pid = stack.pop()
            if pid in seen or pid not in processes:
                continue
            seen.add(pid)
            if pid != root and processes[pid][1] != root and processes[pid][1] in others:
                continue  # another program's
            pids.append(pid)
            stack.extend(children.get(pid, ()))
        trees[program] = pids
    return trees


def cpu_seconds(roots: dict[str, int]) -> dict[str, float]:
    """Program → CPU seconds used so far by the process ``roots[program]`` and its descendants."""
    processes = _processes()
    return {
        program: sum(processes[pid][2] for pid in pids) / _TICKS for program, pids in _trees(roots, processes).items()
    }


def memory_bytes(roots: dict[str, int]) -> dict[str, int]:
    """Program → PSS in bytes of the process ``roots[program]`` and its descendants."""
    return {program: sum(sizes) for program, sizes in _sizes(roots, "smaps_rollup", "Pss:").items()}


def _sizes(roots: dict[str, int], file: str, field: str) -> dict[str, list[int]]:
    """Program → ``field`` (a size in kB) of ``/proc/<pid>/<file>``, in bytes, for each process of its tree."""
    sizes: dict[str, list[int]] = {}
    for program, pids in _trees(roots, _processes()).items():
        sizes[program] = []
        for pid in pids:
            try:
                text = Path(f"/proc/{pid}/{file}").read_text()
            except OSError:  # gone meanwhile, or not ours to read
                continue
            sizes[program].append(
                next((int(line.split()[1]) * 1024 for line in text.splitlines() if line.startswith(field)), 0)
            )
    return sizes


def per_operation_ms(before: dict[str, float], after: dict[str, float], operations: int) -> dict[str, float]:
    """Program → CPU milliseconds per operation between two :func:`cpu_seconds` readings, largest first."""
    spent = {name: (after[name] - before.get(name, 0.0)) * 1000 / max(operations, 1) for name in after}
    return dict(sorted(spent.items(), key=lambda item: -item[1]))


def largest_resident_bytes(roots: dict[str, int]) -> dict[str, int]:
    """Program → the resident memory (RSS) of the largest process of ``roots[program]``'s tree: what that process
    would hold alone, as in a pod of its own, where no other service shares its pages. (A forked service's PSS on
    the local stack leaves out the pages it shares with the fork server and its siblings.)"""
    return {program: max(sizes, default=0) for program, sizes in _sizes(roots, "status", "VmRSS:").items()}
