#!/usr/bin/env bash
# What a bare machine needs before Sluice can start: Node.js 20.19+ and npm, the npm
# dependencies (npm ci), and the local stack's system packages and downloads (infra/install.sh).
# Safe to re-run: each step is skipped when already done. SLUICE_LOCAL_STACK=0 skips the stack.
# Usage: bash scripts/bootstrap.sh
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"

step "checking Node.js and npm"
command -v node >/dev/null ||
  die "Node.js 20.19 or newer is required and 'node' is not on PATH (Debian: install Node 20 from NodeSource or nvm)."
node -e '
  const [major, minor] = process.versions.node.split(".").map(Number);
  process.exit(major > 20 || (major === 20 && minor >= 19) ? 0 : 1);
' || die "Node.js $(node -v) is too old: Sluice needs 20.19 or newer (require(esm), Vite 8)."
command -v npm >/dev/null || die "npm is required and not on PATH (it ships with Node.js)."
ok "node $(node -v), npm $(npm -v)"

step "checking npm dependencies"
# npm writes node_modules/.package-lock.json after package-lock.json, so a lockfile newer than it
# means the lock changed (a pull, a new dependency) since the last install.
if [[ ! -d node_modules || ! -f node_modules/.package-lock.json ]]; then
  info "node_modules is missing: running npm ci"
  npm ci --no-audit --no-fund
elif [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  info "package-lock.json changed since the last install: running npm ci"
  npm ci --no-audit --no-fund
else
  ok "node_modules matches package-lock.json"
fi

if [[ "${SLUICE_LOCAL_STACK:-1}" == 0 ]]; then
  info "SLUICE_LOCAL_STACK=0: not installing the local stack (using remote services)"
elif [[ -f infra/install.sh ]]; then
  step "installing the local stack (infra/install.sh)"
  bash infra/install.sh
else
  warn "infra/install.sh does not exist yet: skipping the local stack install"
fi
