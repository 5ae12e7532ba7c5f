#!/usr/bin/env bash
# The realtime fan-out measured twice in one run against the same server: by the shared bench's
# wsbench (C) and by `webchat bench realtime` (the project's own load generator), so that users
# who only have the webchat executable can trust its numbers. Server on CPU 0, load on CPU 1.
# Usage: docs/benchmarks/realtime-own-vs-wsbench.sh [RATE]   (needs /tmp/bench from BENCHMARKS.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
rate="${1:-2500}"
port=18500
data=$(mktemp -d /tmp/webchat-own-vs-wsbench.XXXXXX)
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
swift build -c release --product webchat >/dev/null
created=$(.build/release/webchat websites create --name bench --data-dir "$data")
website=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["id"])' "$created")
export WEBCHAT_BENCH_SECRET=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["secret"])' "$created")
taskset -c 0 .build/release/webchat serve --port $port --data-dir "$data" --write-rate 0 \
  --website-write-rate 0 --hello-rate 0 --command-rate 0 --log-level warning &
server=$!
sleep 1

# wsbench: one chat, 200 bot receivers and one sender, tokens minted like bench realtime does.
python3 - "$website" "$port" "$data" <<'PY'
import base64, hashlib, hmac, json, os, sys, time, urllib.request
website, port, folder = sys.argv[1], sys.argv[2], sys.argv[3]
secret = os.environ["WEBCHAT_BENCH_SECRET"]
def b64(data): return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
def token(sub, role):
    now = int(time.time())
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps({"website": website, "sub": sub, "role": role, "iat": now, "exp": now + 3600}).encode())
    return f"{head}.{body}." + b64(hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest())
request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/chats", data=b'{"title":"wsbench"}', method="POST",
                                 headers={"Authorization": "Bearer " + token("admin", "admin"), "Content-Type": "application/json"})
chat = json.load(urllib.request.urlopen(request))["id"]
open(f"{folder}/chats", "w").write(chat + "\n")
open(f"{folder}/tokens", "w").write("".join(token(f"wsbench-{i}", "bot") + "\n" for i in range(201)))
PY
echo "== wsbench"
taskset -c 1 /tmp/bench/wsbench/wsbench -u "ws://127.0.0.1:$port/api/v1/realtime" -n 200 -s 1 -r 1 -R "$rate" -d 10 \
  --send '{"type":"send","chat_id":"%ROOMVAL%","text":"%PAYLOAD%","client_id":"c%SEQ%"}' --payload-size 64 \
  --hello '{"type":"hello","token":"%TOKEN%","filters":{"chat_id":"%ROOMVAL%"}}' --ready '"welcome"' \
  --tokens "$data/tokens" --room-file "$data/chats" --max-runtime 55 | python3 -c '
import json, sys
r = json.loads(sys.stdin.read().strip().splitlines()[-1]); l = r["latency_us"]
print("deliveries %d/%d  %.0f/s  p50 %.1f ms  p99 %.1f ms" % (r["deliveries_received"], r["deliveries_expected"],
      r["throughput_per_s"], l["p50"] / 1000, l["p99"] / 1000))'
echo "== webchat bench realtime"
taskset -c 1 .build/release/webchat bench realtime --url "http://127.0.0.1:$port" --website "$website" \
  --scenario fanout --receivers 200 --rate "$rate" --duration 10
