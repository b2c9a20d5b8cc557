#!/usr/bin/env bash
# Installs everything ShopMesh needs to run and to test, into the repository (git-ignored), and nothing
# it already has. Safe to run again: each step is skipped when its stamp matches its inputs, so a second
# run takes a second or two. Called by `make up`, `make test` and friends; no need to call it yourself.
#
#   Debian packages   PostgreSQL, Redis, Prometheus, Chromium, buildah and mmdebstrap (the image), and Java,
#                     Maven, Node/npm when missing
#   .venv/            Python 3.11 virtualenv from requirements.lock, hash-checked (+ a .pth putting . and gen/ on the path)
#   .tools/protos/    googleapis protos (from the venv) and protovalidate's validate.proto (Maven jar)
#   .tools/node/      buf and Redocly's CLI (lints the OpenAPI document, builds its reference page), from npm
#   web/node_modules  the storefront's build tools (Vite, TypeScript, openapi-typescript), from npm; web/dist
#   .tools/kafka/     Apache Kafka jars, from Maven       (scripts/kafka/pom.xml)
#   .tools/zipkin/    Zipkin server (trace store and UI), its executable jar from Maven
#   .tools/bin/       grpcurl, ghz (gRPC load), protoc-gen-openapiv2 and Envoy's rate limit service, built with
#                     `go install`; with `check` (make check and the contract tests) also helm, kubeconform and
#                     istioctl, which only validate the chart (istioctl takes minutes the first time)
#   .tools/bin/weed   SeaweedFS (the object store for product images, spoken to over S3), built from its Go
#                     module (its go.mod has replace directives, so `go install` refuses it: ~7 minutes once)
#   .tools/k8s-schemas/  Kubernetes, Istio and Argo Rollouts JSON schemas for kubeconform (Python packages and
#                     Argo Rollouts' Go module; with `check`)
#
# `bash scripts/bootstrap.sh` installs what the stacks, the tests and the bench run on (make up);
# `bash scripts/bootstrap.sh check` adds the chart's validators, so a first `make up` does not build them.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
TOOLS="$ROOT/.tools"
STAMPS="$TOOLS/stamps"
mkdir -p "$TOOLS/bin" "$STAMPS"

