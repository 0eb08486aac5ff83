#!/usr/bin/env bash
# A real CKAN 2.11.6 portal on loopback for the tests and benchmarks (see README.md).
#
#   tests/portal/ckan.sh setup                  install what is missing (idempotent)
#   tests/portal/ckan.sh start [--port P] [--max-resource-mb N]
#                                               start everything on a fresh database,
#                                               write and print .cache/ckan/run/env
#   tests/portal/ckan.sh stop-ckan [--graceful] stop only the CKAN web server: SIGKILL,
#                                               as in a crash (--graceful: let requests finish)
#   tests/portal/ckan.sh start-ckan             start it again (same data), wait for it
#   tests/portal/ckan.sh reset                  fresh database, index and storage, keep running
#   tests/portal/ckan.sh stop                   stop everything this script started
#   tests/portal/ckan.sh env                    print the env file
#
# Ports (all on 127.0.0.1), each overridable by its environment variable:
#   CKAN_PORT 5055 (or --port), CKAN_PG_PORT 54329, CKAN_REDIS_PORT 63799,
#   CKAN_SOLR_PORT 18983. MAX_RESOURCE_MB (or --max-resource-mb) sets
#   ckan.max_resource_size, default 10.
# Everything heavy lives in .cache/ckan/ (git-ignored): venv/, pgdata/, redis/,
# storage/, ckan.ini, run/ (pid files, env), log/.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1   # no __pycache__ beside these scripts

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
C="$ROOT/.cache/ckan"
V="$C/venv"
RUN="$C/run"
LOG="$C/log"
PGDATA="$C/pgdata"
INI="$C/ckan.ini"
ENVFILE="$RUN/env"
CKAN_VERSION=2.11.6
PY_PKGS=("ckan[requirements]==$CKAN_VERSION" "gunicorn==27.0.1" "ckanapi==4.11" "ckanext-dcat==2.4.4")
APT_PKGS=(postgresql redis-server curl)

PG_PORT=${CKAN_PG_PORT:-54329}
REDIS_PORT=${CKAN_REDIS_PORT:-63799}
SOLR_PORT=${CKAN_SOLR_PORT:-18983}
PG_SOCK="$RUN/pg"
DB=ckan
TEMPLATE_DB=ckan_template

say() { echo "ckan.sh: $*" >&2; }
die() { say "$*"; exit 1; }

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [ -x "$d/pg_ctl" ] && echo "$d"; done | sort -V | tail -1
}
as_pg() { runuser -u postgres -- "$@"; }
psql_pg() { PGOPTIONS='-c client_min_messages=warning' as_pg "$(pg_bin)/psql" -X -q -h "$PG_SOCK" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 "$@"; }
# A process that exists and is not a zombie (killed children linger as zombies until
# init reaps them, and kill -0 still succeeds on those).
pid_alive() { local st; st=$(ps -o stat= -p "$1" 2>/dev/null) && [[ $st != Z* ]]; }
alive() { [ -f "$1" ] && pid_alive "$(cat "$1")"; }
http_ok() { curl -fsS -o /dev/null --max-time 5 "$1" 2>/dev/null; }

# ---------------------------------------------------------------- setup
cmd_setup() {
  local missing=() p
  for p in "${APT_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  [ -n "$(pg_bin)" ] || die "no PostgreSQL server binaries under /usr/lib/postgresql"
  id postgres >/dev/null 2>&1 || die "no postgres user (the postgresql package creates it)"

  local marker="$V/.kaifang-installed"
  if [ ! -f "$marker" ] || [ "$(cat "$marker")" != "${PY_PKGS[*]}" ]; then
    say "installing CKAN $CKAN_VERSION into $V (about 30 s)"
    mkdir -p "$C"
    [ -x "$V/bin/python" ] || python3 -m venv "$V"
    "$V/bin/pip" install -q --disable-pip-version-check --upgrade pip setuptools wheel
    "$V/bin/pip" install -q --disable-pip-version-check "${PY_PKGS[@]}"
    echo "${PY_PKGS[*]}" > "$marker"
  fi
}

