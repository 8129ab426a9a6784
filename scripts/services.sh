#!/usr/bin/env bash
# Real services for the integration tests and CI: Apache Kafka (KRaft, one
# node), Redis and PostgreSQL, all on 127.0.0.1, started WITHOUT Docker and
# WITHOUT systemd so the same script works on a fresh CI machine, in a
# container and on a dev box. See docs: DESIGN.md "Real services, and how they start".
#
#   scripts/services.sh up [kafka|redis|postgres ...]    start (or reuse) and wait until ready
#   scripts/services.sh down [kafka|redis|postgres ...]  stop what `up` started (by PID file)
#   scripts/services.sh status                           print each service up/down
#   scripts/services.sh env                              print the variables the tests read
#
# Typical use:   scripts/services.sh up && eval "$(scripts/services.sh env)" && pytest
#
# Overrides (environment):
#   KAFKA_PORT (9092)  KAFKA_CONTROLLER_PORT (9093)  REDIS_PORT (6379)  PG_PORT (5432)
#   SERVICES_DIR (<repo>/.cache/services)  state: data, logs, PID files
#   KAFKA_LIB_DIR (<repo>/.cache/kafka/lib)  the broker jars fetched by Maven
#   PYTHON (<repo>/.venv/bin/python, else python3)  used for the Kafka readiness probe
#   JAVA (java)  MVN (mvn)
#   KAFKA_START_TIMEOUT (120)  REDIS_START_TIMEOUT (30)  PG_START_TIMEOUT (90)  seconds
#
# Where things come from: the Kafka jars from Maven Central (scripts/kafka/pom.xml),
# redis-server and postgresql from Debian's apt (installed when missing).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KAFKA_TEMPLATES="$ROOT/scripts/kafka"

HOST=127.0.0.1 # loopback only: these are throwaway test services with test passwords
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
REDIS_PORT="${REDIS_PORT:-6379}"
PG_PORT="${PG_PORT:-5432}"
SERVICES_DIR="${SERVICES_DIR:-$ROOT/.cache/services}"
KAFKA_LIB_DIR="${KAFKA_LIB_DIR:-$ROOT/.cache/kafka/lib}"
JAVA="${JAVA:-java}"
MVN="${MVN:-mvn}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
REDIS_START_TIMEOUT="${REDIS_START_TIMEOUT:-30}"
PG_START_TIMEOUT="${PG_START_TIMEOUT:-90}"

PG_USER=mengke
PG_PASSWORD=mengke
PG_DATABASES=(mengke mengke_test)

KAFKA_DIR="$SERVICES_DIR/kafka"
REDIS_DIR="$SERVICES_DIR/redis"
PG_DIR="$SERVICES_DIR/postgres"

ALL_SERVICES=(kafka redis postgres)

# ----------------------------------------------------------------- helpers

log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

# Print the last lines of each existing log file, to say WHY a service failed.
tail_logs() {
  local f
  for f in "$@"; do
    [[ -s "$f" ]] || continue
    printf '\n----- last 40 lines of %s -----\n' "$f" >&2
    tail -n 40 "$f" >&2 || true
  done
  printf '\n' >&2
}

# True when something accepts TCP connections on 127.0.0.1:$1 (bash /dev/tcp:
# no nc/ss needed on a fresh machine).
port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null
}

# Who listens on a port, for error messages only.
port_owner() {
  if command -v ss >/dev/null 2>&1; then ss -ltnpH "sport = :$1" 2>/dev/null | head -n 3 || true; fi
}

# Refuse to start when another program already holds the port: otherwise tests
# would silently talk to a service this script neither configured nor will stop.
require_port_free() { # name port envvar
  if port_open "$2"; then
    die "$1: port $HOST:$2 is already taken (not by a service of SERVICES_DIR=$SERVICES_DIR)
$(port_owner "$2")
Stop it, or choose another port, e.g. $3=$(($2 + 10000)) $0 up"
  fi
}

# PID from a PID file, only if that process is alive AND its command line still
# matches (a PID file surviving a reboot can point at an unrelated process).
live_pid() { # pidfile pattern
  local pid cmdline
  [[ -s "$1" ]] || return 1
  pid="$(tr -dc '0-9' <"$1")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  cmdline="$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)" || return 1
  [[ "$cmdline" == *"$2"* ]] || return 1
  printf '%s\n' "$pid"
}

