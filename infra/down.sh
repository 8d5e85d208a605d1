#!/usr/bin/env bash
# Stops the local services started by up.sh (gracefully, then SIGKILL after a grace period).
# Data under .data/ is kept; `bash infra/reset.sh` wipes it. Jobs running on the Flink session
# cluster are lost (no HA here); stop them with a savepoint first if their state matters.
# Usage: bash infra/down.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$INFRA_DIR/lib/services.sh"
infra_lock

# Reverse start order: Flink jobs read Kafka and write MariaDB, so they go first.
for svc in flink kafka mariadb redis; do
  if pid="$("${svc}_pid" 2>/dev/null)"; then
    step "$svc: stopping (pid $pid)"
    t=$(now)
    "${svc}_stop" "$pid"
    ok "$svc stopped in $(since "$t")"
  else
    ok "$svc not running"
  fi
done
