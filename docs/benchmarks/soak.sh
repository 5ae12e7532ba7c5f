#!/usr/bin/env bash
# Soak (issue 7): 10,000 WebSocket receivers in 2,000 chats and 100 senders at 1 msg/s each for
# 30 minutes against a release server on CPU 0; the server's RSS (total, heap, mapped file) is sampled every 10 s into a CSV
# and plotted (docs/images/soak-rss.png). Usage: docs/benchmarks/soak.sh [SECONDS] [OUT_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-1800}"
out="${2:-/tmp/webchat-soak}"
port=18700
mkdir -p "$out"
data=$(mktemp -d /tmp/webchat-soak-data.XXXXXX)
swift build -c release --product webchat >/dev/null
created=$(.build/release/webchat websites create --name soak --data-dir "$data")
website=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$created")
export WEBCHAT_BENCH_SECRET=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["secret"])' "$created")
taskset -c 0 .build/release/webchat serve --port $port --data-dir "$data" --write-rate 0 \
  --website-write-rate 0 --hello-rate 0 --command-rate 0 --max-connections-per-address 0 --log-level warning 2> "$out/server.log" &
server=$!
trap 'kill $server 2>/dev/null || true; kill $sampler 2>/dev/null || true; rm -rf "$data"' EXIT
sleep 1
# RSS is heap (RssAnon) plus the pages of the database file the memory map has touched (RssFile),
# which grow with the file; the heap is what must stay flat.
echo "seconds,rss_kb,anon_kb,file_kb" > "$out/rss.csv"
( start=$(date +%s); while kill -0 $server 2>/dev/null; do
    echo "$(( $(date +%s) - start )),$(awk '/VmRSS/ {r=$2} /RssAnon/ {a=$2} /RssFile/ {f=$2} END {print r","a","f}' /proc/$server/status)" >> "$out/rss.csv"
    sleep 10; done ) &
sampler=$!
taskset -c 1 .build/release/webchat bench realtime --url "http://127.0.0.1:$port" --website "$website" \
  --scenario rooms --chats 2000 --receivers 5 --senders 100 --rate 1 --duration "$seconds" --json > "$out/report.json"
echo "report: $out/report.json, RSS samples: $out/rss.csv"
