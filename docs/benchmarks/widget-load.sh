#!/usr/bin/env bash
# Time from inserting the widget's script tag to its launcher being visible, in headless
# Chromium against a local server: WidgetLoadTimeTests records a first visit (fresh browser,
# empty cache) and a reload per run; this runs it N times and prints the medians, plus the
# gzipped size of widget.js. Usage: docs/benchmarks/widget-load.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-10}"
swift build --build-tests >/dev/null
rm -f /tmp/webchat-measurements/widget-load.txt
for _ in $(seq "$runs"); do
  swift test --skip-build --filter WidgetLoadTimeTests >/dev/null
done
echo "widget.js gzip -9: $(gzip -9 -c Public/widget.js | wc -c) bytes ($(wc -c < Public/widget.js) plain)"
python3 - <<'PY'
import statistics
rows = [line.split() for line in open("/tmp/webchat-measurements/widget-load.txt")]
first = [float(r[1]) for r in rows]; reload = [float(r[3]) for r in rows]
print(f"launcher visible after the script tag: first visit median {statistics.median(first):.0f} ms "
      f"(min {min(first):.0f}, max {max(first):.0f}); reload median {statistics.median(reload):.0f} ms "
      f"(min {min(reload):.0f}, max {max(reload):.0f}); {len(rows)} runs")
PY