# Send SIGTERM to a PID, wait for it to exit, SIGKILL after a grace period.
stop_pid() { # name pid grace_seconds
  local name="$1" pid="$2" grace="$3" i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < grace * 5; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  log "$name (pid $pid) did not stop within ${grace}s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  for ((i = 0; i < 25; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  die "$name (pid $pid) survived SIGKILL"
}

# A service found running is reused, but only on the port asked for now.
reuse_running() { # name dir port pid
  local was
  was="$(cat "$2/port" 2>/dev/null || echo '?')"
  [[ "$was" == "$3" ]] || die "$1 is already running on port $was (not $3); run '$0 down $1' first"
  log "$1: already running (pid $4), reusing it"
}

# Stop what NAME_pid finds (SIGTERM, SIGKILL after the grace) and drop its PID file.
pid_down() { # name pidfile grace_seconds
  local pid
  if pid="$("$1_pid")"; then
    log "$1: stopping pid $pid"
    stop_pid "$1" "$pid" "$3"
  else
    log "$1: not running"
  fi
  rm -f "$2"
}

# One line: up with its address and pid (status 0), or down (status 1).
service_status() { # name dir default_port
  local pid
  if pid="$("$1_pid")"; then
    printf '%-9s up    %s:%s (pid %s)\n' "$1" "$HOST" "$(cat "$2/port" 2>/dev/null || echo "$3")" "$pid"
  else
    printf '%-9s down\n' "$1"
    return 1
  fi
}

as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=0
# Install Debian packages only when a needed command is missing, so a warm
# machine never waits on apt (and never needs the network).
apt_install() {
  log "installing with apt: $*"
  export DEBIAN_FRONTEND=noninteractive
  if [[ $APT_UPDATED -eq 0 ]]; then
    as_root apt-get update -qq >&2
    APT_UPDATED=1
  fi
  as_root apt-get install -y -qq --no-install-recommends "$@" >&2
}

# Several engineers / CI steps may call up/down at once: serialise them so two
# `up`s cannot both decide a service is missing and start it twice.
# Every daemon is launched with `9>&-`: a daemon inheriting fd 9 would hold
# this lock for as long as it runs and block every later up/down.
take_lock() {
  mkdir -p "$SERVICES_DIR"
  exec 9>"$SERVICES_DIR/.lock"
  flock -w 600 9 || die "another services.sh has held $SERVICES_DIR/.lock for 10 minutes"
}

# --------------------------------------------------------------------- Kafka

kafka_jars_ready() {
  local stamp="$KAFKA_LIB_DIR/.pom.sha256"
  [[ -f "$stamp" ]] && [[ "$(cat "$stamp")" == "$(sha256sum <"$KAFKA_TEMPLATES/pom.xml")" ]]
}

# Fetch the broker jars with Maven once; later runs reuse them. The stamp is the
# pom's checksum, so changing the Kafka version in the pom triggers a new fetch.
# Jars go to a temporary folder first: an interrupted download never leaves a
# half-filled lib folder that looks complete.
kafka_fetch_jars() {
  kafka_jars_ready && return 0
  command -v "$JAVA" >/dev/null || apt_install openjdk-17-jre-headless
  command -v "$MVN" >/dev/null || apt_install maven
  local tmp="$KAFKA_LIB_DIR.tmp.$$" mvnlog="$KAFKA_LIB_DIR.maven.log" t0=$SECONDS
  log "fetching the Kafka broker jars from Maven Central into $KAFKA_LIB_DIR (once) ..."
  mkdir -p "$(dirname "$KAFKA_LIB_DIR")"
  rm -rf "$tmp"
  if ! "$MVN" -B -ntp -f "$KAFKA_TEMPLATES/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$tmp" -DincludeScope=runtime >"$mvnlog" 2>&1; then
    rm -rf "$tmp"
    tail_logs "$mvnlog"
    die "kafka: Maven could not fetch the broker jars (log: $mvnlog)"
  fi
  sha256sum <"$KAFKA_TEMPLATES/pom.xml" >"$tmp/.pom.sha256"
  rm -rf "$KAFKA_LIB_DIR"
  mv "$tmp" "$KAFKA_LIB_DIR"
  log "kafka jars ready in $((SECONDS - t0))s ($(find "$KAFKA_LIB_DIR" -name '*.jar' | wc -l) jars)"
}

kafka_pid() { live_pid "$KAFKA_DIR/kafka.pid" "kafka.Kafka"; }

