"""Generates Python code and Envoy's descriptor set from proto/ (``make gen``).

Writes, under ``gen/`` (committed):
- ``shop/**/*_pb2.py``, ``*_pb2.pyi`` and ``*_pb2_grpc.py`` for every file under ``proto/``;
- ``buf/validate/validate_pb2.py``: the protovalidate options our contracts import (no installed
  package provides this module; googleapis' Python does come installed, so it is *not* generated here);
- ``descriptors/shopmesh.binpb``: one FileDescriptorSet with imports and source info, plus
  ``google/rpc/status.proto`` and ``error_details.proto`` so Envoy's transcoder can render error details.

``--check`` generates into a scratch folder and fails when ``gen/`` differs (stale or hand-edited).
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROTO_DIR = ROOT / "proto"
THIRD_PARTY_DIR = ROOT / ".tools" / "protos"
GEN_DIR = ROOT / "gen"
DESCRIPTOR_SET = Path("descriptors") / "shopmesh.binpb"
EXTRA_DESCRIPTOR_FILES = ("google/rpc/status.proto", "google/rpc/error_details.proto")


def _protoc(*args: str) -> None:
    import grpc_tools

    well_known = Path(grpc_tools.__file__).parent / "_proto"
    command = [
        sys.executable,
        "-m",
        "grpc_tools.protoc",
        f"-I{PROTO_DIR}",
        f"-I{THIRD_PARTY_DIR}",
        f"-I{well_known}",
        *args,
    ]
    subprocess.run(command, check=True, cwd=ROOT)


def our_protos() -> list[str]:
    return sorted(str(p.relative_to(PROTO_DIR)) for p in PROTO_DIR.rglob("*.proto"))


def generate(out: Path) -> None:
    if not (THIRD_PARTY_DIR / "buf" / "validate" / "validate.proto").exists():
        sys.exit("third-party protos are missing: run scripts/bootstrap.sh (or make gen) first")
    out.mkdir(parents=True, exist_ok=True)
    protos = our_protos()
    _protoc(f"--python_out={out}", f"--pyi_out={out}", f"--grpc_python_out={out}", *protos)
    _protoc(f"--python_out={out}", f"--pyi_out={out}", "buf/validate/validate.proto")
    (out / DESCRIPTOR_SET).parent.mkdir(parents=True, exist_ok=True)
    _protoc(
        "--include_imports",
        "--include_source_info",
        f"--descriptor_set_out={out / DESCRIPTOR_SET}",
        *protos,
        *EXTRA_DESCRIPTOR_FILES,
    )


def _differences(expected: Path, actual: Path) -> list[str]:
    def files(base: Path) -> set[str]:
        return {str(p.relative_to(base)) for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts}

    want, have = files(expected), files(actual)
    diffs = [f"missing: gen/{f}" for f in sorted(want - have)]
    diffs += [f"not generated: gen/{f}" for f in sorted(have - want)]
    diffs += [
        f"stale: gen/{f}" for f in sorted(want & have) if not filecmp.cmp(expected / f, actual / f, shallow=False)
    ]
    return diffs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when gen/ is not what proto/ generates")
    args = parser.parse_args()
    if args.check:
        with tempfile.TemporaryDirectory() as scratch:
            generate(Path(scratch))
            diffs = _differences(Path(scratch), GEN_DIR)
        if diffs:
            print("gen/ is stale; run `make gen` and commit the result:", *diffs, sep="\n  ")
            return 1
        print("gen/ is up to date")
        return 0
    if GEN_DIR.exists():
        shutil.rmtree(GEN_DIR)
    generate(GEN_DIR)
    print(f"generated {len(our_protos())} protos into gen/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
