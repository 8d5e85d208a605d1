#!/usr/bin/env bash
# `npm start`: everything Sluice needs, running, in one command.
#   1. bootstrap: Node/npm check, npm ci when needed, infra/install.sh
#   2. the local stack: Redis, MariaDB, Kafka, Flink (infra/up.sh); SLUICE_LOCAL_STACK=0 skips
#      it when REDIS_URL, MYSQL_URL, KAFKA_BROKERS and FLINK_REST_URL point at remote services
#   3. build every workspace (turbo; cached builds are instant)
#   4. the API (node apps/api/dist/main.js) and the web app (vite preview) as background daemons,
#      pidfiles in .data/run/, logs in .data/logs/; a daemon already running from the same build
#      and settings is kept, otherwise restarted
#   5. waits until both answer, seeds the demo pipeline, prints where everything is
# Exits 0 and leaves everything running; `npm run stop` stops it.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"
start_time=$SECONDS

bash scripts/bootstrap.sh

if [[ "${SLUICE_LOCAL_STACK:-1}" == 0 ]]; then
  step "SLUICE_LOCAL_STACK=0: using the services named by REDIS_URL, MYSQL_URL, KAFKA_BROKERS, FLINK_REST_URL"
elif [[ -f infra/up.sh ]]; then
  step "starting the local stack (infra/up.sh)"
  # bootstrap.sh has just run infra/install.sh.
  SKIP_INSTALL=1 bash infra/up.sh
else
  die "infra/up.sh is missing: this checkout cannot start the local stack"
fi

step "building (turbo run build)"
build_start=$SECONDS
npx turbo run build --output-logs=errors-only
ok "built in $(elapsed "$build_start")"

mkdir -p "$RUN_DIR" "$LOG_DIR"

API_MARKER="apps/api/dist/main.js"
WEB_MARKER="vite.js preview"

# Everything that changes what the API does: its build, the packages it loads, and the
# environment it reads (apps/api/src/config; hashed, so the secret key is never written down).
api_env="$(env | grep -E '^(NODE_ENV|HOST|PORT|LOG_LEVEL|REDIS_URL|MYSQL_URL|KAFKA_BROKERS|FLINK_REST_URL|FLINK_DASHBOARD_URL|HEALTH_CHECK_TIMEOUT_MS|SLUICE_[A-Z0-9_]*)=' | sort || true)"
# $ROOT is part of it too: a daemon started from another checkout serves that checkout's files.
api_build="$(hash_files apps/api/dist packages/*/dist apps/api/package.json)-$(hash_text "$ROOT $(node -v) $api_env")"
web_build="$(hash_files apps/web/dist apps/web/vite.config.ts)-$(hash_text "$ROOT $SLUICE_API_URL $WEB_HOST $WEB_PORT")"

# ensure_daemon <name> <marker> <build> <host> <port> <dir> <command...>
ensure_daemon() {
  local name=$1 marker=$2 build=$3 host=$4 port=$5 dir=$6 pid
  shift 6
  local log="$LOG_DIR/$name.log"
  if pid="$(daemon_pid "$name" "$marker")"; then
    if [[ "$(cat "$RUN_DIR/$name.build" 2>/dev/null)" == "$build" ]]; then
      ok "$name already running (pid $pid), same build: kept"
      return 0
    fi
    info "$name: build or settings changed since it started, restarting"
    stop_daemon "$name" "$marker" || true
  fi
  # Another process on the port would answer the readiness check in our daemon's place.
  if port_in_use "$host" "$port"; then
    die "$name: port $port is already in use by a process npm start did not start; stop it or choose another port (README: Configuration)"
  fi
  rotate_log "$log"
  printf '\n=== %s: starting %s ===\n' "$(date -u +%FT%TZ)" "$name" >>"$log"
  # setsid: the daemon leaves this script's session, so closing the terminal (or the CI step
  # ending) does not signal it; stdio goes to the log so nothing holds the caller's pipes open.
  (cd "$dir" && exec setsid "$@" </dev/null >>"$log" 2>&1) &
  printf '%s\n' "$!" >"$RUN_DIR/$name.pid"
  printf '%s\n' "$build" >"$RUN_DIR/$name.build"
  info "$name started (pid $!), log: ${log#"$ROOT/"}"
}

# wait_http <name> <marker> <url> <timeout-s>: until the URL answers 2xx, failing early with the
# log when the daemon dies.
wait_http() {
  local name=$1 marker=$2 url=$3 timeout=$4 deadline=$((SECONDS + $4))
  while ((SECONDS < deadline)); do
    if curl -fsS -o /dev/null --max-time 5 "$url" 2>/dev/null; then
      ok "$name answers at $url"
      return 0
    fi
    if ! daemon_pid "$name" "$marker" >/dev/null; then
      show_log_tail "$LOG_DIR/$name.log"
      die "$name exited before answering at $url (log above)"
    fi
    sleep 0.5
  done
  show_log_tail "$LOG_DIR/$name.log"
  die "$name did not answer at $url within ${timeout}s"
}

step "starting the API and the web app"
ensure_daemon api "$API_MARKER" "$api_build" "$API_CONNECT_HOST" "$API_PORT" "$ROOT" node "$ROOT/$API_MARKER"
ensure_daemon web "$WEB_MARKER" "$web_build" "$WEB_CONNECT_HOST" "$WEB_PORT" "$ROOT/apps/web" \
  node "$ROOT/node_modules/vite/bin/vite.js" preview --host "$WEB_HOST" --port "$WEB_PORT" --strictPort
wait_http api "$API_MARKER" "$API_URL/api/health" 60
wait_http web "$WEB_MARKER" "$WEB_URL/" 60

bash scripts/seed-demo.sh

health="$(curl -fsS --max-time 10 "$API_URL/api/health" || true)"
printf '\n%sSluice is running%s (npm start took %s)\n\n' "$_c_bold" "$_c_off" "$(elapsed "$start_time")"
printf '%s' "$health" | node scripts/lib/print-summary.mjs "$WEB_URL" "$API_URL" "${FLINK_DASHBOARD_URL:-}"
printf '\n  Logs: %s/{api,web}.log   Stack status: npm run infra:status   Stop: npm run stop\n' "${LOG_DIR#"$ROOT/"}"
