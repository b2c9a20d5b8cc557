"""The contracts serve more than Python: Go stubs generated with buf.gen.go.yaml (managed mode, protos
untouched) build a Go client that calls the live catalog and reads its codes and google.rpc details."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from scripts.mesh import ROOT, TOOLS, Profile

GO = shutil.which("go") or "/usr/local/go/bin/go"


@pytest.mark.slow
def test_a_go_client_built_from_the_contracts_lists_products_and_reads_error_details(mesh: Profile, tmp_path: Path):
    module = tmp_path / "gen-go"
    shutil.copytree(ROOT / "tests" / "go_client", module)
    env = {**os.environ, "PATH": f"{TOOLS / 'bin'}{os.pathsep}{os.environ['PATH']}", "GOTOOLCHAIN": "local"}
    subprocess.run(
        [str(TOOLS / "bin" / "buf"), "generate", "--template", "buf.gen.go.yaml", "--path", "proto/shop",
         "--path", ".tools/protos/buf", "-o", str(tmp_path)],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip
    built = subprocess.run(
        [GO, "build", "-mod=mod", "-o", str(tmp_path / "shopmesh-smoke"), "./cmd/shopmesh-smoke"],
        cwd=module, env={**env, "CGO_ENABLED": "0"}, capture_output=True, text=True,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr

    missing = str(uuid.uuid4())
    ran = subprocess.run(
        [str(tmp_path / "shopmesh-smoke"), mesh.target("catalog"), missing], capture_output=True, text=True, timeout=60
    )
    assert ran.returncode == 0, ran.stderr
    listed, not_found, invalid = (json.loads(line) for line in ran.stdout.splitlines())
    assert listed == {"call": "ListProducts", "code": "OK", "products": 2}
    assert not_found["code"] == "NotFound"
    assert not_found["resource"] == f"products/{missing}"
    assert (not_found["reason"], not_found["domain"]) == ("NOT_FOUND", "catalog.shopmesh.dev")
    assert invalid["code"] == "InvalidArgument"
    assert invalid["bad_fields"] == ["page_size"]
