#!/usr/bin/env bash
# Attachments (issue 16): upload MB/s of a 1 MiB image, and download requests/s of it against nginx
# serving the same file from disk, in one run. Both servers are pinned to CPU 0 with taskset; wrk
# runs on CPU 1.
#
#   docs/benchmarks/attachments-vs-nginx.sh [ROUNDS]
#
# ROUNDS is how many alternating download rounds to run (default 3). Needs: wrk, nginx-light,
# taskset, curl, python3 (apt-get install wrk nginx-light util-linux curl python3), and a release
# build (swift build -c release).
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-3}"
work="$(mktemp -d /tmp/webchat-attach-bench.XXXXXX)"
webchat_port=18090
nginx_port=18091
key="attachment-bench-operator-key-0123456789"

# A 1 MiB PNG: the fixture's header (37 x 21) and random bytes after it, readable by nginx's worker.
mkdir -p "$work/public"
chmod 755 "$work" "$work/public"
python3 - "$work/public/image.png" Tests/MediaTests/Fixtures/image.png <<'PY'
import os, sys
head = open(sys.argv[2], "rb").read()
open(sys.argv[1], "wb").write(head + os.urandom(1024 * 1024 - len(head)))
PY
chmod 644 "$work/public/image.png"

. docs/benchmarks/nginx-peer.sh  # the working directory is the repository now
write_nginx_conf "$work" "$nginx_port" "$work/public"

taskset -c 0 nginx -c "$work/nginx.conf" &
nginx_pid=$!
WEBCHAT_OPERATOR_KEY=$key taskset -c 0 .build/release/webchat serve --port $webchat_port --data-dir "$work/data" \
  --public-dir Public --write-rate 0 --website-write-rate 0 --log-level warning > "$work/webchat.out" 2> "$work/webchat.err" &
webchat_pid=$!
trap 'kill $nginx_pid $webchat_pid 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
sleep 1

website=$(curl -sf -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d '{"name":"Bench"}' \
  "http://127.0.0.1:$webchat_port/api/v1/websites" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
token=$(.build/release/webchat token --data-dir "$work/data" --website "$website" --role admin --sub bench --ttl 3600)
chat=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{}' \
  "http://127.0.0.1:$webchat_port/api/v1/chats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
attachment=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: image/png' --data-binary "@$work/public/image.png" \
  "http://127.0.0.1:$webchat_port/api/v1/chats/$chat/attachments?name=image.png" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
cmp <(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$webchat_port/api/v1/attachments/$attachment") "$work/public/image.png"
cmp <(curl -sf "http://127.0.0.1:$nginx_port/image.png") "$work/public/image.png"
echo "file: 1 MiB PNG ($(stat -c %s "$work/public/image.png") bytes)"

# Uploads: 8 connections each posting the file again and again (identical bytes: one file, a row each).
cat > "$work/upload.lua" <<LUA
local file = io.open("$work/public/image.png", "rb")
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Authorization"] = "Bearer $token"
wrk.headers["Content-Type"] = "image/png"
function response(status)
  if status ~= 201 then error("upload answered " .. status) end
end
LUA
result=$(taskset -c 1 wrk -t1 -c8 -d10s -s "$work/upload.lua" "http://127.0.0.1:$webchat_port/api/v1/chats/$chat/attachments?name=image.png")
rps=$(echo "$result" | awk '/Requests\/sec/ {print $2}')
echo "upload  webchat  requests/s $rps  MB/s $(python3 -c "print(round($rps * 1048576 / 1e6, 1))")  mean latency $(echo "$result" | awk '/Latency/ {print $2}')"

for round in $(seq 1 "$rounds"); do
  for target in webchat nginx; do
    if [ $target = webchat ]; then
      result=$(taskset -c 1 wrk -t1 -c64 -d10s -H "Authorization: Bearer $token" "http://127.0.0.1:$webchat_port/api/v1/attachments/$attachment")
    else
      result=$(taskset -c 1 wrk -t1 -c64 -d10s "http://127.0.0.1:$nginx_port/image.png")
    fi
    rps=$(echo "$result" | awk '/Requests\/sec/ {print $2}')
    latency=$(echo "$result" | awk '/Latency/ {print $2}')
    echo "download round $round  $target  requests/s $rps  mean latency $latency"
  done
done