kafka_java() { # main-class args...
  "$JAVA" -Xmx256m -cp "$KAFKA_LIB_DIR/*" \
    -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" -Dkafka.logs.dir="$KAFKA_DIR/logs" \
    "$@"
}

# Write server.properties for the current ports. Regenerated every start so a
# changed KAFKA_PORT takes effect; the data itself lives in $KAFKA_DIR/data.
kafka_write_config() {
  mkdir -p "$KAFKA_DIR/data" "$KAFKA_DIR/logs"
  sed -e "s|@KAFKA_PORT@|$KAFKA_PORT|g" \
    -e "s|@CONTROLLER_PORT@|$KAFKA_CONTROLLER_PORT|g" \
    -e "s|@LOG_DIR@|$KAFKA_DIR/data|g" \
    "$KAFKA_TEMPLATES/server.properties.in" >"$KAFKA_DIR/server.properties"
  cp "$KAFKA_TEMPLATES/log4j.properties" "$KAFKA_DIR/log4j.properties"
}

# KRaft refuses to start on an unformatted log dir. Format once, with a cluster
# id generated on first use and kept; an existing data dir is left untouched.
kafka_format() {
  [[ -f "$KAFKA_DIR/data/meta.properties" ]] && return 0
  local id
  if [[ -s "$KAFKA_DIR/cluster.id" ]]; then
    id="$(cat "$KAFKA_DIR/cluster.id")"
  else
    # What `StorageTool random-uuid` prints (16 random bytes, base64url without
    # padding), minus a JVM start. Kafka rejects ids starting with '-'.
    id=-
    while [[ "$id" == -* ]]; do
      id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
    done
    printf '%s\n' "$id" >"$KAFKA_DIR/cluster.id"
  fi
  log "kafka: formatting $KAFKA_DIR/data (cluster id $id)"
  kafka_java kafka.tools.StorageTool format --ignore-formatted \
    -t "$id" -c "$KAFKA_DIR/server.properties" >>"$KAFKA_DIR/format.log" 2>&1 ||
    { tail_logs "$KAFKA_DIR/format.log"; die "kafka: formatting the storage failed"; }
}

