#!/usr/bin/env bash
# Issue 15's benchmarks in one run (docs/BENCHMARKS.md, "A cluster on PostgreSQL"):
#   (a) acknowledged sends/s, 64 clients: a SQLite node (default durability, and --durability
#       full), one PostgreSQL node, three PostgreSQL nodes sharing one database (clients spread),
#       in alternating rounds of the same duration;
#   (b) fan-out: 1 chat, 200 receivers spread over the three nodes, one sender on the first,
#       100 msg/s (20,000 deliveries/s offered): exactly-once and cross-node latency;
#   (c) 1,000,000 chats seeded on PostgreSQL, then list with a metadata filter (and the range).
# Alongside: pg_stat_statements' top statements of each PostgreSQL phase and a `perf` profile of
# the server core while one PostgreSQL node takes sends. Prints one table at the end.
#
# The server side has one core: every webchat node AND PostgreSQL run on CPU 0 (taskset), the
# load generator on CPU 1, as in the other benchmarks of this file. PostgreSQL is durable
# (fsync, full_page_writes and synchronous_commit on), every acknowledged message is committed.
#
#   docs/benchmarks/cluster.sh [WORK_DIR]
#
# Environment: ROUNDS (3), DURATION seconds per send run (10), CHATS for (c) (1000000),
# FANOUT_RATE msg/s (100), RECEIVERS (200), SKIP_BUILD=1 to use the release build as it is,
# PERF=0 to skip the profile. WORK_DIR (default: a new /tmp directory) keeps every report.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
rounds=${ROUNDS:-3}
duration=${DURATION:-10}
chats=${CHATS:-1000000}
fanout_rate=${FANOUT_RATE:-100}
receivers=${RECEIVERS:-200}
work=${1:-$(mktemp -d /tmp/webchat-cluster-bench.XXXXXX)}
mkdir -p "$work/results"
results=$work/results
bin=$repo/.build/release/webchat
node_pids=()
pgdir=

cleanup() {
  local pid
  for pid in "${node_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${node_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$pgdir" ]; then Tests/postgres-cluster.sh stop "$pgdir" || echo "the cluster in $pgdir did not stop" >&2; fi
}
trap cleanup EXIT

# Announces a phase, and notes the machine's load average then: on a shared machine other
# processes take turns on the server core too (perf shows which), and this says how busy it was.
say() {
  printf '== %s\n' "$*" >&2
  printf '%s | %s\n' "$(cut -d ' ' -f 1-3 /proc/loadavg)" "$*" >>"$results/loadavg.txt"
}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  say "release build"
  swift build -c release -j 2 >"$work/build.log" 2>&1 || { tail -n 30 "$work/build.log" >&2; exit 1; }
fi

# PostgreSQL: durable, statements tracked, 2 GB of shared buffers so that the million chats of
# (c) are read from memory as SQLite's are from the page cache.
say "durable PostgreSQL"
pgdir=$(mktemp -d /tmp/webchat-cluster-pg.XXXXXX)
base_url=$(WEBCHAT_CLUSTER_DURABLE=1 WEBCHAT_CLUSTER_STATEMENTS=1 WEBCHAT_CLUSTER_SETTINGS="shared_buffers = 2GB" \
  Tests/postgres-cluster.sh start "$pgdir" $$)
psql "$base_url" -X -q -t -A -c "SELECT name || ' = ' || setting || coalesce(' ' || unit, '') FROM pg_settings
  WHERE name IN ('fsync', 'full_page_writes', 'synchronous_commit', 'shared_buffers', 'shared_preload_libraries', 'server_version')
  ORDER BY name" >"$results/postgresql-settings.txt"
# The postmaster and the processes it already has on the server core; backends it forks later
# inherit the mask.
for pid in $(head -n 1 "$pgdir/data/postmaster.pid") $(pgrep -P "$(head -n 1 "$pgdir/data/postmaster.pid")"); do
  taskset -a -p -c 0 "$pid" >/dev/null
