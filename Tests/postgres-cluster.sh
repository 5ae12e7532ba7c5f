#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (docs/CLUSTER.md), used by Tests/run.sh and, when
# run.sh did not start one, by the tests themselves (Tests/PostgresTestSupport).
#
#   Tests/postgres-cluster.sh start DIR [OWNER_PID]   prints the cluster's URL, password included
#   Tests/postgres-cluster.sh stop DIR                stops it and removes DIR
#   Tests/postgres-cluster.sh stop-server DIR         stops the server but keeps the cluster, for
#                                                     tests of a node outliving its database
#   Tests/postgres-cluster.sh start-server DIR        starts it again, on the same port
#
# DIR is an empty directory (mktemp -d). The cluster lives in it, belongs to an unprivileged user
# (initdb and the server refuse root), listens on 127.0.0.1 on a free port, and has one superuser,
# `webchat`, with a random password. With OWNER_PID, a watchdog stops it once that process is gone,
# so a test run that is killed (even with SIGKILL, which no trap sees) leaves no server behind.
#
# For benchmarks (docs/benchmarks/cluster.sh), two settings of the environment change the start:
#   WEBCHAT_CLUSTER_DURABLE=1     PostgreSQL's durable defaults (fsync, full_page_writes and
#                                 synchronous_commit on, initdb without -N): a benchmark measures
#                                 what production would commit, not the tests' shortcut
#   WEBCHAT_CLUSTER_STATEMENTS=1  loads pg_stat_statements (shared_preload_libraries), so a run
#                                 can say which statements took the database's time
#   WEBCHAT_CLUSTER_SETTINGS=...  more lines for postgresql.conf (e.g. "shared_buffers = 2GB")
set -euo pipefail

usage() { echo "usage: $0 start DIR [OWNER_PID] | stop DIR | stop-server DIR | start-server DIR" >&2; exit 2; }
[ $# -ge 2 ] || usage
action=$1
directory=$(cd "$2" && pwd)
owner=${3:-}
durable=${WEBCHAT_CLUSTER_DURABLE:-0}
statements=${WEBCHAT_CLUSTER_STATEMENTS:-0}
settings=${WEBCHAT_CLUSTER_SETTINGS:-}
script="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
# Marks a directory this script set up, the only kind `stop` deletes.
marker="$directory/.webchat-test-cluster"

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "no PostgreSQL server in /usr/lib/postgresql/*/bin: run Tests/install-dependencies.sh" >&2
  exit 1
fi

# As root, the cluster belongs to the `postgres` user that Debian's package creates.
if [ "$(id -u)" -eq 0 ]; then
  cluster_user=postgres
  id -u "$cluster_user" >/dev/null 2>&1 || cluster_user=nobody
  as_cluster_user() { runuser -u "$cluster_user" -- "$@"; }
else
  as_cluster_user() { "$@"; }
fi

stop() {
  [ -f "$marker" ] || { echo "$directory holds no test cluster; nothing removed" >&2; exit 1; }
  if [ -f "$directory/data/postmaster.pid" ]; then
    # Immediate: nothing in a throwaway cluster is worth a shutdown checkpoint.
    as_cluster_user "$bin/pg_ctl" stop -D "$directory/data" -m immediate -s
  fi
  rm -rf "$directory"
}

# An outage: the server stops as for a restart (fast: sessions are ended, not waited for), and the
# data stays for start-server.
stop_server() {
  [ -f "$marker" ] || { echo "$directory holds no test cluster" >&2; exit 1; }
  as_cluster_user "$bin/pg_ctl" stop -D "$directory/data" -m fast -w -s
}

# The end of an outage: the same cluster on the port it had, so the URL that start printed works again.
start_server() {
  [ -f "$marker" ] || { echo "$directory holds no test cluster" >&2; exit 1; }
  as_cluster_user "$bin/pg_ctl" start -D "$directory/data" -l "$directory/server.log" -o "-p $(cat "$directory/port")" -w -t 60 -s
}

start() {
  [ -z "$(ls -A "$directory")" ] || { echo "$directory is not empty" >&2; exit 1; }
  touch "$marker"
  if [ "$(id -u)" -eq 0 ]; then chown "$cluster_user" "$directory"; fi
  chmod 700 "$directory"
  local password
  password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  (umask 077; printf '%s\n' "$password" >"$directory/password")
  if [ "$(id -u)" -eq 0 ]; then chown "$cluster_user" "$directory/password"; fi
  # -N: no fsync of the new files (not for a durable cluster). Locale C sorts text by bytes, as
  # SQLite's default collation does.
  local no_sync=-N
  if [ "$durable" = 1 ]; then no_sync=; fi
  if ! as_cluster_user "$bin/initdb" -D "$directory/data" -U webchat --pwfile="$directory/password" \
      --auth=scram-sha-256 -E UTF8 --locale=C $no_sync >"$directory/initdb.log" 2>&1; then
    cat "$directory/initdb.log" >&2
    exit 1
  fi
  rm -f "$directory/password"
  # For tests, durability is traded for speed (a crashed test cluster is thrown away anyway): no
  # fsync, no full-page images, commits acknowledged before their WAL is written. The socket stays in the
  # cluster's directory, away from a system cluster's. Tests run in parallel, each with databases
  # and connections of its own, hence the connection limit above the default 100.
  cat >>"$directory/data/postgresql.conf" <<CONF

# Tests/postgres-cluster.sh
listen_addresses = '127.0.0.1'
unix_socket_directories = '$directory'
max_connections = 2500
CONF
  if [ "$durable" = 1 ]; then
    # Stated rather than left to the defaults, so the benchmark's claim is in the file.
    printf 'fsync = on\nfull_page_writes = on\nsynchronous_commit = on\n' >>"$directory/data/postgresql.conf"
  else
    printf 'fsync = off\nfull_page_writes = off\nsynchronous_commit = off\n' >>"$directory/data/postgresql.conf"
  fi
  if [ "$statements" = 1 ]; then
    printf "shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track = all\n" >>"$directory/data/postgresql.conf"
  fi
  if [ -n "$settings" ]; then printf '%s\n' "$settings" >>"$directory/data/postgresql.conf"; fi
  local attempt port
  for attempt in $(seq 1 20); do
    port=$((20000 + RANDOM % 40000))
    # Something answers there already: try another port.
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
    # Another process may take the port between the check and the bind: then start fails, retry.
    if as_cluster_user "$bin/pg_ctl" start -D "$directory/data" -l "$directory/server.log" -o "-p $port" -w -t 60 -s; then
      local url="postgresql://webchat:$password@127.0.0.1:$port/postgres"
      (umask 077; printf '%s\n' "$url" >"$directory/url")
      printf '%s\n' "$port" >"$directory/port"
      if [ -n "$owner" ]; then
        # It ends by itself once the cluster was stopped otherwise (its marker gone).
        setsid bash -c 'while kill -0 "$1" 2>/dev/null; do sleep 1; [ -e "$4" ] || exit 0; done; exec "$2" stop "$3"' \
          watchdog "$owner" "$script" "$directory" "$marker" </dev/null >/dev/null 2>&1 &
      fi
      printf '%s\n' "$url"
      return
    fi
  done
  echo "PostgreSQL did not start; the end of its log:" >&2
  tail -n 20 "$directory/server.log" >&2
  exit 1
}

case "$action" in
  start) start ;;
  stop) stop ;;
  stop-server) stop_server ;;
  start-server) start_server ;;
  *) usage ;;
esac
