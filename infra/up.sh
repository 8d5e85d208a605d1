#!/usr/bin/env bash
# Starts the local stack (Redis, MariaDB, Kafka, Flink) on loopback with state under .data/,
# installing whatever is missing first. Idempotent: services already running are left alone.
# Each service is waited for until it really answers (not just an open port).
# Usage: bash infra/up.sh            (SKIP_INSTALL=1 to skip the install checks)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$INFRA_DIR/lib/services.sh"
infra_lock

up_start=$(now)
[[ "${SKIP_INSTALL:-0}" == 1 ]] || bash "$INFRA_DIR/install.sh"

# Refuse to "start" a service whose port is held by a process that is not ours: the checks
# would pass against someone else's server (e.g. a distro MariaDB) and confuse everyone.
guard_port() {
  local name=$1 port=$2 holder
  if port_open "$BIND_HOST" "$port"; then
    holder="$(listener_pid "$port" || true)"
    die "$name: port $port is already in use by pid ${holder:-?} ($(ps -o comm= -p "${holder:-0}" 2>/dev/null || echo unknown)), which is not the instance in $DATA_DIR. Stop it or change the port in infra/versions.env."
  fi
}

# start_service <name> <port> <timeout>: start unless running, then wait until healthy.
start_service() {
  local name=$1 port=$2 timeout=$3 pid t
  t=$(now)
  if pid="$("${name}_pid")"; then
    if "${name}_healthy" >/dev/null 2>&1; then
      ok "$name already running (pid $pid)"
      return 0
    fi
    info "$name: process $pid is up but not answering yet, waiting"
    # A half-running service (e.g. Flink's JobManager alive, its TaskManager dead) is repaired:
    # each *_start only starts the daemons that are missing.
    [[ "$(type -t "${name}_repair")" == function ]] && "${name}_repair"
  else
    guard_port "$name" "$port"
    step "$name: starting"
    "${name}_start"
  fi
  wait_until "$name" "$timeout" "$("${name}_log_file")" "${name}_healthy"
  ok "$name healthy in $(since "$t")"
}

# The log file worth showing when a service does not come up.
redis_log_file() { redis_log; }
mariadb_log_file() { mariadb_log; }
kafka_log_file() { kafka_log; }
flink_log_file() {
  local latest
  # shellcheck disable=SC2012 # log names are ours, no odd characters
  latest="$(ls -t "$FLINK_DIR"/log/flink-*-standalonesession-*.log 2>/dev/null | head -n1 || true)"
  printf '%s' "${latest:-$FLINK_DIR/log/daemon.out}"
}

start_service redis "$REDIS_PORT" "$WAIT_TIMEOUT"

# Account and grants are re-applied on every `up` (idempotent), so a changed password takes
# effect; a fresh server is provisioned inside mariadb_start.
if mariadb_pid >/dev/null && mariadb_socket_up >/dev/null 2>&1; then
  mariadb_provision
fi
start_service mariadb "$MARIADB_PORT" "$WAIT_TIMEOUT"
start_service kafka "$KAFKA_PORT" "$WAIT_TIMEOUT"
# Flink's JVMs start slowly on 2 shared cores; the TaskManager registers after the JobManager.
start_service flink "$FLINK_REST_PORT" $((WAIT_TIMEOUT * 2))

step "local stack up in $(since "$up_start")"
bash "$INFRA_DIR/status.sh" >&2
cat >&2 <<EOF

Point Sluice at it (with the default ports these are also the API's defaults):
  REDIS_URL=redis://$BIND_HOST:$REDIS_PORT
  MYSQL_URL=mysql://$MYSQL_USER:<password>@$BIND_HOST:$MARIADB_PORT/$MYSQL_DATABASE
  KAFKA_BROKERS=$KAFKA_BOOTSTRAP_LOCAL
  FLINK_REST_URL=$FLINK_REST_URL_LOCAL   (Flink Dashboard: $FLINK_REST_URL_LOCAL/#/overview)
EOF
