# shellcheck shell=bash disable=SC2034 # variables here are used by the scripts that source it
# Shared by scripts/*.sh: repo paths, where the API and web app listen, output helpers, and the
# daemon helpers behind start.sh/stop.sh. Sourced, never executed; callers `set -euo pipefail`.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA_DIR="${SLUICE_DATA_DIR:-$ROOT/.data}"
RUN_DIR="$DATA_DIR/run"
LOG_DIR="$DATA_DIR/logs"

# The API reads HOST/PORT itself (apps/api/src/config); the scripts only need them to find it.
API_HOST="${HOST:-127.0.0.1}"
API_PORT="${PORT:-3000}"
# A wildcard bind address is not something a client can connect to.
case "$API_HOST" in 0.0.0.0 | :: | '[::]') API_CONNECT_HOST=127.0.0.1 ;; *) API_CONNECT_HOST="$API_HOST" ;; esac
API_URL="http://$API_CONNECT_HOST:$API_PORT"
WEB_HOST="${SLUICE_WEB_HOST:-127.0.0.1}"
WEB_PORT="${SLUICE_WEB_PORT:-5173}"
case "$WEB_HOST" in 0.0.0.0 | :: | '[::]') WEB_CONNECT_HOST=127.0.0.1 ;; *) WEB_CONNECT_HOST="$WEB_HOST" ;; esac
WEB_URL="http://$WEB_CONNECT_HOST:$WEB_PORT"
# Where the web app's /api proxy sends requests (read by apps/web/vite.config.ts).
export SLUICE_API_URL="${SLUICE_API_URL:-$API_URL}"

if [[ -t 1 ]]; then
  _c_bold=$'\e[1m' _c_dim=$'\e[2m' _c_green=$'\e[32m' _c_yellow=$'\e[33m' _c_red=$'\e[31m' _c_off=$'\e[0m'
else
  _c_bold='' _c_dim='' _c_green='' _c_yellow='' _c_red='' _c_off=''
fi

step() { printf '%s==>%s %s\n' "$_c_bold" "$_c_off" "$*"; }
info() { printf '    %s\n' "$*"; }
ok() { printf '    %sok%s %s\n' "$_c_green" "$_c_off" "$*"; }
warn() { printf '    %swarn%s %s\n' "$_c_yellow" "$_c_off" "$*" >&2; }
die() {
  printf '%serror:%s %s\n' "$_c_red" "$_c_off" "$*" >&2
  exit 1
}

# Whole seconds since $1 (a value of $SECONDS), as "1m 05s" or "42s".
elapsed() {
  local s=$((SECONDS - $1))
  if ((s >= 60)); then printf '%dm %02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

# --- daemons: the API and the web app run detached, with a pidfile and a log each ---

# Prints the daemon's pid if its pidfile names a live process whose command line still contains
# the daemon's marker (so a recycled pid is never mistaken for ours); returns 1 otherwise.
daemon_pid() {
  local name=$1 marker=$2 pidfile="$RUN_DIR/$1.pid" pid state
  [[ -s "$pidfile" ]] || return 1
  pid="$(tr -dc '0-9' <"$pidfile")"
  [[ -n "$pid" && -r "/proc/$pid/cmdline" ]] || return 1
  state="$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null || true)"
  [[ "$state" != Z ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker" || return 1
  printf '%s' "$pid"
}

# True when something accepts TCP connections on host:port (bash's /dev/tcp, no extra tools).
port_in_use() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# Sends SIGTERM, waits up to 15 s for a clean exit (the API closes its clients), then SIGKILL.
stop_daemon() {
  local name=$1 marker=$2 pid i
  if ! pid="$(daemon_pid "$name" "$marker")"; then
    rm -f "$RUN_DIR/$name.pid" "$RUN_DIR/$name.build"
    return 1
  fi
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    daemon_pid "$name" "$marker" >/dev/null || break
    sleep 0.1
  done
  if daemon_pid "$name" "$marker" >/dev/null; then
    warn "$name (pid $pid) did not stop within 15 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$RUN_DIR/$name.pid" "$RUN_DIR/$name.build"
  return 0
}

# Short hashes of what a daemon was started from (built files, settings), so start.sh can tell
# whether a running daemon is current or must be restarted.
hash_files() {
  (cd "$ROOT" && { find "$@" -type f -print0 2>/dev/null || true; } | sort -z | xargs -0 -r sha256sum) |
    sha256sum | cut -c1-16
}
hash_text() { printf '%s' "$1" | sha256sum | cut -c1-16; }

# Keeps a log from growing without bound across many restarts: one previous generation.
rotate_log() {
  local log=$1
  if [[ -f "$log" ]] && (($(stat -c %s "$log") > 20 * 1024 * 1024)); then
    mv -f "$log" "$log.1"
  fi
}

# tail of a daemon's log, indented, for failure messages.
show_log_tail() {
  local log=$1
  [[ -f "$log" ]] || return 0
  printf '    --- last lines of %s ---\n' "$log" >&2
  tail -n 25 "$log" | sed 's/^/    /' >&2
}
