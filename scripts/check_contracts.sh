#!/usr/bin/env bash
# Contract checks (part of `make test`): buf lint and format, buf breaking against the previous contract,
# generated code and gateway config freshness.
#
# "Previous contract": the last commit (HEAD) while proto/ has uncommitted changes, otherwise the commit
# before it (HEAD~1), i.e. main's previous commit in CI. Override with BUF_BREAKING_AGAINST=<git ref>.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
BUF=.tools/bin/buf

echo "buf lint";   $BUF lint
echo "buf format"; $BUF format --diff --exit-code proto

against=${BUF_BREAKING_AGAINST:-}
if [ -z "$against" ]; then
  if ! git diff --quiet HEAD -- proto 2>/dev/null || [ -n "$(git ls-files --others --exclude-standard proto)" ]; then
    against=HEAD
  elif git rev-parse -q --verify HEAD~1 >/dev/null; then
    against=HEAD~1
  fi
fi
if [ -n "$against" ] && git cat-file -e "$against:proto" 2>/dev/null; then
  previous=$(mktemp -d)
  trap 'rm -rf "$previous"' EXIT
  git archive "$against" proto | tar -x -C "$previous"
  # The same workspace layout as ours (same buf.yaml, same third-party module), so modules pair up.
  mkdir -p "$previous/.tools" && cp -r .tools/protos "$previous/.tools/protos" && cp buf.yaml "$previous/"
  echo "buf breaking against $against ($(git rev-parse --short "$against"))"
  $BUF breaking --against "$previous"
else
  echo "buf breaking: no previous contract to compare with (first commit)"
fi

.venv/bin/python scripts/gen_code.py --check
.venv/bin/python -m scripts.gateway_config --check
.venv/bin/python -m scripts.lock_hashes --check
# Migrations since the previous release only expand the schema: the rolling upgrade runs them under it.
.venv/bin/python -m scripts.migration_rules
