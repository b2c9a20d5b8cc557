#!/usr/bin/env bash
# Kubernetes checks (part of `make check`, so of `make test`), all offline:
# - helm/shopmesh/files/ is what `make gen` makes of the contracts, services/mesh.toml and the code;
# - helm lint, with the default and the production values;
# - helm template with the default, production and chaos-drill values, and as Argo Rollouts (canary, blue-green),
#   every document validated by kubeconform in strict mode against Kubernetes 1.36, Istio and Argo Rollouts
#   schemas. A kind without a schema fails.
#   The production values are rendered as staging: as prod the chart refuses them (the sandbox payment
#   provider is the only one so far), which is checked too;
# - Istio's own analyzers (istioctl analyze, offline) on each of those renderings: any warning fails.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BIN=.tools/bin
CHART=helm/shopmesh
[ -x $BIN/helm ] && [ -x $BIN/kubeconform ] && [ -x $BIN/istioctl ] || {
  echo "helm/kubeconform/istioctl missing: run scripts/bootstrap.sh (needs Go)" >&2; exit 1
}
rendered=$(mktemp --suffix=.yaml)
trap 'rm -f "$rendered"' EXIT

.venv/bin/python -m scripts.chart_files --check

mapfile -t locations < <(.venv/bin/python -c 'from scripts.k8s_schemas import schema_locations; print("\n".join(schema_locations()))')
schema_args=()
for location in "${locations[@]}"; do schema_args+=(-schema-location "$location"); done

if refusal=$($BIN/helm template shopmesh "$CHART" --namespace shop -f "$CHART/values-production.yaml" 2>&1 >/dev/null); then
  echo "the production values rendered as prod although their payments use the sandbox" >&2; exit 1
fi
grep -q "environment=prod refuses" <<<"$refusal" || { echo "unexpected failure: $refusal" >&2; exit 1; }
echo "helm template (production values as prod): refused, as it must be while payments use the sandbox"

for values in "" "$CHART/values-production.yaml" "$CHART/ci/chaos-values.yaml" canary blueGreen; do
  label=${values:-default values}
  args=(); [ -n "$values" ] && args=(-f "$values")
  [ "$values" = "$CHART/values-production.yaml" ] && args+=(--set environment=staging) && label="$label, as staging"
  # Argo Rollouts instead of Deployments (canary with a manual approval), on the production values.
  case "$values" in canary | blueGreen)
    args=(-f "$CHART/values-production.yaml" --set environment=staging --set "rollouts.strategy=$values"
      --set "rollouts.$values.manualApproval=true")
    label="production values as staging, rollouts.strategy=$values" ;;
  esac
  echo "helm lint + template | kubeconform -strict, istioctl analyze ($label)"
  $BIN/helm lint --quiet --strict "$CHART" "${args[@]}" >/dev/null
  $BIN/helm template shopmesh "$CHART" --namespace shop "${args[@]}" >"$rendered"
  $BIN/kubeconform -strict -summary "${schema_args[@]}" "$rendered"
  if ! analysis=$($BIN/istioctl analyze --use-kube=false --namespace shop --failure-threshold Warning "$rendered" 2>&1); then
    echo "istioctl analyze ($label):" >&2; echo "$analysis" >&2; exit 1
  fi
done