# Launch the broker in the background (does not wait; see kafka_wait).
# setsid: own session, so the broker outlives this shell, its terminal and the
# process group of whatever CI step ran `up`.
kafka_launch() {
  kafka_fetch_jars
  if kafka_pid >/dev/null; then
    reuse_running kafka "$KAFKA_DIR" "$KAFKA_PORT" "$(kafka_pid)"
    return 0
  fi
  require_port_free kafka "$KAFKA_PORT" KAFKA_PORT
  require_port_free "kafka controller" "$KAFKA_CONTROLLER_PORT" KAFKA_CONTROLLER_PORT
  command -v "$JAVA" >/dev/null || apt_install openjdk-17-jre-headless
  kafka_write_config
  kafka_format
  rm -f "$KAFKA_DIR/kafka.pid" "$KAFKA_DIR/probe.log"
  : >"$KAFKA_DIR/kafka.out"
  log "kafka: starting broker on $HOST:$KAFKA_PORT (controller $HOST:$KAFKA_CONTROLLER_PORT)"
  # Small fixed heap: CI machines have 2 cores and a few GB; Kafka's default 1G
  # is sized for production. ExitOnOutOfMemoryError: fail loudly, not hang.
  setsid "$JAVA" -Xmx512m -Xms256m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" -Dkafka.logs.dir="$KAFKA_DIR/logs" \
    -cp "$KAFKA_LIB_DIR/*" kafka.Kafka "$KAFKA_DIR/server.properties" \
    </dev/null >>"$KAFKA_DIR/kafka.out" 2>&1 9>&- &
  echo $! >"$KAFKA_DIR/kafka.pid"
  echo "$KAFKA_PORT" >"$KAFKA_DIR/port"
}

# Readiness = the port answers AND a metadata round trip (describe cluster +
# list topics) succeeds, with the same client library the tests use. Falls back
# to a tool of the broker jars that also makes a METADATA request when
# kafka-python is not installed (kafka.tools.ClusterTool would need kafka-tools).
KAFKA_PY="" # the Python that has kafka-python, or "none"; found once per run
kafka_find_python() {
  local py="${PYTHON:-}"
  if [[ -z "$py" ]]; then
    if [[ -x "$ROOT/.venv/bin/python" ]]; then py="$ROOT/.venv/bin/python"; else py=python3; fi
  fi
  if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import kafka' 2>/dev/null; then
    KAFKA_PY="$py"
  else
    KAFKA_PY=none
  fi
}

kafka_probe() {
  [[ -n "$KAFKA_PY" ]] || kafka_find_python
  if [[ "$KAFKA_PY" != none ]]; then
    timeout 30 "$KAFKA_PY" - "$HOST:$KAFKA_PORT" <<'PY' >"$KAFKA_DIR/probe.log" 2>&1
import sys
from kafka import KafkaAdminClient

admin = KafkaAdminClient(bootstrap_servers=sys.argv[1], client_id="services-sh-probe",
                         request_timeout_ms=5000, bootstrap_timeout_ms=5000)
try:
    assert admin.describe_cluster().get("cluster_id")
    admin.list_topics()
finally:
    admin.close()
PY
  else
    timeout 30 "$JAVA" -Xmx128m -cp "$KAFKA_LIB_DIR/*" -Dlog4j.configuration="file:$KAFKA_DIR/log4j.properties" \
      -Dkafka.logs.dir="$KAFKA_DIR/logs" \
      kafka.admin.BrokerApiVersionsCommand --bootstrap-server "$HOST:$KAFKA_PORT" >"$KAFKA_DIR/probe.log" 2>&1
  fi
}

kafka_wait() {
  local deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kafka_pid >/dev/null; then
      tail_logs "$KAFKA_DIR/kafka.out" "$KAFKA_DIR/logs/server.log"
      die "kafka: the broker process exited during startup"
    fi
    if port_open "$KAFKA_PORT" && kafka_probe; then
      log "kafka: ready"
      return 0
    fi
    sleep 1
  done
  # probe.log: why the last readiness check failed, when the broker log looks fine.
  tail_logs "$KAFKA_DIR/kafka.out" "$KAFKA_DIR/logs/server.log" "$KAFKA_DIR/probe.log"
  # Do not leave a half-started broker behind to confuse the next run.
  kafka_down
  die "kafka: not ready after ${KAFKA_START_TIMEOUT}s (stopped it; data and logs kept in $KAFKA_DIR)"
}

# Controlled shutdown of a one-node cluster takes a few seconds.
kafka_down() { pid_down kafka "$KAFKA_DIR/kafka.pid" 60; }
kafka_status() { service_status kafka "$KAFKA_DIR" "$KAFKA_PORT"; }

# --------------------------------------------------------------------- Redis

redis_pid() { live_pid "$REDIS_DIR/redis.pid" "redis-server"; }

redis_up() {
  if ! command -v redis-server >/dev/null || ! command -v redis-cli >/dev/null; then
    apt_install redis-server
  fi
  if redis_pid >/dev/null; then
    reuse_running redis "$REDIS_DIR" "$REDIS_PORT" "$(redis_pid)"
  else
    require_port_free redis "$REDIS_PORT" REDIS_PORT
    mkdir -p "$REDIS_DIR"
    rm -f "$REDIS_DIR/redis.pid"
    log "redis: starting on $HOST:$REDIS_PORT"
    # Command-line settings only (no config file): the Debian /etc/redis config
    # belongs to the packaged service. No persistence: test data is disposable.
    redis-server --daemonize yes --bind "$HOST" --port "$REDIS_PORT" \
      --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" --dir "$REDIS_DIR" \
      --save '' --appendonly no --protected-mode yes --databases 16 9>&- ||
      { tail_logs "$REDIS_DIR/redis.log"; die "redis: redis-server failed to start"; }
    echo "$REDIS_PORT" >"$REDIS_DIR/port"
  fi
  local deadline=$((SECONDS + REDIS_START_TIMEOUT))
  until [[ "$(redis-cli -h "$HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; do
    if ((SECONDS >= deadline)); then
      tail_logs "$REDIS_DIR/redis.log"
      die "redis: no PONG after ${REDIS_START_TIMEOUT}s"
    fi
    sleep 0.2
  done
  # The pid file is written by the daemon itself; make sure it is there before
  # we report success, or `down` could not find what we started.
  until redis_pid >/dev/null; do
    ((SECONDS < deadline)) || die "redis: answers but wrote no pid file $REDIS_DIR/redis.pid"
    sleep 0.2
  done
  log "redis: ready"
}

redis_down() { pid_down redis "$REDIS_DIR/redis.pid" 20; }
redis_status() { service_status redis "$REDIS_DIR" "$REDIS_PORT"; }

# ---------------------------------------------------------------- PostgreSQL

PG_BIN=""
pg_find_bin() {
  local d
  PG_BIN=""
  # Newest installed major version (Debian puts each under its own folder).
  for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V); do
    [[ -x "$d/initdb" && -x "$d/pg_ctl" ]] && PG_BIN="$d"
  done
  [[ -n "$PG_BIN" ]]
}

# The server refuses to run as root. As root we run it as the `postgres` user
# the Debian package creates; as any other user we run it as ourselves. `cd /`
# so a user that cannot read our cwd does not print warnings.
pg_as_owner() {
  if [[ $EUID -eq 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

pg_running() {
  [[ -n "$PG_BIN" && -f "$PG_DIR/data/PG_VERSION" ]] || return 1
  pg_as_owner "$PG_BIN/pg_ctl" status -D "$PG_DIR/data" >/dev/null 2>&1
}

pg_pid() { head -n 1 "$PG_DIR/data/postmaster.pid" 2>/dev/null; }

pg_prepare_dirs() {
  mkdir -p "$PG_DIR/run"
  chmod 700 "$PG_DIR/run"
  chmod 755 "$SERVICES_DIR"
  if [[ $EUID -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || die "postgres: no 'postgres' system user (is the postgresql package installed?)"
    chown -R postgres:postgres "$PG_DIR"
    runuser -u postgres -- test -w "$PG_DIR" ||
      die "postgres: the 'postgres' user cannot reach $PG_DIR (a parent folder is not world-searchable); set SERVICES_DIR to e.g. /var/tmp/mengke-services"
  fi
}

# Settings in a file of our own, included from postgresql.conf and rewritten on
# every start, so port changes apply and the stock config stays untouched.
pg_write_config() {
  cat >"$PG_DIR/data/mengke.conf" <<EOF
# written by scripts/services.sh on every 'up'
listen_addresses = '$HOST'
port = $PG_PORT
# Socket in our state dir: /var/run/postgresql may not exist without systemd,
# and must not collide with a packaged cluster.
unix_socket_directories = '$PG_DIR/run'
max_connections = 100
shared_buffers = 128MB
# Disposable test data: trade crash safety for speed on slow CI disks.
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
  [[ $EUID -ne 0 ]] || chown postgres:postgres "$PG_DIR/data/mengke.conf"
}

pg_init() {
  [[ -f "$PG_DIR/data/PG_VERSION" ]] && return 0
  log "postgres: initdb in $PG_DIR/data"
  # Local (socket) connections trusted: the socket lives in our own 0700 state
  # dir. TCP needs the password (scram), like the tests' URL.
  pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --encoding=UTF8 --locale=C \
    --auth-local=trust --auth-host=scram-sha-256 >"$PG_DIR/initdb.log" 2>&1 ||
    { tail_logs "$PG_DIR/initdb.log"; die "postgres: initdb failed"; }
  echo "include_if_exists = 'mengke.conf'" >>"$PG_DIR/data/postgresql.conf"
}

# SQL on stdin, as the superuser, through our private Unix socket.
pg_psql() {
  pg_as_owner "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR/run" -p "$PG_PORT" -U postgres -d postgres
}

# Role and databases, idempotently: safe on every `up`, and repairs a cluster
# left half-initialised by an interrupted first run.
pg_bootstrap() {
  pg_psql >/dev/null <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
  ELSE
    ALTER ROLE $PG_USER LOGIN CREATEDB PASSWORD '$PG_PASSWORD';
  END IF;
END
\$\$;
SQL
  local db
  for db in "${PG_DATABASES[@]}"; do
    pg_psql >/dev/null <<SQL
SELECT 'CREATE DATABASE $db OWNER $PG_USER ENCODING ''UTF8'' TEMPLATE template0'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db')
\gexec
SQL
  done
}

postgres_up() {
  pg_find_bin || { apt_install postgresql; pg_find_bin || die "postgres: no /usr/lib/postgresql/*/bin/initdb after installing"; }
  if [[ -f "$PG_DIR/data/PG_VERSION" && "$(cat "$PG_DIR/data/PG_VERSION")" != "$(basename "$(dirname "$PG_BIN")")" ]]; then
    die "postgres: $PG_DIR/data was made by PostgreSQL $(cat "$PG_DIR/data/PG_VERSION"), binaries are $PG_BIN; delete $PG_DIR to start over"
  fi
  if pg_running; then
    reuse_running postgres "$PG_DIR" "$PG_PORT" "$(pg_pid)"
  else
    require_port_free postgres "$PG_PORT" PG_PORT
    pg_prepare_dirs
    pg_init
    pg_write_config
    log "postgres: starting on $HOST:$PG_PORT"
    # pg_ctl -w waits until the server accepts connections (or the timeout).
    if ! pg_as_owner "$PG_BIN/pg_ctl" start -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" \
      -w -t "$PG_START_TIMEOUT" >/dev/null 2>"$PG_DIR/pg_ctl.err" 9>&-; then
      tail_logs "$PG_DIR/pg_ctl.err" "$PG_DIR/postgres.log"
      die "postgres: pg_ctl start failed or timed out (${PG_START_TIMEOUT}s)"
    fi
    echo "$PG_PORT" >"$PG_DIR/port"
  fi
  local deadline=$((SECONDS + PG_START_TIMEOUT))
  until "$PG_BIN/pg_isready" -q -h "$HOST" -p "$PG_PORT" -t 2; do
    if ((SECONDS >= deadline)); then
      tail_logs "$PG_DIR/postgres.log"
      die "postgres: pg_isready failed for ${PG_START_TIMEOUT}s"
    fi
    sleep 0.5
  done
  pg_bootstrap || { tail_logs "$PG_DIR/postgres.log"; die "postgres: creating role/databases failed"; }
  log "postgres: ready"
}