# ---------------------------------------------------------------- services
start_postgres() {
  local bin; bin=$(pg_bin)
  mkdir -p "$RUN" "$LOG" "$PG_SOCK"
  chown postgres: "$PG_SOCK" "$LOG"
  if [ ! -f "$PGDATA/PG_VERSION" ]; then
    say "creating a PostgreSQL cluster in $PGDATA (port $PG_PORT)"
    mkdir -p "$PGDATA"; chown postgres: "$PGDATA"; chmod 700 "$PGDATA"
    as_pg "$bin/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
    cat >> "$PGDATA/postgresql.conf" <<EOF
# tests/portal/ckan.sh: a throw-away test cluster, durability off for speed
listen_addresses = '127.0.0.1'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
EOF
  fi
  if as_pg "$bin/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then return; fi
  as_pg "$bin/pg_ctl" -D "$PGDATA" -l "$LOG/postgres.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_SOCK" start >/dev/null || die "PostgreSQL did not start, see $LOG/postgres.log"
}

stop_postgres() {
  [ -f "$PGDATA/postmaster.pid" ] || return 0
  as_pg "$(pg_bin)/pg_ctl" -D "$PGDATA" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}

start_redis() {
  mkdir -p "$C/redis" "$RUN" "$LOG"
  alive "$RUN/redis.pid" && return
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --dir "$C/redis" \
    --pidfile "$RUN/redis.pid" --logfile "$LOG/redis.log" --save "" --appendonly no >/dev/null
  local i; for i in $(seq 50); do alive "$RUN/redis.pid" && return; sleep 0.1; done
  die "redis did not start, see $LOG/redis.log"
}

stop_pidfile() { # pid file, seconds to wait before SIGKILL
  local f=$1 wait=${2:-10} pid i
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if pid_alive "$pid"; then
    kill "$pid" 2>/dev/null || true
    for i in $(seq $((wait * 10))); do pid_alive "$pid" || break; sleep 0.1; done
    ! pid_alive "$pid" || kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

solr_url() { echo "http://127.0.0.1:$SOLR_PORT/solr/ckan"; }

start_solr() {
  mkdir -p "$RUN" "$LOG"
  alive "$RUN/solr.pid" && return
  local schema
  schema=$("$V/bin/python" -c 'import ckan, os; print(os.path.join(os.path.dirname(ckan.__file__), "config/solr/schema.xml"))')
  setsid "$V/bin/python" "$HERE/solr_standin.py" --port "$SOLR_PORT" --schema "$schema" \
    >"$LOG/solr.log" 2>&1 </dev/null &
  echo $! > "$RUN/solr.pid"
  local i; for i in $(seq 100); do
    http_ok "$(solr_url)/admin/ping" && return
    alive "$RUN/solr.pid" || break
    sleep 0.05
  done
  die "the Solr stand-in did not start, see $LOG/solr.log"
}

# ---------------------------------------------------------------- CKAN config
set_ini() { # key=value ... into [app:main] of $INI
  "$V/bin/python" - "$INI" "$@" <<'EOF'
import re, sys
path, pairs = sys.argv[1], [a.split("=", 1) for a in sys.argv[2:]]
lines = open(path).read().split("\n")
start = lines.index("[app:main]")
end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("[")), len(lines))
for key, val in pairs:
    pat = re.compile(r"^\s*#?\s*" + re.escape(key) + r"\s*=")
    hit = next((i for i in range(start + 1, end) if pat.match(lines[i])), None)
    if hit is None:
        lines.insert(end, "%s = %s" % (key, val)); end += 1
    else:
        lines[hit] = "%s = %s" % (key, val)
open(path, "w").write("\n".join(lines))
EOF
}

write_ini() { # port, max resource MB
  if [ ! -f "$INI" ]; then
    "$V/bin/ckan" generate config "$INI" >/dev/null
    rm -f "$C/template.env"   # new secrets: tokens of the old template would not verify
  fi
  set_ini "sqlalchemy.url=postgresql://postgres@127.0.0.1:$PG_PORT/$DB" \
    "ckan.site_url=http://127.0.0.1:$1" \
    "solr_url=$(solr_url)" \
    "ckan.redis.url=redis://127.0.0.1:$REDIS_PORT/0" \
    "ckan.storage_path=$C/storage" \
    "ckan.max_resource_size=$2" \
    "ckan.devserver.port=$1" \
    "ckan.devserver.host=127.0.0.1"
}

