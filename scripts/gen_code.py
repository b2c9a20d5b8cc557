"""Generates Python code and Envoy's descriptor set from proto/ (``make gen``).

Writes, under ``gen/`` (committed):
- ``shop/**/*_pb2.py``, ``*_pb2.pyi`` and ``*_pb2_grpc.py`` for every file under ``proto/``;
- ``buf/validate/validate_pb2.py``: the protovalidate options our contracts import (no installed
  package provides this module; googleapis' Python does come installed, so it is *not* generated here);
- ``descriptors/shopmesh.binpb``: one FileDescriptorSet with imports and source info, plus
  ``google/rpc/status.proto`` and ``error_details.proto`` so Envoy's transcoder can render error details;
- ``openapi/shopmesh.swagger.json``: the REST API web clients use, one OpenAPI 2.0 document for every
  ``google.api.http`` route (grpc-gateway's ``protoc-gen-openapiv2``; fields by their proto names, enums by
  name, errors as the google.rpc.Status JSON the gateway returns), titled and secured here; and
  ``openapi/index.html``, its reference page (Redocly's ``build-docs``).

``--check`` generates into a scratch folder and fails when ``gen/`` differs (stale or hand-edited).
"""

from __future__ import annotations

import argparse
import filecmp
import json
import re
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
OPENAPI_PLUGIN = ROOT / ".tools" / "bin" / "protoc-gen-openapiv2"
OPENAPI = Path("openapi") / "shopmesh.swagger.json"
API_REFERENCE = Path("openapi") / "index.html"
REDOCLY = ROOT / ".tools" / "bin" / "redocly"


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


def _openapi(out: Path, service_protos: list[str]) -> None:
    if not OPENAPI_PLUGIN.exists():
        sys.exit(f"{OPENAPI_PLUGIN.relative_to(ROOT)} is missing: run scripts/bootstrap.sh (it needs Go)")
    (out / OPENAPI).parent.mkdir(parents=True, exist_ok=True)
    # The plugin wants a Go package per file, which our contracts do not declare: name one (unused here).
    go_packages = [f"M{proto}=shopmesh.dev/gen/{Path(proto).parent}" for proto in our_protos()]
    # A resource name in a path (`/v1/{name=products/*}`) becomes one parameter per segment
    # (`/v1/products/{product}`): the URL is the same, and clients fill it without escaping slashes.
    options = [
        "allow_merge=true",
        "merge_file_name=shopmesh",
        "json_names_for_fields=false",
        "expand_slashed_path_patterns=true",
        # An update's `update_mask` is a query parameter a client sends (Envoy's transcoder does not derive it
        # from the body as grpc-gateway does), so the document lists it.
        "allow_patch_feature=false",
        *go_packages,
    ]
    _protoc(
        f"--plugin=protoc-gen-openapiv2={OPENAPI_PLUGIN}",
        f"--openapiv2_out={out / OPENAPI.parent}",
        f"--openapiv2_opt={','.join(options)}",
        *service_protos,
    )
    document = json.loads((out / OPENAPI).read_text())
    document["info"] = {
        "title": "ShopMesh REST API",
        "version": "v1",
        "description": (
            "Every route of the ShopMesh gateway, generated from the protobuf contracts (proto/shop/*/v1) and "
            "their google.api.http rules. Send `authorization: Bearer <access_token>` (from POST /v1/sessions) "
            "where a route needs it; every error is a google.rpc.Status JSON with an ErrorInfo detail."
        ),
    }
    document["securityDefinitions"] = {
        "bearer": {
            "type": "apiKey",
            "name": "authorization",
            "in": "header",
            "description": "`Bearer <access_token>`, the access token POST /v1/sessions returns.",
        }
    }
    # A field path as a path parameter (`{user.name}` of an update): dots read as attribute access in many URL
    # template tools, so the document names it `user_name` (the URL it describes is the same).
    document["paths"] = {_undotted(path): operations for path, operations in document["paths"].items()}
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", ()):
                if parameter.get("in") == "path":
                    parameter["name"] = parameter["name"].replace(".", "_")
    # The plugin names a segment's parameter by dropping the collection's last letter ("categorie",
    # "addresse"); name it in English singular instead.
    renamed: dict[str, dict] = {}
    for path, operations in document["paths"].items():
        names = {
            f"{{{written}}}": _singular(collection)
            for collection, written in re.findall(r"([a-zA-Z]+)/\{([^}]+)\}", path)
            if written != _singular(collection)
        }
        for written, name in names.items():
            path = path.replace(written, f"{{{name}}}")
            for operation in operations.values():
                for parameter in operation.get("parameters", ()):
                    if parameter.get("in") == "path" and f"{{{parameter['name']}}}" == written:
                        parameter["name"] = name
        renamed[path] = operations
    document["paths"] = renamed
    # A `google.api.HttpBody` request body reaches the service as the raw bytes the client sent (a carrier's
    # signed JSON): describe it as what the client sends, not as the envelope the transcoder fills.
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", ()):
                if parameter.get("in") == "body" and parameter["schema"].get("$ref") == "#/definitions/apiHttpBody":
                    parameter["schema"] = {"type": "object", "description": "Sent and signed as is."}
    document["definitions"].pop("apiHttpBody", None)
    access = _access_by_operation(out)
    for operations in document["paths"].values():
        for operation in operations.values():
            operation_id = operation["operationId"]  # an additional binding's id has a number appended
            declared = access.get(operation_id) or access[re.sub(r"\d+$", "", operation_id)]
            public = declared == "ACCESS_PUBLIC"
            operation["security"] = [] if public else [{"bearer": []}]
    (out / OPENAPI).write_text(json.dumps(document, indent=2) + "\n")
    # Its reference page, one self-contained HTML file (Redoc, through Redocly's CLI; the same bytes every run).
    subprocess.run(
        [str(REDOCLY), "build-docs", str(out / OPENAPI), "--output", str(out / API_REFERENCE)],
        check=True,
        capture_output=True,
    )


def _singular(collection: str) -> str:
    if collection.endswith("ies"):
        return collection[:-3] + "y"
    if collection.endswith(("sses", "shes", "ches")):
        return collection[:-2]
    return collection.removesuffix("s")


def _undotted(path: str) -> str:
    return re.sub(r"\{([^}]*)\}", lambda m: "{" + m.group(1).replace(".", "_") + "}", path)


def _access_by_operation(out: Path) -> dict[str, str]:
    """``Service_Method`` (the document's operation ids) → the method's declared ``(shop.auth.v1.access)``,
    read from the descriptor set just generated (with the access option's module just generated)."""
    from google.protobuf import descriptor_pb2

    sys.path.insert(0, str(out))
    try:
        from shop.auth.v1 import access_pb2
    finally:
        sys.path.remove(str(out))
    files = descriptor_pb2.FileDescriptorSet.FromString((out / DESCRIPTOR_SET).read_bytes())
    return {
        f"{service.name}_{method.name}": access_pb2.Access.Name(method.options.Extensions[access_pb2.access])
        for file in files.file
        for service in file.service
        for method in service.method
    }


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
    _openapi(out, [p for p in protos if p.endswith("_service.proto")])


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