done
database_url() { printf '%s/%s' "${base_url%/*}" "$1"; }
psql_admin() { psql "$base_url" -X -q -v ON_ERROR_STOP=1 "$@"; }
for name in bench_one bench_three bench_million; do psql_admin -c "CREATE DATABASE $name"; done
for name in bench_one bench_three bench_million; do psql "$(database_url $name)" -X -q -c "CREATE EXTENSION pg_stat_statements"; done

# The top statements of a database since its last reset, as a small JSON array.
statements_reset() { psql "$(database_url "$1")" -X -q -t -c "SELECT pg_stat_statements_reset()" >/dev/null; }
statements_top() {
  psql "$(database_url "$1")" -X -q -t -A -c "
    SELECT coalesce(json_agg(s), '[]') FROM (
      SELECT calls, round(total_exec_time::numeric, 1) AS total_ms, round(mean_exec_time::numeric, 4) AS mean_ms, rows,
             left(regexp_replace(query, '\s+', ' ', 'g'), 120) AS query
      FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
      ORDER BY total_exec_time DESC LIMIT 8) s" >"$2"
}

# `seed NAME STORE-OPTIONS...`: a website and its chats; leaves NAME.json with id and secret.
seed() {
  local name=$1 count=$2
  shift 2
  taskset -c 1 "$bin" bench seed --chats "$count" "$@" >"$results/$name.json" 2>"$work/$name-seed.log"
}
field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$results/$1.json" "$2"; }

# `start_node NAME STORE-OPTIONS...`: a node on CPU 0 on a free port; sets $node_url and $node_pid.
start_node() {
  local name=$1
  shift
  taskset -c 0 "$bin" serve --port 0 --public-dir "$repo/Public" --log-level warning --write-rate 0 \
    --website-write-rate 0 --hello-rate 0 --command-rate 0 --poll-rate 0 --max-connections-per-address 0 \
    "$@" >"$work/$name.log" 2>&1 &
  node_pid=$!
  node_pids+=("$node_pid")
  local attempt
  for attempt in $(seq 1 100); do
    # The log may not exist yet: the shell opens it in the background job.
    node_url=$(grep -s -o -m 1 'http://127.0.0.1:[0-9]*' "$work/$name.log" || true)
    [ -n "$node_url" ] && return
    kill -0 "$node_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "node $name did not start:" >&2
  cat "$work/$name.log" >&2
  exit 1
}

# `send_run LABEL SEED-NAME URLS`: 64 closed-loop clients posting messages for $duration s.
send_run() {
  local label=$1 site=$2 urls=$3
  WEBCHAT_BENCH_SECRET=$(field "$site" secret) taskset -c 1 "$bin" bench http --url "$urls" --website "$(field "$site" website_id)" \
    --scenario send --connections 64 --duration "$duration" --json >"$results/$label.json" 2>>"$work/bench.log"
}

say "(a) seeding 1,000 chats per contender"
seed sqlite 1000 --data-dir "$work/sqlite"
seed sqlite-full 1000 --data-dir "$work/sqlite-full"
seed one 1000 --database "$(database_url bench_one)" --data-dir "$work/seed-one"
seed three 1000 --database "$(database_url bench_three)" --data-dir "$work/seed-three"
start_node sqlite --data-dir "$work/sqlite"
sqlite_url=$node_url
start_node sqlite-full --data-dir "$work/sqlite-full" --durability full
sqlite_full_url=$node_url
start_node one --database "$(database_url bench_one)" --data-dir "$work/node-one"
one_url=$node_url
one_pid=$node_pid
three_urls=
for index in 1 2 3; do
  start_node "three-$index" --database "$(database_url bench_three)" --data-dir "$work/node-three-$index"
  three_urls=${three_urls:+$three_urls,}$node_url
done

