#!/usr/bin/env bash
# Creates (or reuses) the Python tooling venv of @sluice/clustering at <repo>/.data/venvs/clustering
# with pinned mini-racer (embedded V8 for the Python shim) and drain3 (the benchmark baseline).
# Idempotent: a marker file records the pinned requirements; when it matches, nothing is done.
# Prints the venv's python path on stdout (last line).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
venv="$repo/.data/venvs/clustering"
requirements="mini-racer==0.14.1
drain3==0.9.11"
marker="$venv/.sluice-requirements"

if [[ -x "$venv/bin/python" && -f "$marker" && "$(cat "$marker")" == "$requirements" ]]; then
  echo "$venv/bin/python"
  exit 0
fi

python_bin="${PYTHON:-python3}"
if ! command -v "$python_bin" >/dev/null 2>&1; then
  echo "ensure-python: $python_bin not found (set PYTHON to a Python 3.9+ interpreter)" >&2
  exit 1
fi

mkdir -p "$(dirname "$venv")"
if [[ ! -x "$venv/bin/python" ]]; then
  "$python_bin" -m venv "$venv" >&2
fi
# shellcheck disable=SC2086
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check $(echo "$requirements" | tr '\n' ' ') >&2
printf '%s' "$requirements" > "$marker"
echo "$venv/bin/python"
