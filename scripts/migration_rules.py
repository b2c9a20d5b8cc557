"""The migrations since the previous release only expand the schema (part of ``make check``).

    python -m scripts.migration_rules [--since <rev>]

During a rolling upgrade the new migrations run first and the previous release keeps serving on the migrated
schema (scripts/upgrade.py), so a migration may add (tables, nullable columns, columns with a server default,
indexes, wider keys) but not take away or change what the previous release reads and writes. Refused in a
migration file that did not exist at ``--since`` (``scripts.upgrade.PREVIOUS_RELEASE`` by default):

- ``op.drop_table``, ``op.drop_column``, ``op.rename_table``;
- ``op.alter_column`` renaming a column, changing its type, or making it NOT NULL;
- ``op.add_column`` of a NOT NULL column without a ``server_default`` (the previous release's inserts omit it);
- the same in ``op.execute`` SQL (DROP TABLE/COLUMN, RENAME, SET NOT NULL, ALTER COLUMN ... TYPE).

The contract step that drops what no running release reads any more is written on purpose: a line holding
``# contract:`` and the reason (which release stopped reading it) is exempt.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from scripts.mesh import ROOT

_DESTRUCTIVE_SQL = re.compile(
    r"\b(DROP\s+(TABLE|COLUMN)|RENAME\s+(COLUMN|TO)|SET\s+NOT\s+NULL|ALTER\s+COLUMN\s+\S+\s+(SET\s+DATA\s+)?TYPE)\b",
    re.IGNORECASE,
)
_EXEMPT = "# contract:"


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    what: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _is_false(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def _violation(call: ast.Call) -> str | None:
    function = call.func
    if not (isinstance(function, ast.Attribute) and isinstance(function.value, ast.Name) and function.value.id == "op"):
        return None
    name = function.attr
    if name in ("drop_table", "drop_column", "rename_table"):
        return f"op.{name}: the previous release still reads it during the rollout"
    if name == "alter_column":
        if _keyword(call, "new_column_name") is not None:
            return "op.alter_column renames a column the previous release reads"
        if _keyword(call, "type_") is not None:
            return "op.alter_column changes a column's type under the previous release"
        if _is_false(_keyword(call, "nullable")):
            return "op.alter_column makes a column NOT NULL: the previous release may write none"
    if name == "add_column":
        column = next((a for a in call.args if isinstance(a, ast.Call)), None)
        if (
            column is not None
            and _is_false(_keyword(column, "nullable"))
            and _keyword(column, "server_default") is None
        ):
            return "op.add_column of a NOT NULL column without server_default: the previous release's inserts omit it"
    if name == "execute" and call.args:
        sql = call.args[0]
        found = (
            _DESTRUCTIVE_SQL.search(sql.value) if isinstance(sql, ast.Constant) and isinstance(sql.value, str) else None
        )
        if found:
            return f"op.execute({found.group(0)} ...): takes away or changes what the previous release reads"
    return None


def check_source(source: str, path: str) -> list[Violation]:
    """What ``source`` (a migration module) does to the schema that the previous release cannot live with, in
    its ``upgrade()``."""
    tree = ast.parse(source)
    lines = source.splitlines()
    upgrade = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "upgrade"), None)
    if upgrade is None:
        return []
    found = []
    for node in ast.walk(upgrade):
        if isinstance(node, ast.Call) and (what := _violation(node)):
            span = lines[node.lineno - 1 : (node.end_lineno or node.lineno)]
            above = lines[node.lineno - 2] if node.lineno >= 2 else ""
            if not any(_EXEMPT in line for line in [*span, above]):
                found.append(Violation(path, node.lineno, what))
    return found


def new_migrations(since: str) -> list[Path]:
    """Migration files of this checkout (committed or not) that ``since`` did not have."""
    listed = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", since, "services"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    before = set(listed.stdout.split())
    return sorted(
        path for path in ROOT.glob("services/*/migrations/versions/*.py") if str(path.relative_to(ROOT)) not in before
    )


def main() -> int:
    from scripts.upgrade import PREVIOUS_RELEASE

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--since", default=PREVIOUS_RELEASE)
    args = parser.parse_args()
    paths = new_migrations(args.since)
    violations = [v for path in paths for v in check_source(path.read_text(), str(path.relative_to(ROOT)))]
    for violation in violations:
        print(violation, file=sys.stderr)
    if violations:
        print(
            "a rolling upgrade runs these while the previous release serves (README, Releasing ShopMesh)",
            file=sys.stderr,
        )
        return 1
    print(f"migrations since {args.since}: {len(paths)}, each only expands the schema")
    return 0


if __name__ == "__main__":
    sys.exit(main())