# The template database holds a migrated schema plus the test users, organisation and
# tokens; each fresh start clones it (well under a second) instead of `ckan db init`.
build_template() {
  say "building the template database (ckan db init, users, organisation, tokens)"
  psql_pg -c "DROP DATABASE IF EXISTS $TEMPLATE_DB" -c "CREATE DATABASE $TEMPLATE_DB"
  export CKAN_SQLALCHEMY_URL="postgresql://postgres@127.0.0.1:$PG_PORT/$TEMPLATE_DB"
  CKAN_INI="$INI" "$V/bin/ckan" -c "$INI" db init >"$LOG/db-init.log" 2>&1 \
    || die "ckan db init failed, see $LOG/db-init.log"
  CKAN_INI="$INI" "$V/bin/python" "$HERE/bootstrap.py" > "$C/template.env.new" 2>"$LOG/bootstrap.log" \
    || die "creating users and tokens failed, see $LOG/bootstrap.log"
  unset CKAN_SQLALCHEMY_URL
  echo "CKAN_TEMPLATE_VERSION=$CKAN_VERSION" >> "$C/template.env.new"
  mv "$C/template.env.new" "$C/template.env"
}

template_ok() {
  [ -f "$C/template.env" ] && grep -qx "CKAN_TEMPLATE_VERSION=$CKAN_VERSION" "$C/template.env" &&
    [ "$(psql_pg -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$TEMPLATE_DB'")" = 1 ]
}

fresh_data() { # a clean database, search index and storage (CKAN must not be running)
  template_ok || build_template
  psql_pg -d postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" \
    -c "CREATE DATABASE $DB TEMPLATE $TEMPLATE_DB"
  rm -rf "$C/storage"
  mkdir -p "$C/storage"
  curl -fsS -o /dev/null -H 'Content-Type: text/xml' --data '<delete><query>*:*</query></delete>' \
    "$(solr_url)/update?commit=true"
}

# ---------------------------------------------------------------- CKAN server
ckan_port() { sed -n 's/^PORT=//p' "$RUN/state" 2>/dev/null; }
ckan_max_mb() { sed -n 's/^MAX_RESOURCE_MB=//p' "$RUN/state" 2>/dev/null; }

wait_ckan() {
  local url="http://127.0.0.1:$1/api/3/action/status_show" i
  for i in $(seq 600); do
    http_ok "$url" && return
    alive "$RUN/ckan.pid" || [ "$i" -lt 20 ] || die "CKAN exited, see $LOG/ckan.log"
    sleep 0.1
  done
  die "CKAN did not answer on $url within 60 s, see $LOG/ckan.log"
}

cmd_start_ckan() {
  local port; port=$(ckan_port)
  [ -n "$port" ] || die "not started: run '$0 start' first"
  if alive "$RUN/ckan.pid"; then wait_ckan "$port"; return; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is taken by another program"
  fi
  rm -f "$RUN/ckan.pid"
  # Two worker processes with four threads each: the client uploads four files at once.
  CKAN_INI="$INI" "$V/bin/gunicorn" --chdir "$HERE" wsgi:application \
    --bind "127.0.0.1:$port" --workers "${CKAN_WORKERS:-2}" --threads "${CKAN_THREADS:-4}" \
    --worker-class gthread --timeout 600 --graceful-timeout 10 \
    --pid "$RUN/ckan.pid" --daemon --error-logfile "$LOG/ckan.log" --capture-output
  local i; for i in $(seq 50); do [ -f "$RUN/ckan.pid" ] && break; sleep 0.1; done
  wait_ckan "$port"
}

