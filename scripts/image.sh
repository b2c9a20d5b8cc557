#!/usr/bin/env bash
# `make image`: builds the Dockerfile's image with buildah (chroot isolation: no daemon, no container runtime,
# no registry) and prints its reference and digest on the last line:
#
#   localhost/shopmesh:<commit>[-dirty] sha256:<digest>
#
# The base (the Dockerfile's PYTHON_IMAGE) is a Debian bookworm root filesystem made by mmdebstrap from Debian's
# own packages, imported once as localhost/shopmesh-base:bookworm-<key>; BASE_IMAGE=<reference> uses another
# (python:3.11-slim-bookworm where a registry is reachable). Layers are cached by buildah: a rebuild after a
# code change only redoes the COPY of gen/ and services/ and what follows.
#
# A TLS-inspecting proxy's CA bundle (PIP_CERT, else SSL_CERT_FILE, when set) reaches pip as a build secret,
# never a layer. IMAGE_NAME and IMAGE_TAG override the reference.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
for tool in buildah mmdebstrap; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: run scripts/bootstrap.sh" >&2; exit 1; }
done

NAME=${IMAGE_NAME:-localhost/shopmesh}
if [ -z "${IMAGE_TAG:-}" ]; then
  IMAGE_TAG=$(git rev-parse --short=12 HEAD)
  # What the build context holds (.dockerignore) differs from the commit: say so in the tag.
  if [ -n "$(git status --porcelain -- Dockerfile requirements-runtime.lock gen services scripts/reconcile.py)" ]; then
    IMAGE_TAG="$IMAGE_TAG-dirty"
  fi
fi
REFERENCE="$NAME:$IMAGE_TAG"

BASE=${BASE_IMAGE:-}
pull=()  # a base from a registry is pulled as buildah's policy says; the local one must never be
if [ -z "$BASE" ]; then
  pull=(--pull-never)
  SUITE=bookworm
  PACKAGES=python3,python3-venv,python-is-python3
  BASE="localhost/shopmesh-base:$SUITE-$(printf '%s %s' "$SUITE" "$PACKAGES" | sha256sum | cut -c1-12)"
  if ! buildah inspect --type image "$BASE" >/dev/null 2>&1; then
    say "making the base image $BASE with mmdebstrap (Debian $SUITE, minbase + $PACKAGES)"
    tarball=$(mktemp --suffix=.tar)
    trap 'rm -f "$tarball"' EXIT
    mmdebstrap --quiet --variant=minbase --include="$PACKAGES" "$SUITE" "$tarball"
    container=$(buildah from scratch)
    buildah add --quiet "$container" "$tarball" / >/dev/null
    buildah config --env LANG=C.UTF-8 --cmd /bin/bash "$container"
    buildah commit --quiet --rm "$container" "$BASE" >/dev/null
  fi
fi

secret=()
ca=${PIP_CERT:-${SSL_CERT_FILE:-}}
[ -n "$ca" ] && [ -f "$ca" ] && secret=(--secret "id=ca-certificates,src=$ca")

say "building $REFERENCE from $BASE (buildah, chroot isolation)"
buildah bud --quiet --isolation chroot --layers "${pull[@]}" --build-arg "PYTHON_IMAGE=$BASE" "${secret[@]}" \
  -t "$REFERENCE" . >/dev/null
# One value, no pipe: `buildah images REF | head -n 1` lists every tag of the same image (two commits whose build
# contexts match tag one image twice), and head leaving early killed buildah with SIGPIPE (exit 141 under pipefail).
digest=$(buildah inspect --type image --format '{{.FromImageDigest}}' "$REFERENCE")
[ -n "$digest" ] || { echo "no digest for $REFERENCE" >&2; exit 1; }
echo "$REFERENCE $digest"