BUF_VERSION=1.75.0
REDOCLY_VERSION=2.77.0
OPENAPIV2_VERSION=v2.33.0
PROTOC_GEN_GO_VERSION=v1.36.12
PROTOC_GEN_GO_GRPC_VERSION=v1.6.2
PROTOVALIDATE_VERSION=1.3.0
GRPCURL_VERSION=v1.9.3
GHZ_VERSION=v0.121.0
HELM_VERSION=v3.21.4
HELM_K8S_MINOR=36
KUBECONFORM_VERSION=v0.7.0
# The Rollout and AnalysisTemplate CRDs (their schemas, for kubeconform) come from Argo Rollouts' Go module.
ARGO_ROLLOUTS_VERSION=v1.8.3
ZIPKIN_VERSION=3.5.1
# Istio's own analyzer (istioctl analyze, offline, in `make check`); Istio's module tags no Go-module releases.
ISTIOCTL_VERSION=v0.0.0-20260827124520-eed52ebb66ad
# Envoy's global rate limit service; the project tags no releases, so a pseudo-version pins its commit.
RATELIMIT_VERSION=v1.4.1-0.20260122083618-3fb702589d36
# The object store behind product images (S3 API); its module tags no Go-module releases either.
SEAWEEDFS_VERSION=v0.0.0-20261109003541-7506e5f91cd6
PYTHON=${PYTHON:-python3.11}
MODE=${1:-run}
case "$MODE" in run | check) ;; *) echo "usage: $0 [check]" >&2; exit 2 ;; esac

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# A step runs when the digest of its inputs differs from its stamp.
fresh() { [ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$2" ]; }
stamp() { printf '%s' "$2" > "$STAMPS/$1"; }
digest() { cat "$@" 2>/dev/null | sha256sum | cut -c1-16; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Debian packages ---------------------------------------------------------------------------
packages=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || packages+=(postgresql postgresql-contrib)
command -v redis-server >/dev/null || packages+=(redis-server)
command -v jq >/dev/null || packages+=(jq)   # the README's search examples
# Kafka runs on Java 17; the stack applies its users and ACLs with a single-file Java program (needs javac).
command -v javac >/dev/null || packages+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || packages+=(maven)
command -v npm >/dev/null || packages+=(nodejs npm)
command -v wrk >/dev/null || packages+=(wrk)  # REST load for `make bench`
command -v prometheus >/dev/null && command -v promtool >/dev/null || packages+=(prometheus)  # metrics, alert rules
command -v chromium >/dev/null || packages+=(chromium)  # browser tests: CORS from a page on another origin
command -v "$PYTHON" >/dev/null || command -v python3 >/dev/null || packages+=(python3 python3-venv)
# The image (make image, tests/e2e/test_image.py): built and run without a daemon or a registry.
command -v buildah >/dev/null || packages+=(buildah)
command -v mmdebstrap >/dev/null || packages+=(mmdebstrap)  # the image's Debian base, from Debian's packages
if [ ${#packages[@]} -gt 0 ]; then
  say "installing Debian packages: ${packages[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
  # The Debian package starts a cluster and a Redis of its own; ShopMesh runs private ones instead.
  as_root service postgresql stop >/dev/null 2>&1 || true
  as_root service redis-server stop >/dev/null 2>&1 || true
  as_root service prometheus stop >/dev/null 2>&1 || true
fi
command -v "$PYTHON" >/dev/null || PYTHON=python3

# --- Python ------------------------------------------------------------------------------------
key=$(digest requirements.lock pyproject.toml)
if ! fresh venv "$key" || [ ! -x .venv/bin/python ]; then
  say "installing Python dependencies into .venv"
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  # Every file pip installs must have the hash the lock gives it (scripts/lock_hashes.py).
  .venv/bin/python -m pip install -q --require-hashes -r requirements.lock
  site=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  printf '%s\n%s\n' "$ROOT" "$ROOT/gen" > "$site/shopmesh.pth"
  stamp venv "$key"
fi

# --- Third-party protos (no Buf Schema Registry here) ---------------------------------------------
key=$(digest requirements.lock)-$PROTOVALIDATE_VERSION
if ! fresh protos "$key"; then
  say "collecting third-party protos into .tools/protos"
  rm -rf "$TOOLS/protos" && mkdir -p "$TOOLS/protos/google" "$TOOLS/protos/buf/validate"
  site=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  for dir in api type rpc; do
    (cd "$site/google" && find "$dir" -name '*.proto' -exec cp --parents {} "$TOOLS/protos/google/" \;)
  done
  mvn -q -B dependency:copy -Dartifact="build.buf:protovalidate:$PROTOVALIDATE_VERSION" \
    -DoutputDirectory="$TOOLS/downloads" >/dev/null
  unzip -q -o -j "$TOOLS/downloads/protovalidate-$PROTOVALIDATE_VERSION.jar" buf/validate/validate.proto \
    -d "$TOOLS/protos/buf/validate"
  stamp protos "$key"
fi

# --- buf ---------------------------------------------------------------------------------------
if ! fresh buf "$BUF_VERSION" || [ ! -x "$TOOLS/bin/buf" ]; then
  say "installing buf $BUF_VERSION"
  npm install -s --no-audit --no-fund --prefix "$TOOLS/node" "@bufbuild/buf@$BUF_VERSION" >/dev/null
  ln -sf "$TOOLS/node/node_modules/.bin/buf" "$TOOLS/bin/buf"
  stamp buf "$BUF_VERSION"
fi

# --- OpenAPI: lint and reference page -------------------------------------------------------------
# Redocly's CLI lints the document (make check) and builds its reference page (build-docs, one file).
key="$REDOCLY_VERSION"
if ! fresh openapi-node "$key" || [ ! -x "$TOOLS/bin/redocly" ]; then
  say "installing Redocly CLI $REDOCLY_VERSION"
  npm install -s --no-audit --no-fund --prefix "$TOOLS/node" "@redocly/cli@$REDOCLY_VERSION" >/dev/null
  ln -sf "$TOOLS/node/node_modules/.bin/redocly" "$TOOLS/bin/redocly"
  stamp openapi-node "$key"
fi

# --- The storefront and admin console (web/) ------------------------------------------------------
# Its npm packages (web/package-lock.json), then its build into web/dist (TypeScript types generated from the
# OpenAPI document, type-checked, bundled by Vite, weighed against its budget), served by the stacks.
key=$(digest web/package-lock.json)
if ! fresh web-node "$key" || [ ! -d web/node_modules ]; then
  say "installing the storefront's npm packages"
  npm ci -s --no-audit --no-fund --prefix web >/dev/null
  stamp web-node "$key"
fi
key=$(cd web && find index.html package-lock.json tsconfig.json vite.config.ts public scripts src -type f ! -name schema.d.ts \
  | sort | xargs cat | sha256sum | cut -c1-16)-$(digest gen/openapi/shopmesh.swagger.json)
if ! fresh web-build "$key" || [ ! -f web/dist/index.html ]; then
  say "building the storefront (web/dist)"
  npm run -s build --prefix web
  stamp web-build "$key"
fi

# --- Kafka -------------------------------------------------------------------------------------
key=$(digest scripts/kafka/pom.xml)
if ! fresh kafka "$key"; then
  say "fetching Apache Kafka jars"
  rm -rf "$TOOLS/kafka/libs"
  mvn -q -B -f scripts/kafka/pom.xml dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$TOOLS/kafka/libs" >/dev/null
  stamp kafka "$key"
fi

# --- Zipkin --------------------------------------------------------------------------------------
# Where the stacks' spans go: a trace store with its UI, one executable jar (Java is already here for Kafka).
if ! fresh zipkin "$ZIPKIN_VERSION" || [ ! -f "$TOOLS/zipkin/zipkin-server.jar" ]; then
  say "fetching Zipkin $ZIPKIN_VERSION"
  mkdir -p "$TOOLS/zipkin"
  mvn -q -B dependency:copy -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" \
    -DoutputDirectory="$TOOLS/zipkin" -Dmdep.stripVersion=true -Dmdep.stripClassifier=true >/dev/null
  [ -f "$TOOLS/zipkin/zipkin-server.jar" ] || mv "$TOOLS/zipkin"/zipkin-server*.jar "$TOOLS/zipkin/zipkin-server.jar"
  stamp zipkin "$ZIPKIN_VERSION"
fi

# --- Go-built operator tools ------------------------------------------------------------------
# grpcurl and ghz (gRPC by hand and under load), helm and kubeconform (the chart, validated offline),
# protoc-gen-openapiv2 (`make gen` writes the OpenAPI document with it), protoc-gen-go and protoc-gen-go-grpc.
# Go's own module and build caches are used, so a second clone on the machine builds nothing.
GO=$(command -v go || ls /usr/local/go/bin/go 2>/dev/null || true)
# Every module a tool is built from is checked against the Go checksum database (and each tool's go.sum pins its
# dependencies' hashes): a build with that check turned off is refused rather than trusted.
if [ -n "$GO" ] && { [ "$("$GO" env GOSUMDB)" = off ] || [ -n "$("$GO" env GONOSUMDB)$("$GO" env GOINSECURE)" ]; }; then
  echo "Go's checksum database is turned off (GOSUMDB/GONOSUMDB/GOINSECURE): the Go tools are not built unchecked" >&2
  exit 1
fi
GO_TOOLS=(grpcurl ghz protoc-gen-openapiv2 protoc-gen-go protoc-gen-go-grpc ratelimit)
key="$GRPCURL_VERSION-$GHZ_VERSION-$OPENAPIV2_VERSION-$PROTOC_GEN_GO_VERSION-$PROTOC_GEN_GO_GRPC_VERSION-$RATELIMIT_VERSION"
missing_tool=false
for tool in "${GO_TOOLS[@]}"; do [ -x "$TOOLS/bin/$tool" ] || missing_tool=true; done
if [ -n "$GO" ] && { ! fresh gotools "$key" || $missing_tool; }; then
  say "building ${GO_TOOLS[*]}"
  export GOBIN="$TOOLS/bin" CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=mod
  go_install() {
    "$GO" install "$@" 2>&1 | { grep -v '^go: downloading' || true; }
  }
  go_install "github.com/fullstorydev/grpcurl/cmd/grpcurl@$GRPCURL_VERSION"
  go_install "github.com/bojand/ghz/cmd/ghz@$GHZ_VERSION"
  go_install "github.com/grpc-ecosystem/grpc-gateway/v2/protoc-gen-openapiv2@$OPENAPIV2_VERSION"
  # Go stubs of the contracts for other teams (buf.gen.go.yaml; tests/e2e/test_go_client.py builds a client).
  go_install "google.golang.org/protobuf/cmd/protoc-gen-go@$PROTOC_GEN_GO_VERSION"
  go_install "google.golang.org/grpc/cmd/protoc-gen-go-grpc@$PROTOC_GEN_GO_GRPC_VERSION"
  # The gateway's per-client limits, shared by its replicas through Redis (scripts/rate_limits.py).
  go_install "github.com/envoyproxy/ratelimit/src/service_cmd@$RATELIMIT_VERSION"
  mv -f "$TOOLS/bin/service_cmd" "$TOOLS/bin/ratelimit"
  for tool in "${GO_TOOLS[@]}"; do
    [ -x "$TOOLS/bin/$tool" ] || { echo "building $tool failed" >&2; exit 1; }
  done
  stamp gotools "$key"
elif [ -z "$GO" ]; then
  echo "note: Go is not installed; grpcurl, ghz, helm, kubeconform and the rate limit service are skipped (the stacks and make check need them)"
fi

# --- The chart's validators (check only) -------------------------------------------------------------
# helm and kubeconform (the chart rendered and validated offline), istioctl (Istio's analyzers on it).
CHECK_TOOLS=(kubeconform helm istioctl)
key="$HELM_VERSION-$HELM_K8S_MINOR-$KUBECONFORM_VERSION-$ISTIOCTL_VERSION"
missing_tool=false
for tool in "${CHECK_TOOLS[@]}"; do [ -x "$TOOLS/bin/$tool" ] || missing_tool=true; done
if [ "$MODE" = check ] && [ -n "$GO" ] && { ! fresh checktools "$key" || $missing_tool; }; then
  say "building ${CHECK_TOOLS[*]}"
  export GOBIN="$TOOLS/bin" CGO_ENABLED=0 GOTOOLCHAIN=local GOFLAGS=-mod=mod
  go_install() {
    "$GO" install "$@" 2>&1 | { grep -v '^go: downloading' || true; }
  }
  go_install "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION"
  # Without these flags helm assumes Kubernetes 1.20 for lint and template.
  go_install -ldflags "-X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$HELM_K8S_MINOR -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$HELM_K8S_MINOR" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  # Istio's analyzers on the rendered chart (scripts/check_chart.sh): dead routes, selectors, port names...
  go_install "istio.io/istio/istioctl/cmd/istioctl@$ISTIOCTL_VERSION"
  for tool in "${CHECK_TOOLS[@]}"; do
    [ -x "$TOOLS/bin/$tool" ] || { echo "building $tool failed" >&2; exit 1; }
  done
  stamp checktools "$key"
fi

# --- SeaweedFS (S3 object store for product images) -------------------------------------------------
# `go install` refuses a module with replace directives, so the module is downloaded and built in place.
if [ -n "$GO" ] && { ! fresh seaweedfs "$SEAWEEDFS_VERSION" || [ ! -x "$TOOLS/bin/weed" ]; }; then
  say "building SeaweedFS (weed) $SEAWEEDFS_VERSION — about 7 minutes the first time"
  dir=$(GOTOOLCHAIN=local GOFLAGS=-mod=mod "$GO" mod download -json "github.com/seaweedfs/seaweedfs@$SEAWEEDFS_VERSION" \
    | "$ROOT/.venv/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["Dir"])')
  rm -rf "$TOOLS/seaweedfs-src" && cp -r "$dir" "$TOOLS/seaweedfs-src" && chmod -R u+w "$TOOLS/seaweedfs-src"
  (cd "$TOOLS/seaweedfs-src" && CGO_ENABLED=0 GOTOOLCHAIN=local "$GO" build -o "$TOOLS/bin/weed" ./weed)
  rm -rf "$TOOLS/seaweedfs-src"
  [ -x "$TOOLS/bin/weed" ] || { echo "building weed failed" >&2; exit 1; }
  stamp seaweedfs "$SEAWEEDFS_VERSION"
fi

# --- Offline Kubernetes, Istio and Argo Rollouts schemas for kubeconform -----------------------------
key=$(digest requirements.lock scripts/k8s_schemas.py)-$ARGO_ROLLOUTS_VERSION
if [ "$MODE" = check ] && { ! fresh k8s-schemas "$key" || [ ! -d "$TOOLS/k8s-schemas" ]; }; then
  say "building Kubernetes, Istio and Argo Rollouts schemas into .tools/k8s-schemas"
  [ -n "$GO" ] || { echo "Go is needed to download Argo Rollouts' CRDs" >&2; exit 1; }
  argo=$(GOTOOLCHAIN=local GOFLAGS=-mod=mod "$GO" mod download -json "github.com/argoproj/argo-rollouts@$ARGO_ROLLOUTS_VERSION" \
    | .venv/bin/python -c 'import json, sys; print(json.load(sys.stdin)["Dir"])')
  .venv/bin/python -m scripts.k8s_schemas --argo-rollouts "$argo" >/dev/null
  stamp k8s-schemas "$key"
fi
