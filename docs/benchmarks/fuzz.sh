#!/usr/bin/env bash
# Builds webchat-fuzz with libFuzzer and AddressSanitizer and runs one fuzz campaign per target
# named (docs/FUZZING.md). The build is release-optimised and lives in .build-fuzz, so the ordinary
# .build is never touched. The committed seeds in Fuzz/Corpus/TARGET are read but not written:
# what the fuzzer finds goes to .build-fuzz/corpus/TARGET, inputs that crash, leak or hang to
# .build-fuzz/findings/TARGET/, the log to .build-fuzz/logs/TARGET.log.
#
# Usage: docs/benchmarks/fuzz.sh TARGET|all [RUNS [libFuzzer flags...]]
#   TARGET  http, websocket, token, filter, json or media; "all" runs them one after another
#   RUNS    executions per target (default 10000000; -1 runs until interrupted)
set -euo pipefail
cd "$(dirname "$0")/../.."
targets=(http websocket token filter json media)
[ $# -ge 1 ] || { echo "usage: $0 TARGET|all [RUNS [libFuzzer flags...]]; targets: ${targets[*]}" >&2; exit 2; }
selected="$1"
runs="${2:-10000000}"
shift $(( $# >= 2 ? 2 : 1 ))
if [ "$selected" = all ]; then selected="${targets[*]}"; fi

# Longest input per target: enough to pass every small limit the target fuzzes with (see
# Fuzz/Targets), and no longer, because the cut copy of an http or websocket input is parsed a
# byte at a time.
max_len() {
  case "$1" in
    http|websocket|filter|json) echo 2048 ;;
    token) echo 1536 ;;
    # Room for a JPEG with a few metadata segments before its frame header.
    media) echo 4096 ;;
    *) echo "unknown target $1; targets: ${targets[*]}" >&2; exit 2 ;;
  esac
}
for target in $selected; do max_len "$target" >/dev/null; done

build=.build-fuzz
mkdir -p "$build"
# lld instead of the system's gold, which warns about every symbol the sanitizer keeps local.
toolset=()
lld="$(dirname "$(command -v swift)")/ld.lld"
if [ -x "$lld" ]; then
  printf '{ "schemaVersion": "1.0", "linker": { "path": "%s" } }\n' "$lld" > "$build/toolset.json"
  toolset=(--toolset "$build/toolset.json")
fi
# `--sanitize` makes SwiftPM link both runtimes and let the fuzzer bring `main`, but the Swift driver
# hands the compiler only the last `-sanitize=` flag it was given, so alone it would build every
# module with one sanitizer (whichever came last); the trailing combined flag gives them both.
WEBCHAT_FUZZ=1 swift build -c release --build-path "$build" --product webchat-fuzz \
  --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address "${toolset[@]}"
for symbol in __sancov_gen_ __asan_report_load; do
  nm "$build"/release/HTTP.build/*.o | grep -c "$symbol" >/dev/null || { echo "the fuzz build lacks $symbol instrumentation" >&2; exit 1; }
done

failed=()
for target in $selected; do
  mkdir -p "$build/corpus/$target" "$build/findings/$target" "$build/logs"
  echo "== $target: $runs runs"
  # A finding ends this target's run, not the campaign: the remaining targets still run.
  WEBCHAT_FUZZ_TARGET="$target" nice -n 10 "$build/release/webchat-fuzz" \
    -runs="$runs" -max_len="$(max_len "$target")" -timeout=5 -rss_limit_mb=2048 -detect_leaks=1 \
    -dict="Fuzz/Dictionaries/$target.dict" -artifact_prefix="$build/findings/$target/" -print_final_stats=1 \
    "$@" "$build/corpus/$target" "Fuzz/Corpus/$target" 2>&1 | tee "$build/logs/$target.log" || failed+=("$target")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "findings in: ${failed[*]} (inputs in $build/findings/)" >&2
  exit 1
fi
