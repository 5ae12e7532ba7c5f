#!/usr/bin/env bash
# Three WebChatKit nodes on one PostgreSQL database behind nginx, all on this machine, for trying
# out a cluster (contract §12, docs/CLUSTER.md): a temporary PostgreSQL cluster, three
# `webchat serve --demo` nodes sharing it (and one data directory and operator key), and nginx as
# the load balancer in front, round-robin with no stickiness, WebSocket upgrades proxied. Prints
# the URL, and stops and removes everything on Ctrl-C (or SIGTERM, or when it fails half-way).
#
#   Examples/cluster/run.sh
#
# Environment:
#   WEBCHAT_CLUSTER_PORT  nginx's port (default 8080); the nodes take the three ports after it
#   WEBCHAT               the webchat executable (default: built here with `swift build`)
#   WEBCHAT_OPERATOR_KEY  the operator key of every node (default: a random one, kept in a file
#                         whose path is printed)
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
front=${WEBCHAT_CLUSTER_PORT:-8080}
nodes=("$((front + 1))" "$((front + 2))" "$((front + 3))")

# /usr/sbin, where Debian puts nginx, is not on every user's PATH.
nginx=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$nginx" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "Installing nginx-light (the load balancer)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light
  else
    echo "nginx is missing: sudo apt-get install nginx-light" >&2
    exit 1
  fi
fi
if [ -z "${WEBCHAT:-}" ]; then
  (cd "$root" && swift build --product webchat)
  WEBCHAT="$(cd "$root" && swift build --show-bin-path)/webchat"
fi

work=$(mktemp -d /tmp/webchat-cluster-XXXXXX)
# PostgreSQL's directory is one of its own under /tmp: run as root, the cluster belongs to the
# postgres user, who could not reach it inside $work (mode 0700, root's).
postgres=$(mktemp -d /tmp/webchat-cluster-postgres-XXXXXX)
pids=()
# Stops what runs (nginx and the nodes cleanly, with SIGTERM), then PostgreSQL, and removes the
# files. Runs once, however the script ends.
cleanup() {
  trap - EXIT
  echo "Stopping the cluster"
  for pid in "${pids[@]}"; do
    # A process that has ended already (a node killed to try failover) has nothing to stop.
    kill -TERM "$pid" 2>/dev/null || true
  done
  wait
  if [ -f "$postgres/.webchat-test-cluster" ]; then
    "$root/Tests/postgres-cluster.sh" stop "$postgres"
  else
    rmdir "$postgres"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# PostgreSQL: the tests' throwaway cluster, owned by this script (its watchdog stops it should
# this script be killed with SIGKILL, which no trap sees).
database=$("$root/Tests/postgres-cluster.sh" start "$postgres" $$)

if [ -z "${WEBCHAT_OPERATOR_KEY:-}" ]; then
  WEBCHAT_OPERATOR_KEY=$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')
  (umask 077; printf '%s\n' "$WEBCHAT_OPERATOR_KEY" >"$work/operator-key")
  echo "Operator key (for /api/v1/websites): $work/operator-key"
fi
export WEBCHAT_OPERATOR_KEY

# Waits until something accepts connections on 127.0.0.1:$1, or gives up after a minute.
wait_for_port() {
  local attempt
  for attempt in $(seq 1 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on port $1; the logs are in $work" >&2
  return 1
}

# The nodes: the database URL goes through the environment, out of the process list. Behind a
# proxy every client comes from 127.0.0.1, so the per-address connection limit is lifted. The
# first node starts alone: it runs the migrations and creates the demo website, which the others
# then find (in the database, and its id and secret in the shared data directory).
for index in 0 1 2; do
  port=${nodes[$index]}
  WEBCHAT_DATABASE=$database "$WEBCHAT" serve --demo --port "$port" --data-dir "$work/data" --public-dir "$root/Public" \
    --max-connections-per-address 0 >"$work/node-$port.log" 2>&1 &
  pids+=($!)
  if [ "$index" -eq 0 ]; then wait_for_port "$port"; fi
done
for port in "${nodes[@]}"; do wait_for_port "$port"; done

# nginx: round-robin (its default; no ip_hash, no sticky cookie), HTTP/1.1 to the nodes with the
# Upgrade and Connection headers passed on for WebSockets, which may stay quiet for an hour.
# X-WebChat-Node names the node that answered, to watch the balancing in a browser's tools.
mkdir "$work/nginx"
upstreams=""
for port in "${nodes[@]}"; do upstreams+="    server 127.0.0.1:$port;"$'\n'; done
cat >"$work/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log $work/nginx/access.log;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  client_max_body_size 16m;
  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  upstream webchat {
$upstreams  }
  server {
    listen 127.0.0.1:$front;
    location / {
      proxy_pass http://webchat;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_read_timeout 1h;
      add_header X-WebChat-Node \$upstream_addr always;
    }
  }
}
CONF
"$nginx" -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=($!)
wait_for_port "$front"

echo "Nodes: ${nodes[*]/#/http://127.0.0.1:}; logs in $work"
echo "WebChatKit cluster listening on http://127.0.0.1:$front"
echo "Ctrl-C stops everything."
# Until Ctrl-C; a node that is killed meanwhile (try kill -9) leaves the others serving.
wait
