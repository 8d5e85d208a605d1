#!/usr/bin/env bash
# `npm test`: starts everything (scripts/start.sh), runs lint and typecheck, every workspace's tests (unit and
# integration, against the real services) with turbo, then the end-to-end tests in Chromium.
# Every phase runs even if an earlier test phase failed, so one run shows all failures; the exit
# code is non-zero if anything failed. Ends with a summary and the total time.
# Usage: bash scripts/test.sh
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"
test_start=$SECONDS
mkdir -p "$LOG_DIR"

declare -a phase_names=() phase_results=() phase_times=()
failed=0

# run_phase <name> <log> <command...>: runs the command with its output on screen and in <log>.
run_phase() {
  local name=$1 log=$2 t=$SECONDS status=0
  shift 2
  printf '\n%s=== %s ===%s\n' "$_c_bold" "$name" "$_c_off"
  "$@" 2>&1 | tee "$log" || status=$?
  phase_names+=("$name")
  phase_times+=("$(elapsed "$t")")
  if ((status == 0)); then
    phase_results+=("passed")
  else
    phase_results+=("FAILED (exit $status)")
    failed=1
  fi
  return "$status"
}

# Adds up vitest's "Tests  3 failed | 40 passed | 1 skipped (44)" lines (or, with `Test Files`
# as the label, its per-file counts) from the phase logs.
count_vitest() {
  local label=$1
  shift
  sed 's/\x1b\[[0-9;]*m//g' "$@" 2>/dev/null | grep -E "^\S*\s*${label}\s+[0-9]" | awk '
    { for (i = 1; i <= NF; i++) {
        if ($(i + 1) ~ /^passed/) passed += $i
        if ($(i + 1) ~ /^failed/) failed += $i
        if ($(i + 1) ~ /^skipped/) skipped += $i
    } }
    END { printf "%d %d %d\n", passed, failed, skipped }'
}

summary() {
  local i passed failed_tests skipped files_passed files_failed
  printf '\n%s=== summary ===%s\n' "$_c_bold" "$_c_off"
  for i in "${!phase_names[@]}"; do
    printf '  %-34s %-20s %s\n' "${phase_names[$i]}" "${phase_results[$i]}" "${phase_times[$i]}"
  done
  local logs=("$LOG_DIR/test-workspaces.log" "$LOG_DIR/test-e2e.log")
  read -r passed failed_tests skipped < <(count_vitest Tests "${logs[@]}")
  read -r files_passed files_failed _ < <(count_vitest 'Test Files' "${logs[@]}")
  printf '  test files: %d passed, %d failed (a file fails as a whole when it cannot load)\n' \
    "$files_passed" "$files_failed"
  printf '  total time: %s\n' "$(elapsed "$test_start")"
  # The one-line tally CI readers look for.
  printf 'tests: %d passed, %d failed, %d skipped\n' "$passed" "$failed_tests" "$skipped"
}

rm -f "$LOG_DIR/test-workspaces.log" "$LOG_DIR/test-e2e.log"

if ! run_phase "start (stack, build, API, web)" "$LOG_DIR/test-start.log" bash scripts/start.sh; then
  summary
  die "npm start failed, so no tests ran (log: ${LOG_DIR#"$ROOT/"}/test-start.log)"
fi

# Static checks first: seconds, and they catch what no test exercises.
run_phase "lint (biome)" "$LOG_DIR/test-lint.log" npm run --silent lint || true
run_phase "typecheck (tsc)" "$LOG_DIR/test-typecheck.log" npx turbo run typecheck --output-logs=errors-only || true

# Two at a time: the machine has two cores, and the integration suites share the stack.
run_phase "workspace tests (turbo run test)" "$LOG_DIR/test-workspaces.log" \
  npx turbo run test --filter='!@sluice/e2e' --continue --concurrency=2 || true

SLUICE_WEB_URL="$WEB_URL" run_phase "e2e (Chromium)" "$LOG_DIR/test-e2e.log" \
  npm run test --silent -w @sluice/e2e || true

summary
exit "$failed"