statements_reset bench_one
statements_reset bench_three
for round in $(seq 1 "$rounds"); do
  say "(a) round $round of $rounds: SQLite, SQLite --durability full, one PostgreSQL node, three nodes"
  send_run "send-sqlite-$round" sqlite "$sqlite_url"
  send_run "send-sqlite-full-$round" sqlite-full "$sqlite_full_url"
  send_run "send-one-$round" one "$one_url"
  send_run "send-three-$round" three "$three_urls"
done
statements_top bench_one "$results/statements-send-one.json"
statements_top bench_three "$results/statements-send-three.json"

if [ "${PERF:-1}" = 1 ] && perf version >/dev/null 2>&1; then
  say "(a) perf of the server core while one PostgreSQL node takes sends"
  WEBCHAT_BENCH_SECRET=$(field one secret) taskset -c 1 "$bin" bench http --url "$one_url" --website "$(field one website_id)" \
    --scenario send --connections 64 --duration 8 --warmup 1 --json >"$results/send-one-perf.json" 2>>"$work/bench.log" &
  load=$!
  sleep 2
  perf record -C 0 -g -F 499 -o "$work/perf.data" -- sleep 5 >"$work/perf-record.log" 2>&1 || echo "perf record failed: $(tail -n 3 "$work/perf-record.log")" >&2
  wait "$load"
  if [ -s "$work/perf.data" ]; then
    # awk, not head: head would end the pipe early and pipefail would end the script.
    perf report -i "$work/perf.data" --no-children --sort comm --stdio -g none 2>"$work/perf-report.log" \
      | awk '/^ +[0-9]/ && n++ < 12' >"$results/perf-comm.txt"
    perf report -i "$work/perf.data" --no-children --sort comm,dso --stdio -g none 2>>"$work/perf-report.log" \
      | awk '/^ +[0-9]/ && n++ < 20' >"$results/perf-comm-dso.txt"
    perf report -i "$work/perf.data" --no-children --sort comm,sym --stdio -g none 2>>"$work/perf-report.log" \
      | awk '/^ +[0-9]/ && n++ < 30' >"$results/perf-comm-sym.txt"
  fi
fi

say "(b) fan-out over the three nodes: $receivers receivers, one sender, $fanout_rate msg/s"
statements_reset bench_three
WEBCHAT_BENCH_SECRET=$(field three secret) taskset -c 1 "$bin" bench realtime --url "$three_urls" --website "$(field three website_id)" \
  --scenario fanout --receivers "$receivers" --rate "$fanout_rate" --duration 10 --json >"$results/fanout.json" 2>>"$work/bench.log" \
  || echo "the fan-out was not clean (see $results/fanout.json)" >&2
statements_top bench_three "$results/statements-fanout.json"

say "(c) seeding $chats chats on PostgreSQL (minutes)"
seed million "$chats" --database "$(database_url bench_million)" --data-dir "$work/seed-million"
tail -n 1 "$work/million-seed.log" >"$results/million-seed.txt"
psql "$(database_url bench_million)" -X -q -t -A -c "SELECT pg_size_pretty(pg_database_size(current_database()))" >"$results/million-size.txt"
start_node million --database "$(database_url bench_million)" --data-dir "$work/node-million"
million_url=$node_url
list_run() {
  WEBCHAT_BENCH_SECRET=$(field million secret) taskset -c 1 "$bin" bench http --url "$million_url" \
    --website "$(field million website_id)" --scenario "$1" --connections 1 --duration "$2" --warmup "$3" --json
}
say "(c) list and range at $chats chats"
list_run list 5 0 >/dev/null 2>>"$work/bench.log"   # warm-up of the same queries, not counted
statements_reset bench_million
list_run list 10 1 >"$results/list.json" 2>>"$work/bench.log"
statements_top bench_million "$results/statements-list.json"
list_run range 10 1 >"$results/range.json" 2>>"$work/bench.log"

python3 "$repo/docs/benchmarks/cluster-table.py" "$results" "$rounds"
say "reports in $results"
