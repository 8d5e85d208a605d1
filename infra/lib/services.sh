# shellcheck shell=bash disable=SC2034 # SERVICES and template variables are read indirectly
# One block per service: where it listens, its pid, its log, whether it answers, how to start and
# stop it. up.sh, status.sh and down.sh are loops over these functions. Sourced after common.sh.

SERVICES=(redis mariadb kafka flink)

# Bash 5.2 expands '&' in ${var//pat/rep} replacements; templates may contain '&' literally.
shopt -u patsub_replacement 2>/dev/null || true

# render_to_stdout <template> NAME...: the template with every @NAME@ replaced by $NAME; fails on
# a placeholder left over (a typo in a template must not reach a config file).
render_to_stdout() {
  local template=$1 content name
  shift
  content="$(<"$template")"
  for name in "$@"; do
    content="${content//@$name@/${!name}}"
  done
  if grep -qE '@[A-Z_]+@' <<<"$content"; then
    die "unreplaced placeholder $(grep -oE '@[A-Z_]+@' <<<"$content" | head -n1) in $template"
  fi
  printf '%s\n' "$content"
}

# render <template> <output> NAME...: writes the rendered template only when it changed, so an
# unchanged config keeps its mtime.
render() {
  local template=$1 out=$2 content
  shift 2
  content="$(render_to_stdout "$template" "$@")"
  mkdir -p "$(dirname "$out")"
  if [[ ! -f "$out" || "$(<"$out")" != "$content" ]]; then
    printf '%s\n' "$content" >"$out"
  fi
}

