#!/usr/bin/env bash
# Static files: `webchat serve` against nginx on the same file, same core, same run.
# Both servers are pinned to CPU 0 with taskset; wrk runs on CPU 1.
#
#   docs/benchmarks/static-vs-nginx.sh [PATH] [ROUNDS]
#
# PATH is the file to fetch (default /index.html), ROUNDS how many alternating rounds to run
# (default 3); PUBLIC_DIR serves another folder than Public/. Needs: wrk, nginx-light, taskset (apt-get install wrk nginx-light util-linux),
# and a release build (swift build -c release).
set -euo pipefail
cd "$(dirname "$0")/../.."
path="${1:-/index.html}"
rounds="${2:-3}"
public="${PUBLIC_DIR:-$(pwd)/Public}"
work="$(mktemp -d /tmp/webchat-static-bench.XXXXXX)"
webchat_port=18080
nginx_port=18081

. docs/benchmarks/nginx-peer.sh  # the working directory is the repository now
write_nginx_conf "$work" "$nginx_port" "$public"

taskset -c 0 nginx -c "$work/nginx.conf" &
nginx_pid=$!
taskset -c 0 .build/release/webchat serve --port $webchat_port --data-dir "$work/data" --public-dir "$public" \
  --log-level warning > "$work/webchat.out" 2> "$work/webchat.err" &
webchat_pid=$!
trap 'kill $nginx_pid $webchat_pid 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
sleep 1
curl -sf -o /dev/null "http://127.0.0.1:$webchat_port$path"
curl -sf -o /dev/null "http://127.0.0.1:$nginx_port$path"
echo "file: $path ($(curl -s "http://127.0.0.1:$webchat_port$path" | wc -c) bytes)"

for round in $(seq 1 "$rounds"); do
  for target in webchat nginx; do
    port=$webchat_port; [ $target = nginx ] && port=$nginx_port
    result=$(taskset -c 1 wrk -t1 -c64 -d10s "http://127.0.0.1:$port$path")
    rps=$(echo "$result" | awk '/Requests\/sec/ {print $2}')
    latency=$(echo "$result" | awk '/Latency/ {print $2}')
    echo "round $round  $target  requests/s $rps  mean latency $latency"
  done
done
