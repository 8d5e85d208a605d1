#!/usr/bin/env bash
# `npm run stop`: stops the web app and the API started by `npm start`, then the local stack.
# Usage: bash scripts/stop.sh   (KEEP_STACK=1 to stop only the web app and the API)
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"

step "stopping the web app and the API"
for spec in "web:vite.js preview" "api:apps/api/dist/main.js"; do
  name="${spec%%:*}"
  marker="${spec#*:}"
  if pid="$(daemon_pid "$name" "$marker")"; then
    stop_daemon "$name" "$marker"
    ok "$name stopped (was pid $pid)"
  else
    rm -f "$RUN_DIR/$name.pid" "$RUN_DIR/$name.build"
    info "$name was not running"
  fi
done

if [[ "${KEEP_STACK:-0}" == 1 || "${SLUICE_LOCAL_STACK:-1}" == 0 ]]; then
  info "leaving Redis, MariaDB, Kafka and Flink running (KEEP_STACK=1 or SLUICE_LOCAL_STACK=0)"
elif [[ -f infra/down.sh ]]; then
  step "stopping the local stack (infra/down.sh)"
  bash infra/down.sh
else
  warn "infra/down.sh does not exist: the local stack was not stopped"
fi