postgres_down() {
  pg_find_bin || true
  if pg_running; then
    local pid i
    pid="$(pg_pid)"
    log "postgres: stopping pid $pid"
    # pg_ctl finds the server through data/postmaster.pid: the PID file of what
    # we started, never some other cluster on this machine.
    pg_as_owner "$PG_BIN/pg_ctl" stop -D "$PG_DIR/data" -m fast -w -t 60 >/dev/null ||
      { tail_logs "$PG_DIR/postgres.log"; die "postgres: pg_ctl stop failed"; }
    # pg_ctl returns once the PID file is gone, a moment before the process is.
    for ((i = 0; i < 50; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
  else
    log "postgres: not running"
  fi
}

postgres_pid() {
  pg_find_bin || true
  pg_running && pg_pid
}

postgres_status() { service_status postgres "$PG_DIR" "$PG_PORT"; }

# ----------------------------------------------------------------- commands

print_env() {
  cat <<EOF
export MENGKE_KAFKA__BOOTSTRAP_SERVERS=$HOST:$KAFKA_PORT
export MENGKE_TEST_REDIS_URL=redis://$HOST:$REDIS_PORT/0
export MENGKE_TEST_POSTGRES_URL=postgresql+psycopg://$PG_USER:$PG_PASSWORD@$HOST:$PG_PORT/mengke_test
EOF
}

# Validate the service names given on the command line (default: all) into
# SERVICES. Runs in the main shell (not $(...)) so that `die` really exits.
SERVICES=()
select_services() {
  local s
  (($# > 0)) || set -- "${ALL_SERVICES[@]}"
  SERVICES=()
  for s in "$@"; do
    case "$s" in kafka | redis | postgres) SERVICES+=("$s") ;; *) die "unknown service '$s' (kafka, redis, postgres)" ;; esac
  done
}

wanted() { [[ " ${SERVICES[*]} " == *" $1 "* ]]; }

cmd_up() {
  local t0=$SECONDS
  select_services "$@"
  take_lock
  # Kafka's JVM takes longest to boot: launch it first and start Redis and
  # PostgreSQL while it comes up, then wait for it.
  if wanted kafka; then kafka_launch; fi
  if wanted redis; then redis_up; fi
  if wanted postgres; then postgres_up; fi
  if wanted kafka; then kafka_wait; fi
  log "all requested services ready in $((SECONDS - t0))s"
  cmd_status "${SERVICES[@]}" || true
}

cmd_down() {
  local s
  select_services "$@"
  take_lock
  for s in "${SERVICES[@]}"; do "${s}_down"; done
}

# Exit status 0 only when every listed service is up.
cmd_status() {
  local s rc=0
  select_services "$@"
  for s in "${SERVICES[@]}"; do "${s}_status" || rc=1; done
  return "$rc"
}

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
  exit 2
}

main() {
  local cmd="${1:-}"
  (($# > 0)) && shift
  case "$cmd" in
    up) cmd_up "$@" ;;
    down) cmd_down "$@" ;;
    status) cmd_status "$@" ;;
    env) print_env ;;
    -h | --help | help) usage ;;
    *) usage ;;
  esac
}

main "$@"
