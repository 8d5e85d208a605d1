#!/usr/bin/env bash
# Shows each local service: state, address, pid(s) and log. Exit code 0 when every service is
# running and answering, 3 otherwise (so scripts can use `bash infra/status.sh >/dev/null`).
# Usage: bash infra/status.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$INFRA_DIR/lib/services.sh"

all_ok=1
printf '%-8s %-10s %-42s %-14s %s\n' SERVICE STATE ADDRESS PID LOG
for svc in "${SERVICES[@]}"; do
  pid="$("${svc}_pid" 2>/dev/null || true)"
  if [[ -n "$pid" ]] && "${svc}_healthy" >/dev/null 2>&1; then
    state=running
  elif [[ -n "$pid" ]]; then
    state=starting # process alive but not answering (yet)
    all_ok=0
  else
    state=stopped
    all_ok=0
  fi
  printf '%-8s %-10s %-42s %-14s %s\n' "$svc" "$state" "$("${svc}_addr")" "${pid:--}" "$("${svc}_log")"
done
if [[ $all_ok == 1 ]]; then
  printf '\nFlink Dashboard: %s/#/overview   data: %s\n' "$FLINK_REST_URL_LOCAL" "$DATA_DIR"
else
  exit 3
fi
