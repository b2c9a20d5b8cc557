"""Builds the offline JSON schemas kubeconform validates the chart against (run by scripts/bootstrap.sh).

- Kubernetes: the strict schemas the ``kubernetes-validate`` package ships, rewritten so their references
  resolve from files (they point at ``/api/_definitions.json`` under their own ``$id``):
  ``.tools/k8s-schemas/kubernetes/<kind>-<group>-<version>.json``.
- Istio: JSON schemas of the ``cloudcoil-models-istio`` pydantic models of the CRDs, made strict (no
  property the CRD does not define): ``.tools/k8s-schemas/istio/<group>/<kind>_<version>.json``.
- Argo Rollouts (Rollout, AnalysisTemplate...): the OpenAPI schemas of the CRDs in the project's own Go module
  (``manifests/crds/``, its directory given by ``--argo-rollouts``; scripts/bootstrap.sh downloads it), made
  strict the same way except where the CRD keeps unknown fields:
  ``.tools/k8s-schemas/crds/<group>/<kind>_<version>.json``.

A kind with no schema here makes kubeconform fail (it runs without ``-ignore-missing-schemas``).
"""

from __future__ import annotations

import argparse
import importlib
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate
import yaml

from scripts.mesh import TOOLS

OUT = TOOLS / "k8s-schemas"
KUBERNETES_VERSION = "1.36.0"
# Every Istio kind the chart renders: (group, version, module, class).
ISTIO_KINDS = [
    ("security.istio.io", "v1", "cloudcoil.models.istio.security.v1", "PeerAuthentication"),
    ("security.istio.io", "v1", "cloudcoil.models.istio.security.v1", "RequestAuthentication"),
    ("security.istio.io", "v1", "cloudcoil.models.istio.security.v1", "AuthorizationPolicy"),
    ("networking.istio.io", "v1", "cloudcoil.models.istio.networking.v1", "DestinationRule"),
    ("networking.istio.io", "v1", "cloudcoil.models.istio.networking.v1", "VirtualService"),
    ("networking.istio.io", "v1", "cloudcoil.models.istio.networking.v1", "Gateway"),
    ("telemetry.istio.io", "v1", "cloudcoil.models.istio.telemetry.v1", "Telemetry"),
]


def _kubernetes(out: Path) -> None:
    source = (
        Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema" / f"v{KUBERNETES_VERSION}-local-strict"
    )
    out.mkdir(parents=True)
    for path in source.glob("*.json"):
        text = path.read_text()
        if path.name == "_definitions.json":
            text = text.replace('"/api/_definitions.json#/', '"#/')
        else:
            text = text.replace('"/api/_definitions.json#', '"_definitions.json#')
        schema = json.loads(text)
        schema.pop("$id", None)  # references then resolve next to the file
        (out / path.name).write_text(json.dumps(schema))


def _strict(node: Any) -> None:
    """Objects accept only their declared properties (kubeconform -strict does this for Kubernetes kinds), but
    those a CRD declares open (``x-kubernetes-preserve-unknown-fields``)."""
    if isinstance(node, dict):
        open_object = node.get("x-kubernetes-preserve-unknown-fields") is True
        if "properties" in node and "additionalProperties" not in node and not open_object:
            node["additionalProperties"] = False
        for value in node.values():
            _strict(value)
    elif isinstance(node, list):
        for value in node:
            _strict(value)


def _istio(out: Path) -> None:
    for group, version, module, kind in ISTIO_KINDS:
        model = getattr(importlib.import_module(module), kind)
        schema = model.model_json_schema(by_alias=True)
        _strict(schema)
        # apiVersion and kind are required in a manifest (the model defaults them).
        schema["required"] = sorted({*schema.get("required", []), "apiVersion", "kind", "metadata", "spec"})
        target = out / group / f"{kind.lower()}_{version}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(schema))


def _crds(out: Path, directory: Path) -> None:
    """Every CRD of ``directory``'s YAML files, each served version's schema as kubeconform reads it."""
    for path in sorted(directory.glob("*-crd.yaml")):
        for crd in yaml.safe_load_all(path.read_text()):
            if not crd or crd.get("kind") != "CustomResourceDefinition":
                continue
            spec = crd["spec"]
            for version in spec["versions"]:
                schema = version["schema"]["openAPIV3Schema"]
                _strict(schema)
                schema["required"] = sorted({*schema.get("required", []), "apiVersion", "kind", "metadata", "spec"})
                target = out / spec["group"] / f"{spec['names']['kind'].lower()}_{version['name']}.json"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(json.dumps(schema))


def schema_locations() -> list[str]:
    return [
        str(OUT / "kubernetes" / "{{ .ResourceKind }}{{ .KindSuffix }}.json"),
        str(OUT / "istio" / "{{ .Group }}" / "{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"),
        str(OUT / "crds" / "{{ .Group }}" / "{{ .ResourceKind }}_{{ .ResourceAPIVersion }}.json"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--argo-rollouts", type=Path, required=True, help="the argo-rollouts Go module's directory")
    args = parser.parse_args()
    if OUT.exists():
        shutil.rmtree(OUT)
    _kubernetes(OUT / "kubernetes")
    _istio(OUT / "istio")
    _crds(OUT / "crds", args.argo_rollouts / "manifests" / "crds")
    print(f"schemas for kubeconform in {OUT.relative_to(TOOLS.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
