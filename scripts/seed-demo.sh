#!/usr/bin/env bash
# Seeds the demo pipeline through the API once the jobs API exists (a later issue fills this in).
# Until then it says so and succeeds, so start.sh can always call it.
# Usage: bash scripts/seed-demo.sh   (the API must be running)
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

step "seeding the demo pipeline"
code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$API_URL/api/v1/jobs" || true)"
case "$code" in
  404)
    info "skipped: the API does not serve /api/v1/jobs yet (the jobs API arrives in a later issue)"
    ;;
  200)
    info "skipped: /api/v1/jobs is served but no demo pipeline is defined here yet"
    ;;
  *)
    die "cannot seed: GET $API_URL/api/v1/jobs answered '${code:-nothing}' (is the API running? see $LOG_DIR/api.log)"
    ;;
esac
