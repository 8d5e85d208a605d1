#!/usr/bin/env bash
# Installs whatever the local stack is missing: Debian packages, Kafka jars, the Flink venv and
# its connector jars. Every step is skipped when already done, so running it again is cheap.
# Usage: bash infra/install.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
infra_lock

install_start=$(now)
mkdir -p "$DATA_DIR" "$MARKERS_DIR"

# --- 1. Debian packages -------------------------------------------------------------------
apt_missing() {
  local pkg
  for pkg in $APT_PACKAGES; do
    [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" == "install ok installed" ]] || printf '%s ' "$pkg"
  done
  [[ -x "$JAVA_HOME_17/bin/java" ]] || printf 'openjdk-17-jdk-headless '
  command -v mvn >/dev/null || printf 'maven '
}

missing="$(apt_missing)"
if [[ -n "$missing" ]]; then
  step "apt: installing $missing(first time: a few minutes)"
  [[ $EUID -eq 0 ]] || die "installing Debian packages needs root; run as root or install: $missing"
  t=$(now)
  # There is no systemd here and we run our own instances with our own data dirs, so the
  # packages' postinst scripts must not start the distro services. policy-rc.d exit 101 is the
  # Debian-sanctioned way to say "do not start services"; we remove it again only if we made it.
  made_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  trap '[[ $made_policy == 1 ]] && rm -f /usr/sbin/policy-rc.d' EXIT
  apt-get update -qq
  # shellcheck disable=SC2086 # word splitting of the package list is intended
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing \
    >"$DATA_DIR/apt-install.log" 2>&1 || {
    tail -n 30 "$DATA_DIR/apt-install.log" >&2
    die "apt-get install failed, full log: $DATA_DIR/apt-install.log"
  }
  ok "apt packages installed in $(since "$t")"
else
  ok "apt packages present ($APT_PACKAGES)"
fi

redis_version="$(redis-server --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p')"
[[ "$redis_version" == "$REDIS_MAJOR".* ]] || die "expected Redis $REDIS_MAJOR.x, found $redis_version"
mariadb_version="$(mariadbd --version 2>/dev/null | grep -o '[0-9]*\.[0-9]*\.[0-9]*-MariaDB' | head -n1)"
[[ "$mariadb_version" == "$MARIADB_MAJOR".* ]] || warn "expected MariaDB $MARIADB_MAJOR.x, found $mariadb_version"

# --- 2. Kafka jars from Maven Central -----------------------------------------------------
mvn_props=(
  "-Dkafka.version=$KAFKA_VERSION"
  "-Dkafka.scala.binary=$KAFKA_SCALA_BINARY"
  "-Dslf4j.version=$SLF4J_VERSION"
  "-Dlog4j.version=$LOG4J_VERSION"
  "-Dflink.kafka.connector.version=$FLINK_KAFKA_CONNECTOR_VERSION"
  "-Dflink.jdbc.core.version=$FLINK_JDBC_CORE_VERSION"
  "-Dflink.jdbc.mysql.version=$FLINK_JDBC_MYSQL_VERSION"
  "-Dmysql.jdbc.driver.version=$MYSQL_JDBC_DRIVER_VERSION"
  "-Dmariadb.jdbc.driver.version=$MARIADB_JDBC_DRIVER_VERSION"
)
dep_plugin="org.apache.maven.plugins:maven-dependency-plugin:$MAVEN_DEPENDENCY_PLUGIN_VERSION"

# maven <logfile> <args...>: batch mode into a log file; on failure shows its tail and the path.
maven() {
  local log=$1
  shift
  mvn -B -ntp -Dstyle.color=never "${mvn_props[@]}" "$@" >"$log" 2>&1 || {
    grep -E 'ERROR|Could not' "$log" | head -n 15 >&2 || tail -n 15 "$log" >&2
    die "maven failed, full log: $log"
  }
}

kafka_marker="kafka-$KAFKA_VERSION-log4j-$LOG4J_VERSION"
if ! marker_done "$kafka_marker"; then
  step "kafka: fetching kafka_$KAFKA_SCALA_BINARY $KAFKA_VERSION and dependencies from Maven Central (~40 MB)"
  t=$(now)
  # A fresh directory, so a version bump leaves no stale jars on the broker's classpath.
  rm -rf "$KAFKA_DIR/libs.new"
  maven "$DATA_DIR/mvn-kafka.log" -f "$INFRA_DIR/kafka/pom.xml" \
    "$dep_plugin:copy-dependencies" -DincludeScope=runtime -DoutputDirectory="$KAFKA_DIR/libs.new"
  rm -rf "$KAFKA_DIR/libs"
  mv "$KAFKA_DIR/libs.new" "$KAFKA_DIR/libs"
  marker_set "$kafka_marker"
  ok "kafka: $(find "$KAFKA_DIR/libs" -name '*.jar' | wc -l) jars in $KAFKA_DIR/libs ($(since "$t"))"
else
  ok "kafka $KAFKA_VERSION jars present"
fi

# --- 3. Flink venv from PyPI ----------------------------------------------------------------
venv_marker="flink-venv-$FLINK_VERSION-mini-racer-$MINI_RACER_VERSION"
if ! marker_done "$venv_marker" || ! flink_home >/dev/null; then
  command -v "$FLINK_PYTHON" >/dev/null || die "$FLINK_PYTHON not found (FLINK_PYTHON in infra/versions.env)"
  step "flink: creating $FLINK_VENV with apache-flink==$FLINK_VERSION, mini-racer==$MINI_RACER_VERSION (~700 MB download on a cold pip cache)"
  t=$(now)
  rm -rf "$FLINK_VENV"
  "$FLINK_PYTHON" -m venv "$FLINK_VENV" || die "could not create a venv with $FLINK_PYTHON (is python3-venv installed?)"
  "$FLINK_VENV/bin/python" -m pip install -q --upgrade pip
  # pip draws its own progress bars for the big wheels when attached to a terminal.
  "$FLINK_VENV/bin/python" -m pip install \
    "apache-flink==$FLINK_VERSION" "apache-flink-libraries==$FLINK_VERSION" "mini-racer==$MINI_RACER_VERSION" \
    >"$DATA_DIR/pip-install.log" 2>&1 || {
    tail -n 30 "$DATA_DIR/pip-install.log" >&2
    die "pip install failed, full log: $DATA_DIR/pip-install.log"
  }
  home="$(flink_home)" || die "apache-flink installed but $FLINK_VENV has no pyflink/bin/flink"
  [[ -f "$home/bin/start-cluster.sh" && -d "$home/conf" ]] || die "$home lacks bin/start-cluster.sh or conf/"
  chmod +x "$home"/bin/*.sh "$home/bin/flink" "$home/bin/pyflink-udf-runner.sh" 2>/dev/null || true
  # Keep the shipped config as a reference; up.sh writes conf/config.yaml from our template.
  [[ -f "$home/conf/config.yaml.dist" ]] || cp "$home/conf/config.yaml" "$home/conf/config.yaml.dist"
  rm -f "$MARKERS_DIR"/flink-connectors-* # a new venv has an empty lib/ for our connectors
  marker_set "$venv_marker"
  ok "flink venv ready in $(since "$t") (FLINK_HOME=$home)"
else
  ok "flink venv present (apache-flink $FLINK_VERSION)"
fi
FLINK_HOME="$(flink_home)"

# apache-flink installs no `flink` launcher on PATH; this one fixes JAVA_HOME (PyFlink needs 17)
# and FLINK_HOME so `.data/flink-venv/bin/flink run -py job.py` works from any shell or process.
wrapper="$FLINK_VENV/bin/flink"
wrapper_text="#!/usr/bin/env bash
# Generated by infra/install.sh: Flink CLI of this venv's pyflink FLINK_HOME.
export JAVA_HOME=\"\${SLUICE_FLINK_JAVA_HOME:-$JAVA_HOME}\"
export FLINK_HOME=\"$FLINK_HOME\"
export FLINK_CONF_DIR=\"\${FLINK_CONF_DIR:-$FLINK_HOME/conf}\"
export PATH=\"$FLINK_VENV/bin:\$PATH\"
exec \"$FLINK_HOME/bin/flink\" \"\$@\""
if [[ ! -f "$wrapper" || "$(<"$wrapper")" != "$wrapper_text" ]]; then
  printf '%s\n' "$wrapper_text" >"$wrapper"
  chmod +x "$wrapper"
  ok "wrote $wrapper"
fi

# --- 4. Connector jars into FLINK_HOME/lib ------------------------------------------------
conn_marker="flink-connectors-kafka-$FLINK_KAFKA_CONNECTOR_VERSION-jdbc-$FLINK_JDBC_CORE_VERSION-$FLINK_JDBC_MYSQL_VERSION-mysql-$MYSQL_JDBC_DRIVER_VERSION-mariadb-$MARIADB_JDBC_DRIVER_VERSION"
if ! marker_done "$conn_marker"; then
  step "flink: fetching connector jars (Kafka SQL, JDBC core + MySQL dialect, MySQL and MariaDB drivers)"
  t=$(now)
  staging="$FLINK_DIR/connectors"
  rm -rf "$staging"
  # No transitive dependencies: Flink's own lib/ already provides what the connectors build on.
  maven "$DATA_DIR/mvn-flink-connectors.log" -f "$INFRA_DIR/flink/pom.xml" \
    "$dep_plugin:copy-dependencies" -DexcludeTransitive=true -DoutputDirectory="$staging"
  rm -f "$FLINK_HOME"/lib/flink-sql-connector-kafka-*.jar "$FLINK_HOME"/lib/flink-connector-jdbc-*.jar \
    "$FLINK_HOME"/lib/mysql-connector-j-*.jar "$FLINK_HOME"/lib/mariadb-java-client-*.jar
  cp "$staging"/*.jar "$FLINK_HOME/lib/"
  marker_set "$conn_marker"
  # shellcheck disable=SC2012 # jar names from Maven, no odd characters
  ok "connectors in $FLINK_HOME/lib: $(cd "$staging" && ls -- *.jar | tr '\n' ' ')($(since "$t"))"
else
  ok "flink connector jars present"
fi

# --- 4b. jdbc:mariadb: URLs -----------------------------------------------------------------
# Flink publishes no MariaDB dialect, and MySQL Connector/J drops TIMESTAMP fractions on MariaDB
# 10.x; infra/flink/jdbc-mariadb is a one-class dialect (MySQL SQL, MariaDB driver), compiled here
# against the connector jars above. Rebuilt when its source changes.
mariadb_src="$INFRA_DIR/flink/jdbc-mariadb"
mariadb_jar="$FLINK_HOME/lib/sluice-flink-jdbc-mariadb.jar"
mariadb_hash="$(cat "$mariadb_src"/src/dev/sluice/flink/jdbc/*.java "$mariadb_src"/META-INF/services/* | sha256sum | cut -c1-16)"
mariadb_marker="flink-jdbc-mariadb-$mariadb_hash-jdbc-$FLINK_JDBC_CORE_VERSION-$FLINK_JDBC_MYSQL_VERSION"
if ! marker_done "$mariadb_marker" || [[ ! -f "$mariadb_jar" ]]; then
  step "flink: compiling the jdbc:mariadb: dialect (infra/flink/jdbc-mariadb)"
  classes="$FLINK_DIR/jdbc-mariadb-classes"
  rm -rf "$classes" && mkdir -p "$classes"
  "$JAVA_HOME/bin/javac" --release 11 -nowarn -cp "$FLINK_HOME/lib/*" -d "$classes" \
    "$mariadb_src"/src/dev/sluice/flink/jdbc/*.java
  cp -r "$mariadb_src/META-INF" "$classes/"
  rm -f "$mariadb_jar"
  (cd "$classes" && "$JAVA_HOME/bin/jar" cf "$mariadb_jar" .)
  marker_set "$mariadb_marker"
  ok "wrote $mariadb_jar"
else
  ok "jdbc:mariadb: dialect present"
fi

# --- 5. flink-python into lib/ -------------------------------------------------------------
# PyFlink jobs need flink-python on the classpath. Left in opt/, the CLI ships it with every job,
# and each job's classloader keeps ~25 MB of Beam/gRPC classes in TaskManager metaspace that are
# never freed: a session cluster died of `OutOfMemoryError: Metaspace` after a few dozen jobs.
# In lib/ it is loaded once by the parent classloader and shared by all jobs.
if ! compgen -G "$FLINK_HOME/lib/flink-python-*.jar" >/dev/null; then
  cp "$FLINK_HOME"/opt/flink-python-*.jar "$FLINK_HOME/lib/"
  ok "flink-python moved onto the cluster classpath (lib/)"
fi

step "install complete in $(since "$install_start")"