# ------------------------------------------------------------------------------------------
# Redis
redis_addr() { printf 'redis://%s:%s' "$BIND_HOST" "$REDIS_PORT"; }
redis_log() { printf '%s' "$REDIS_DIR/redis.log"; }
redis_pid() { pid_alive "$REDIS_DIR/redis.pid" redis-server; }
redis_healthy() { [[ "$(redis-cli -h "$BIND_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }

redis_start() {
  mkdir -p "$REDIS_DIR"
  render "$INFRA_DIR/redis/redis.conf.template" "$REDIS_DIR/redis.conf" \
    BIND_HOST REDIS_PORT REDIS_DIR REDIS_MAXMEMORY
  # 9>&-: daemons must not inherit the infra lock (see infra_lock), or it would never be freed.
  redis-server "$REDIS_DIR/redis.conf" 9>&- # daemonizes itself and writes the pidfile
}

redis_stop() {
  local pid=$1
  # SHUTDOWN flushes the AOF and exits; fall back to signals if the server does not answer.
  redis-cli -h "$BIND_HOST" -p "$REDIS_PORT" shutdown >/dev/null 2>&1 || true
  stop_pid redis "$pid" 30
}

# ------------------------------------------------------------------------------------------
# MariaDB
mariadb_addr() { printf 'mysql://%s:%s@%s:%s/%s' "$MYSQL_USER" '***' "$BIND_HOST" "$MARIADB_PORT" "$MYSQL_DATABASE"; }
mariadb_log() { printf '%s' "$MARIADB_DIR/mariadbd.err"; }
mariadb_pid() { pid_alive "$MARIADB_DIR/mariadbd.pid" mariadbd; }
# Checked over TCP with the app account, i.e. the way Sluice connects, not just the socket.
mariadb_healthy() {
  MYSQL_PWD="$MYSQL_PASSWORD" mariadb-admin --no-defaults --protocol=tcp -h "$BIND_HOST" \
    -P "$MARIADB_PORT" -u "$MYSQL_USER" --connect-timeout=2 ping
}
mariadb_socket_up() { mariadb-admin --no-defaults --socket="$MARIADB_SOCKET" -uroot --connect-timeout=2 ping; }

mariadb_start() {
  mkdir -p "$MARIADB_DIR"
  render "$INFRA_DIR/mariadb/my.cnf.template" "$MARIADB_DIR/my.cnf" \
    BIND_HOST MARIADB_PORT MARIADB_DIR MARIADB_DATADIR MARIADB_SOCKET
  if [[ ! -d "$MARIADB_DATADIR/mysql" ]]; then
    info "mariadb: initialising data directory $MARIADB_DATADIR"
    rm -rf "$MARIADB_DATADIR"
    # Root may only log in over the unix socket as the OS root user: no root password exists.
    mariadb-install-db --defaults-file="$MARIADB_DIR/my.cnf" --user=root \
      --auth-root-authentication-method=socket --skip-test-db \
      >"$MARIADB_DIR/install-db.log" 2>&1 ||
      die "mariadb-install-db failed, see $MARIADB_DIR/install-db.log"
  fi
  # setsid: the server must outlive this script and the terminal that ran it.
  setsid nohup mariadbd --defaults-file="$MARIADB_DIR/my.cnf" >>"$MARIADB_DIR/stdout.log" 2>&1 </dev/null 9>&- &
  # The health check logs in over TCP as the app account, which only exists once root (over
  # the socket) has provisioned it.
  wait_until "mariadb (socket)" "$WAIT_TIMEOUT" "$(mariadb_log)" mariadb_socket_up
  mariadb_provision
}

# Database, user and grants; idempotent, run on every `up` so a changed password applies.
mariadb_provision() {
  local MYSQL_DATABASE_ESCAPED="${MYSQL_DATABASE//_/\\_}" sql
  sql="$(render_to_stdout "$INFRA_DIR/mariadb/init.sql.template" \
    MYSQL_DATABASE MYSQL_DATABASE_ESCAPED MYSQL_USER MYSQL_PASSWORD)"
  # Piped, never written to disk or argv: the password must not show up in ps or a file.
  mariadb_root <<<"$sql" || die "provisioning MariaDB failed (root over $MARIADB_SOCKET)"
}

mariadb_stop() {
  local pid=$1
  mariadb-admin --no-defaults --socket="$MARIADB_SOCKET" -uroot shutdown >/dev/null 2>&1 || true
  stop_pid mariadb "$pid" 60
}

# ------------------------------------------------------------------------------------------
# Kafka
kafka_addr() { printf '%s' "$KAFKA_BOOTSTRAP_LOCAL"; }
kafka_log() { printf '%s' "$KAFKA_DIR/logs/server.log"; }
kafka_pid() { pid_alive "$KAFKA_DIR/kafka.pid" kafka.Kafka; }
# A metadata round trip through the broker (lists topics), not just an open port.
kafka_healthy() {
  port_open "$BIND_HOST" "$KAFKA_PORT" &&
    kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP_LOCAL" --list
}

kafka_start() {
  mkdir -p "$KAFKA_DIR/logs"
  render "$INFRA_DIR/kafka/server.properties.template" "$KAFKA_DIR/server.properties" \
    BIND_HOST KAFKA_PORT KAFKA_CONTROLLER_PORT KAFKA_DIR
  if [[ ! -f "$KAFKA_DIR/data/meta.properties" ]]; then
    # The cluster id is kept beside the data, so re-formatting after a wipe of data/ only is
    # still the same cluster to anyone who recorded it.
    if [[ ! -s "$KAFKA_DIR/cluster-id" ]]; then
      kafka_tool kafka.tools.StorageTool random-uuid | tail -n1 | tr -d '[:space:]' >"$KAFKA_DIR/cluster-id"
    fi
    info "kafka: formatting KRaft storage (cluster id $(<"$KAFKA_DIR/cluster-id"))"
    kafka_tool kafka.tools.StorageTool format --ignore-formatted \
      -t "$(<"$KAFKA_DIR/cluster-id")" -c "$KAFKA_DIR/server.properties" \
      >"$KAFKA_DIR/logs/format.log" 2>&1 || die "formatting Kafka storage failed, see $KAFKA_DIR/logs/format.log"
  fi
  # shellcheck disable=SC2086 # KAFKA_HEAP holds several JVM flags
  setsid nohup "$JAVA_HOME/bin/java" $KAFKA_HEAP -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true \
    -Dkafka.logs.dir="$KAFKA_DIR/logs" \
    -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2.properties" \
    -cp "$KAFKA_DIR/libs/*" kafka.Kafka "$KAFKA_DIR/server.properties" \
    >>"$KAFKA_DIR/logs/stdout.log" 2>&1 </dev/null 9>&- &
  echo $! >"$KAFKA_DIR/kafka.pid"
}

kafka_stop() {
  # SIGTERM runs the broker's controlled shutdown (flushes logs, closes the quorum cleanly).
  stop_pid kafka "$1" 60
}

# ------------------------------------------------------------------------------------------
# Flink (session cluster: one JobManager + one TaskManager from the venv's FLINK_HOME)
flink_addr() { printf '%s' "$FLINK_REST_URL_LOCAL"; }
flink_log() { printf '%s' "$FLINK_DIR/log"; }
# "<jobmanager pids>,<taskmanager pids>" of the daemons that are alive (normally one each).
flink_pid() {
  local jm tm
  jm="$(flink_daemon_pids standalonesession)"
  tm="$(flink_daemon_pids taskexecutor)"
  [[ -n "$jm$tm" ]] || return 1
  printf '%s,%s' "${jm:--}" "${tm:--}"
}
# Flink's daemon script appends one pid per line to <pid dir>/flink-$USER-<daemon>.pid; $USER
# is empty in some shells (cron, CI), hence the glob. Prints the live ones, '+'-separated.
flink_daemon_pids() {
  local f pid out=''
  for f in "$FLINK_DIR"/pid/flink-*-"$1".pid; do
    [[ -s "$f" ]] || continue
    while read -r pid; do
      [[ -n "$pid" ]] || continue
      # Same stale-pid guard as pid_alive: the JVM's command line names the Flink entry class.
      if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q org.apache.flink; then
        out="${out:+$out+}$pid"
      fi
    done <"$f"
  done
  printf '%s' "$out"
}
# Healthy = REST answers and at least one TaskManager is registered (a JM alone runs nothing).
flink_healthy() {
  local tms
  tms="$(curl -fsS --max-time 3 "$FLINK_REST_URL_LOCAL/overview" | jq -r '.taskmanagers // 0')" || return 1
  [[ "$tms" -ge 1 ]]
}

flink_configure() {
  local home=$1 conf="$1/conf" fingerprint
  local py="$FLINK_VENV/bin/python"
  # Overrides applied on top of the config.yaml that ships with this Flink version, using Flink's
  # own config tool (the one its Docker image uses), so the shipped JVM flags stay intact.
  local args=(
    -D "jobmanager.rpc.address=$BIND_HOST"
    -D "jobmanager.rpc.port=$FLINK_RPC_PORT"
    -D "jobmanager.bind-host=$BIND_HOST"
    -D "jobmanager.memory.process.size=$FLINK_JM_PROCESS_MEMORY"
    -D "taskmanager.host=$BIND_HOST"
    -D "taskmanager.bind-host=$BIND_HOST"
    -D "taskmanager.numberOfTaskSlots=$FLINK_TASK_SLOTS"
    -D "taskmanager.memory.process.size=$FLINK_TM_PROCESS_MEMORY"
    # Every PyFlink job loads its own user-code classloader into the session cluster; the
    # default 256m metaspace ran out after a few dozen test jobs (OutOfMemoryError: Metaspace).
    -D "taskmanager.memory.jvm-metaspace.size=$FLINK_TM_METASPACE"
    -D "jobmanager.memory.jvm-metaspace.size=$FLINK_JM_METASPACE"
    -D "rest.address=$BIND_HOST"
    -D "rest.bind-address=$BIND_HOST"
    -D "rest.port=$FLINK_REST_PORT"
    -D "parallelism.default=1"
    -D "execution.checkpointing.dir=file://$FLINK_DIR/checkpoints"
    -D "execution.checkpointing.savepoint-dir=file://$FLINK_DIR/savepoints"
    # TaskManagers start Python workers with this interpreter; `flink run -py` runs the job
    # script with the client one. Both must be the venv that has pyflink and mini-racer.
    -D "python.executable=$py"
    -D "python.client.executable=$py"
    -D "env.log.dir=$FLINK_DIR/log"
    -D "env.pid.dir=$FLINK_DIR/pid"
    -D "io.tmp.dirs=$FLINK_DIR/tmp"
    -D "env.java.home=$JAVA_HOME"
  )
  fingerprint="$({
    printf '%s\n' "${args[@]}"
    cat "$conf/config.yaml.dist"
  } | md5sum | cut -d' ' -f1)"
  if [[ "$(cat "$FLINK_DIR/config.fingerprint" 2>/dev/null)" != "$fingerprint" || ! -f "$conf/config.yaml" ]]; then
    info "flink: writing $conf/config.yaml"
    cp "$conf/config.yaml.dist" "$conf/config.yaml"
    bash "$home/bin/config-parser-utils.sh" "$conf" "$home/bin" "$home/lib" "${args[@]}" \
      >"$FLINK_DIR/log/config-parser.log" 2>&1 ||
      die "could not write the Flink config, see $FLINK_DIR/log/config-parser.log"
    printf '%s\n' "$fingerprint" >"$FLINK_DIR/config.fingerprint"
  fi
}

flink_start() {
  local home
  home="$(flink_home)" || die "no Flink in $FLINK_VENV; run infra/install.sh"
  mkdir -p "$FLINK_DIR"/{log,pid,tmp,checkpoints,savepoints}
  flink_configure "$home"
  # USER names the pid and log files; it is unset in CI and in some non-login shells.
  export FLINK_HOME="$home" FLINK_CONF_DIR="$home/conf" USER="${USER:-$(id -un)}"
  # setsid: Flink's daemon script backgrounds with nohup only; we also leave the session.
  if [[ -z "$(flink_daemon_pids standalonesession)" ]]; then
    setsid "$home/bin/jobmanager.sh" start >>"$FLINK_DIR/log/daemon.out" 2>&1 </dev/null 9>&-
  fi
  if [[ -z "$(flink_daemon_pids taskexecutor)" ]]; then
    setsid "$home/bin/taskmanager.sh" start >>"$FLINK_DIR/log/daemon.out" 2>&1 </dev/null 9>&-
  fi
}

# Called by up.sh when Flink answers only partly: start whichever daemon died.
flink_repair() { flink_start; }

flink_stop() {
  local pid
  # TaskManagers first, so the JobManager does not spend its shutdown restarting tasks.
  for pid in $(flink_daemon_pids taskexecutor | tr '+' ' '); do stop_pid flink-taskmanager "$pid" 30; done
  for pid in $(flink_daemon_pids standalonesession | tr '+' ' '); do stop_pid flink-jobmanager "$pid" 30; done
  rm -f "$FLINK_DIR"/pid/*.pid
}
