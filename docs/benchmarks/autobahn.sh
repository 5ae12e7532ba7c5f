#!/usr/bin/env bash
# Runs the Autobahn|Testsuite cases 1-7 and 10 (through kosoku, from PyPI) against webchat-echo,
# the WebSocket echo server built on WebChatKit's own HTTP and WebSocket libraries, and prints
# a summary by section and result. Usage: docs/benchmarks/autobahn.sh [PORT]
set -euo pipefail
cd "$(dirname "$0")/../.."
port="${1:-9001}"
venv="${KOSOKU_VENV:-/tmp/kosoku-venv}"
out="${KOSOKU_OUT:-/tmp/kosoku-report}"

[ -x "$venv/bin/kosoku" ] || { python3 -m venv "$venv" && "$venv/bin/pip" install -q kosoku; }
swift build -c release --product webchat-echo
.build/release/webchat-echo --port "$port" &
echo_pid=$!
trap 'kill $echo_pid 2>/dev/null || true' EXIT
sleep 1

rm -rf "$out"
"$venv/bin/kosoku" -x '9.*' -x '12.*' -x '13.*' -p 4 -o "$out" "127.0.0.1:$port"
python3 - "$out" <<'PY'
import collections, glob, json, sys
counts = collections.Counter()
by_section = collections.defaultdict(collections.Counter)
for path in glob.glob(sys.argv[1] + "/*_case_*.json"):
    case = json.load(open(path))
    result = (case["behavior"], case["behaviorClose"])
    counts[result] += 1
    by_section[case["id"].split(".")[0]][result] += 1
print("cases:", sum(counts.values()))
for (behavior, close), n in sorted(counts.items()):
    print(f"  behavior {behavior}, close {close}: {n}")
for section in sorted(by_section, key=int):
    print(f"  section {section}: " + ", ".join(f"{b}/{c} {n}" for (b, c), n in sorted(by_section[section].items())))
PY
