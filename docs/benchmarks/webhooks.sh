#!/usr/bin/env bash
# Webhook deliveries per second to a local HTTPS receiver (issue 17, point 6): `webchat serve`
# pinned to CPU 0, nginx as the receiver (TLS with a CA made here, answering 204 and logging each
# request's webhook-id) and the send benchmark on CPU 1. Messages are sent for DURATION seconds
# while the webhook delivers; then the script waits for the receiver to go quiet, checks that it
# got every message's event once in log order, and prints deliveries per second over the time
# the receiver was receiving.
#
#   docs/benchmarks/webhooks.sh [DURATION] [CONNECTIONS]
#   DOWN=600 docs/benchmarks/webhooks.sh [DURATION] [CONNECTIONS]
#
# DURATION defaults to 10 s, CONNECTIONS (senders) to 8. With DOWN=SECONDS the receiver is down
# (nginx stopped) while the messages are sent and for SECONDS after the sends began; it is then
# started again, and the check is the same: every event once, in log order (with the contract's
# retry schedule, a receiver back after 10 minutes hears again at the fifth attempt, 12 min 35 s
# after the first failure). Needs nginx-light, openssl, curl,
# python3, taskset, and a release build (swift build -c release).
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-10}"
connections="${2:-8}"
work="$(mktemp -d /tmp/webchat-webhook-bench.XXXXXX)"
webchat_port=18090
nginx_port=18091
key="bench-operator-key-0123456789"

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/ca.key" -out "$work/ca.pem" \
  -days 2 -subj "/CN=bench CA" -addext "basicConstraints=critical,CA:TRUE" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$work/server.key" -out "$work/server.csr" \
  -subj "/CN=localhost" 2>/dev/null
printf 'subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n' > "$work/ext"
openssl x509 -req -in "$work/server.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" -CAcreateserial -out "$work/server.pem" \
  -days 2 -extfile "$work/ext" 2>/dev/null

cat > "$work/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
    log_format hook '\$msec \$http_webhook_id';
    keepalive_requests 1000000;
    keepalive_timeout 75s;
    server {
        listen 127.0.0.1:$nginx_port ssl;
        ssl_certificate $work/server.pem;
        ssl_certificate_key $work/server.key;
        access_log $work/hooks.log hook;
        location / { return 204; }
    }
}
NGINX
taskset -c 1 nginx -c "$work/nginx.conf" &
nginx_pid=$!
down="${DOWN:-0}"
WEBCHAT_OPERATOR_KEY=$key taskset -c 0 .build/release/webchat serve --port $webchat_port --data-dir "$work/data" \
  --write-rate 0 --website-write-rate 0 --poll-rate 0 --log-level warning --webhook-allow-private --webhook-ca-file "$work/ca.pem" \
  > "$work/webchat.out" 2> "$work/webchat.err" &
webchat_pid=$!
trap 'kill $nginx_pid $webchat_pid 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 50); do curl -sf -o /dev/null "http://127.0.0.1:$webchat_port/healthz" && break; sleep 0.2; done

site=$(curl -sf -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"name":"bench"}' \
  "http://127.0.0.1:$webchat_port/api/v1/websites")
website=$(echo "$site" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
secret=$(echo "$site" | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
admin=$(.build/release/webchat token --website "$website" --role admin --sub bench --data-dir "$work/data")
curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
  -d "{\"url\":\"https://localhost:$nginx_port/hooks\",\"events\":[\"message.created\"]}" \
  "http://127.0.0.1:$webchat_port/api/v1/webhooks" > /dev/null
start=$(curl -sf -H "Authorization: Bearer $admin" "http://127.0.0.1:$webchat_port/api/v1/events" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["cursor"])')

sends_began=$(date +%s)
if [ "$down" != 0 ]; then
  kill $nginx_pid; wait $nginx_pid 2>/dev/null || true
  echo "receiver down for $down s"
fi
WEBCHAT_BENCH_SECRET=$secret taskset -c 1 .build/release/webchat bench http --url "http://127.0.0.1:$webchat_port" \
  --website "$website" --scenario send --connections "$connections" --duration "$duration" --warmup 1 2>&1 | tail -n 5
sends_ended=$(date +%s.%N)

if [ "$down" != 0 ]; then
  sleep $(( sends_began + down - $(date +%s) ))
  taskset -c 1 nginx -c "$work/nginx.conf" &
  nginx_pid=$!
  echo "receiver back; waiting for the next retry"
  until [ -s "$work/hooks.log" ]; do sleep 1; done
fi

# Wait until the receiver has been quiet for 3 s.
last=-1
while true; do
  count=$(wc -l < "$work/hooks.log")
  [ "$count" = "$last" ] && break
  last=$count
  sleep 3
done

WEBCHAT_URL="http://127.0.0.1:$webchat_port" ADMIN="$admin" START="$start" SENDS_ENDED="$sends_ended" HOOKS="$work/hooks.log" python3 - <<'PY'
import json, os, urllib.request
url, token = os.environ["WEBCHAT_URL"], os.environ["ADMIN"]
ids, cursor = [], os.environ["START"]
while True:
    query = f"?limit=1000&cursor={cursor}"
    request = urllib.request.Request(url + "/api/v1/events" + query, headers={"Authorization": "Bearer " + token})
    page = json.load(urllib.request.urlopen(request))
    ids += [event["id"] for event in page["events"] if event["type"] == "message.created"]
    cursor = page["cursor"]
    if not page["has_more"]:
        break
lines = [line.split() for line in open(os.environ["HOOKS"]) if line.strip()]
received = [fields[1] for fields in lines]
times = [float(fields[0]) for fields in lines]
print(f"events in the log: {len(ids)}, deliveries: {len(received)}, distinct: {len(set(received))}")
print("every event once, in log order:", received == ids)
ended = float(os.environ["SENDS_ENDED"])
during = sum(1 for t in times if t <= ended)
if during:
    print(f"while the sends ran: {during} deliveries, {during / (ended - times[0]):.0f}/s")
after = len(times) - during
if during and after:
    print(f"after, catching up: {after} deliveries, {after / (times[-1] - ended):.0f}/s")
print(f"in all: {len(received) / (times[-1] - times[0]):.0f}/s over {times[-1] - times[0]:.1f} s")
PY
