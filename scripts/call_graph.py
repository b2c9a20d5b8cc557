"""Which gRPC methods each service calls, read from the code itself (no list to keep in sync).

Every module of ``services/<name>/`` is parsed: a name or attribute bound to a generated stub
(``catalog_service_pb2_grpc.CatalogServiceStub(channel)``) and every ``<that>.<Method>(...)`` call on it
make an edge ``name → /package.Service/Method``. Calls made by the shared runtime (``services/runtime``:
fetching identity's keys, say) are made by every service. A service never needs leave to call itself.

The Istio AuthorizationPolicies of the chart are generated from this graph, and a test renders the chart
and compares its allow-lists with it again, so a new call cannot ship without its permission.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from scripts.mesh import ROOT, MeshService

SERVICES_DIR = ROOT / "services"
RUNTIME = "runtime"


def _key(node: ast.expr) -> str | None:
    """``stub`` or ``self._stub``: the things a stub can be bound to."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
        return f"{node.value.id}.{node.attr}"
    return None


def _stub_class(node: ast.expr) -> str | None:
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if name.endswith("Stub"):
            return name.removesuffix("Stub")
    return None


def _calls_in(source: str) -> set[tuple[str, str]]:
    """(service simple name, method) pairs called through stubs in one module."""
    tree = ast.parse(source)
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            stub = _stub_class(node.value)
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                key = _key(target)
                if stub and key:
                    bound[key] = stub
    calls = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            key = _key(node.func.value)
            if key in bound:
                calls.add((bound[key], node.func.attr))
    return calls


def _package_calls(package: Path, full_names: dict[str, str]) -> set[str]:
    paths = set()
    for module in sorted(package.rglob("*.py")):
        for service, method in _calls_in(module.read_text()):
            if service not in full_names:
                raise LookupError(f"{module}: calls {service}, which no service of services/mesh.toml serves")
            paths.add(f"/{full_names[service]}/{method}")
    return paths


def call_graph(mesh: list[MeshService]) -> dict[str, dict[str, list[str]]]:
    """``{callee: {caller: [method paths]}}`` for every service of the mesh that someone calls."""
    owner = {grpc_service: s.name for s in mesh for grpc_service in s.grpc_services}
    full_names = {grpc_service.rsplit(".", 1)[1]: grpc_service for grpc_service in owner}
    runtime_calls = _package_calls(SERVICES_DIR / RUNTIME, full_names)
    graph: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for caller in mesh:
        for path in _package_calls(SERVICES_DIR / caller.name, full_names) | runtime_calls:
            callee = owner[path.split("/")[1]]
            if callee != caller.name:
                graph[callee][caller.name].add(path)
    return {callee: {c: sorted(p) for c, p in sorted(callers.items())} for callee, callers in sorted(graph.items())}
