#!/usr/bin/env bash
# Builds WebChatKit and runs its tests under ThreadSanitizer, then under AddressSanitizer with
# leak detection. The executables the tests start (webchat, webchat-echo, webchat-host-app) come
# from the same sanitized build, so their reports count too. Every process writes its reports to a
# file of its own; a sanitizer's run is clean when the tests pass and no report file appears.
# Each sanitizer builds into a scratch directory of its own, so the normal .build stays intact.
# The sanitizers make every test several times slower, and tests keep the wall-clock deadlines of
# a normal run (30 s to answer, 10 s to welcome); at most two tests run at once (Swift Testing's
# default is twice the cores), so that one CPU-heavy test cannot starve the in-process servers of
# the others past those deadlines. SANITIZER_TEST_WIDTH changes it.
# Usage: docs/benchmarks/sanitizers.sh [thread|address]... [-- swift test arguments]
#   e.g. docs/benchmarks/sanitizers.sh thread -- --filter HTTPTests
set -uo pipefail
cd "$(dirname "$0")/../.."
suppressions="$PWD/docs/benchmarks"
reports="${SANITIZER_REPORTS:-/tmp/webchat-sanitizers}"

sanitizers=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do sanitizers+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ ${#sanitizers[@]} -gt 0 ] || sanitizers=(thread address)

failed=0
for sanitizer in "${sanitizers[@]}"; do
    case "$sanitizer" in
        thread)  scratch=.build-tsan; linker=() ;;
        # gold warns about the ASan runtime's local symbols on every link; lld links it quietly.
        address) scratch=.build-asan; linker=(-Xswiftc -use-ld=lld) ;;
        *) echo "unknown sanitizer: $sanitizer (thread or address)" >&2; exit 2 ;;
    esac
    rm -rf "$reports/$sanitizer"
    mkdir -p "$reports/$sanitizer"
    started=$SECONDS
    nice swift build --build-tests --scratch-path "$scratch" -Xswiftc -sanitize="$sanitizer" "${linker[@]}" \
        2>&1 | tee "$reports/$sanitizer/build.log" | tail -1
    [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "$sanitizer: build failed" >&2; exit 1; }
    warnings=$(grep -c "warning:" "$reports/$sanitizer/build.log")
    built=$SECONDS
    TSAN_OPTIONS="suppressions=$suppressions/tsan-suppressions.txt log_path=$reports/$sanitizer/report halt_on_error=0" \
    ASAN_OPTIONS="detect_leaks=1 log_path=$reports/$sanitizer/report" \
    LSAN_OPTIONS="suppressions=$suppressions/lsan-suppressions.txt" \
    SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH="${SANITIZER_TEST_WIDTH:-2}" \
        nice swift test --skip-build --scratch-path "$scratch" "$@" > "$reports/$sanitizer/test.log" 2>&1
    tests=$?
    # A process that only used suppressions writes a file too, with no report in it.
    count=$(grep -lE '^(WARNING|ERROR|SUMMARY|==[0-9]+==ERROR)' "$reports/$sanitizer"/report.* 2>/dev/null | wc -l)
    echo "$sanitizer: build $((built - started)) s ($warnings warnings), tests $((SECONDS - built)) s," \
         "$(grep -o 'Test run with.*' "$reports/$sanitizer/test.log" | tail -1)," \
         "$count processes with reports (in $reports/$sanitizer)"
    [ "$tests" -eq 0 ] && [ "$count" -eq 0 ] && [ "$warnings" -eq 0 ] || failed=1
done
exit $failed
