# shellcheck shell=bash disable=SC2034 # variables here are used by the scripts that source it
# Shared by every infra/*.sh: paths, pinned versions, logging, process and health helpers.
# Sourced, never executed. Callers have already done `set -euo pipefail`.

INFRA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROOT_DIR="$(cd "$INFRA_DIR/.." && pwd)"
# shellcheck source=/dev/null # resolved at run time
source "$INFRA_DIR/versions.env"

DATA_DIR="${SLUICE_DATA_DIR:-$ROOT_DIR/.data}"
REDIS_DIR="$DATA_DIR/redis"
MARIADB_DIR="$DATA_DIR/mariadb"
MARIADB_DATADIR="$MARIADB_DIR/data"
MARIADB_SOCKET="$MARIADB_DIR/mysqld.sock"
KAFKA_DIR="$DATA_DIR/kafka"
FLINK_DIR="$DATA_DIR/flink"
FLINK_VENV="$DATA_DIR/flink-venv"
MARKERS_DIR="$DATA_DIR/.installed"

export JAVA_HOME="$JAVA_HOME_17"

if [[ -t 1 ]]; then
  _c_bold=$'\e[1m' _c_green=$'\e[32m' _c_yellow=$'\e[33m' _c_red=$'\e[31m' _c_off=$'\e[0m'
else
  _c_bold='' _c_green='' _c_yellow='' _c_red='' _c_off=''
fi

# Progress goes to stderr so that scripts can still print machine-readable output on stdout.
step() { printf '%s==>%s %s\n' "$_c_bold" "$_c_off" "$*" >&2; }
info() { printf '    %s\n' "$*" >&2; }
ok() { printf '    %sok%s %s\n' "$_c_green" "$_c_off" "$*" >&2; }
warn() { printf '    %swarn%s %s\n' "$_c_yellow" "$_c_off" "$*" >&2; }
die() {
  printf '%serror:%s %s\n' "$_c_red" "$_c_off" "$*" >&2
  exit 1
}

# Seconds since the epoch with decimals, for "took 12.3s" messages.
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# --- markers: one empty file per finished install step, so re-runs skip it ---
# The marker name carries the version, so bumping versions.env re-runs exactly that step.
marker_done() { [[ -f "$MARKERS_DIR/$1" ]]; }
marker_set() { mkdir -p "$MARKERS_DIR" && : >"$MARKERS_DIR/$1"; }

# --- one infra script at a time per data dir ---
# Two `up.sh` racing (two terminals, or `npm start` while a test script starts the stack) would
# both see a service stopped and start it twice. The lock is an flock on a file in the data dir;
# child scripts (up.sh -> install.sh, reset.sh -> down.sh) inherit it through the environment.
infra_lock() {
  [[ "${SLUICE_INFRA_LOCKED:-}" == "$DATA_DIR" ]] && return 0
  mkdir -p "$DATA_DIR"
  exec 9>"$DATA_DIR/.infra.lock"
  if ! flock -n 9; then
    info "another infra script is working on $DATA_DIR; waiting for it to finish"
    flock -w 900 9 || die "gave up waiting for the lock on $DATA_DIR/.infra.lock after 15 min"
  fi
  export SLUICE_INFRA_LOCKED="$DATA_DIR"
}

# --- processes ---
# pid_alive <pidfile> <cmdline-substring>: prints the pid stored in the pidfile if that process is
# alive AND its command line contains the substring, else nothing (and returns 1). The command
# check matters after a reboot or a kill -9: a stale pidfile may name an unrelated, reused pid.
pid_alive() {
  local pidfile=$1 expect=$2 pid cmdline
  [[ -s "$pidfile" ]] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null || true)"
  [[ "$cmdline" == *"$expect"* ]] || return 1
  printf '%s' "$pid"
}

# True when something accepts TCP connections on host:port (bash's /dev/tcp, no extra tools).
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# Pid of the process listening on a loopback TCP port, read from /proc/net/tcp + the fd tables,
# so that status.sh can name a process that is running without (or despite) our pidfile.
listener_pid() {
  local port_hex inode pid fd
  port_hex="$(printf '%04X' "$1")"
  inode="$(awk -v p=":$port_hex" '$2 ~ p"$" && $4 == "0A" { print $10; exit }' /proc/net/tcp /proc/net/tcp6 2>/dev/null)"
  [[ -n "$inode" ]] || return 1
  for pid in /proc/[0-9]*; do
    for fd in "$pid"/fd/*; do
      if [[ "$(readlink "$fd" 2>/dev/null)" == "socket:[$inode]" ]]; then
        printf '%s' "${pid#/proc/}"
        return 0
      fi
    done
  done
  return 1
}

# wait_until <what> <timeout-s> <logfile> <command...>: polls the command every second until it
# succeeds; on timeout fails with the last lines of the log so the cause is on screen.
wait_until() {
  local what=$1 timeout=$2 logfile=$3
  shift 3
  local start=$SECONDS
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS - start >= timeout)); then
      printf '%serror:%s %s did not become healthy within %ss. Last lines of %s:\n' \
        "$_c_red" "$_c_off" "$what" "$timeout" "$logfile" >&2
      tail -n 25 "$logfile" 2>/dev/null | sed 's/^/    | /' >&2 || true
      exit 1
    fi
    sleep 1
  done
}

# stop_pid <name> <pid> <grace-s>: SIGTERM, wait for a graceful exit, then SIGKILL.
stop_pid() {
  local name=$1 pid=$2 grace=$3 start=$SECONDS
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS - start >= grace)); then
      warn "$name (pid $pid) still running after ${grace}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 1
      return 0
    fi
    sleep 1
  done
}

# --- locations inside the Flink venv ---
# pyflink's package directory is a complete FLINK_HOME (bin/, conf/, lib/, opt/).
flink_home() {
  local d
  for d in "$FLINK_VENV"/lib/python3*/site-packages/pyflink; do
    [[ -x "$d/bin/flink" || -f "$d/bin/flink" ]] && {
      printf '%s' "$d"
      return 0
    }
  done
  return 1
}

# Flink REST base URL and Kafka bootstrap address, as the API and the tests see them.
FLINK_REST_URL_LOCAL="http://$BIND_HOST:$FLINK_REST_PORT"
KAFKA_BOOTSTRAP_LOCAL="$BIND_HOST:$KAFKA_PORT"

# Runs a Kafka CLI class (e.g. org.apache.kafka.tools.TopicCommand) with the broker's jars and a
# quiet log config, so its output is only the answer.
kafka_tool() {
  "$JAVA_HOME/bin/java" -Xmx256m -cp "$KAFKA_DIR/libs/*" \
    -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2-tools.properties" "$@"
}

# mariadb client as root over our own unix socket (root authenticates by socket, no password).
mariadb_root() { mariadb --no-defaults --socket="$MARIADB_SOCKET" -uroot "$@"; }