# Default: SIGKILL to the gunicorn master and its workers, as in a crash: requests in
# flight break off (the client sees a reset connection), PostgreSQL rolls back their
# transactions. --graceful: SIGTERM, in-flight requests may finish (up to 10 s).
cmd_stop_ckan() {
  local f="$RUN/ckan.pid" pid kids p i
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if pid_alive "$pid"; then
    kids=$(pgrep -P "$pid" || true)
    if [ "${1:-}" = "--graceful" ]; then
      kill -TERM "$pid" 2>/dev/null || true
      for i in $(seq 150); do pid_alive "$pid" || break; sleep 0.1; done
    else
      kill -9 "$pid" $kids 2>/dev/null || true
    fi
    for p in $pid $kids; do
      for i in $(seq 50); do pid_alive "$p" || break; sleep 0.1; done
      ! pid_alive "$p" || kill -9 "$p" 2>/dev/null || true
    done
  fi
  rm -f "$f"
}

# ---------------------------------------------------------------- env file
write_env() {
  local port; port=$(ckan_port)
  mkdir -p "$RUN"
  {
    echo "CKAN_URL=http://127.0.0.1:$port"
    grep -v '^CKAN_TEMPLATE_VERSION=' "$C/template.env"
    echo "CKAN_MAX_RESOURCE_MB=$(ckan_max_mb)"
    echo "CKAN_STORAGE=$C/storage"
  } > "$ENVFILE.new"
  mv "$ENVFILE.new" "$ENVFILE"
}

cmd_env() { [ -f "$ENVFILE" ] || die "no env file: run '$0 start' first"; cat "$ENVFILE"; }

# ---------------------------------------------------------------- start / stop
cmd_start() {
  local port=${CKAN_PORT:-5055} max=${MAX_RESOURCE_MB:-10}
  while [ $# -gt 0 ]; do
    case $1 in
      --port) port=$2; shift 2 ;;
      --port=*) port=${1#*=}; shift ;;
      --max-resource-mb) max=$2; shift 2 ;;
      --max-resource-mb=*) max=${1#*=}; shift ;;
      *) die "start: unknown argument $1" ;;
    esac
  done
  [[ $port =~ ^[0-9]+$ && $max =~ ^[0-9]+$ ]] || die "start: --port and --max-resource-mb take numbers"
  cmd_setup

  local running=no
  alive "$RUN/ckan.pid" && alive "$RUN/solr.pid" && alive "$RUN/redis.pid" && [ -f "$ENVFILE" ] &&
    as_pg "$(pg_bin)/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1 && running=yes
  if [ $running = yes ] && [ "$(ckan_port)" = "$port" ] && [ "$(ckan_max_mb)" = "$max" ]; then
    write_env; cmd_env; return
  fi

  start_postgres
  start_redis
  start_solr
  if [ $running = yes ]; then
    # Running with other settings: restart only the web server, keep the data.
    cmd_stop_ckan
  else
    cmd_stop_ckan   # a stray server from an interrupted run
    : > "$LOG/ckan.log"
    write_ini "$port" "$max"
    fresh_data
  fi
  write_ini "$port" "$max"
  printf 'PORT=%s\nMAX_RESOURCE_MB=%s\n' "$port" "$max" > "$RUN/state"
  cmd_start_ckan
  write_env
  cmd_env
}

cmd_reset() {
  [ -f "$RUN/state" ] || die "not started"
  cmd_stop_ckan
  fresh_data
  cmd_start_ckan
  write_env
}

cmd_stop() {
  cmd_stop_ckan
  stop_pidfile "$RUN/solr.pid" 5
  if alive "$RUN/redis.pid"; then
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    stop_pidfile "$RUN/redis.pid" 5
  fi
  rm -f "$RUN/redis.pid"
  stop_postgres
  rm -f "$RUN/state" "$ENVFILE"
}

case ${1:-} in
  setup) cmd_setup ;;
  start) shift; cmd_start "$@" ;;
  start-ckan) cmd_start_ckan ;;
  stop-ckan) shift; cmd_stop_ckan "$@" ;;
  reset) cmd_reset ;;
  stop) cmd_stop ;;
  env) cmd_env ;;
  *) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
