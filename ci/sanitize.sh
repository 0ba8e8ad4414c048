#!/usr/bin/env bash
# Build bench-gate and every test with AddressSanitizer + UndefinedBehaviorSanitizer
# (RelWithDebInfo) into ${BUILD_DIR:-build-asan} and run all unit and end-to-end tests. Fails when a
# test fails or when any process (test binaries, the bench-gate binaries the e2e tests spawn)
# writes a sanitizer report, even one whose exit code a test tolerated. Extra arguments go to ctest.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build-asan}
jobs=${JOBS:-$(nproc)}
bash "$root/ci/setup.sh"

# Warnings are the regular build's job (GCC warns falsely under sanitizers), so no -Werror here.
# The suite binaries are slow to build sanitized; build bench-suite only when an e2e test uses it
# (SANITIZE_BENCHES=ON/OFF overrides; tests skip the parts that need a missing suite).
benches=${SANITIZE_BENCHES:-}
if [[ -z $benches ]]; then
  benches=OFF
  if grep -qs 'BENCH_SUITE' "$root"/tests/e2e/*.sh; then benches=ON; fi
fi
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBENCH_GATE_SANITIZE=ON \
  -DBENCH_GATE_WERROR=OFF -DBENCH_GATE_BENCHES="$benches" >/dev/null
if [[ $benches == ON ]]; then
  # Only what the tests need: bench-gate, the suite, and the unit test executables.
  available=$(cmake --build "$build" --target help |
    sed -n -e 's/^\.\.\. \([^ ]*\).*/\1/p' -e 's/^\([^ :]*\): .*/\1/p')  # Make or Ninja
  targets=()
  for t in $available; do
    case $t in bench-gate | bench-suite | test_*) targets+=("$t") ;; esac
  done
  cmake --build "$build" -j "$jobs" --target "${targets[@]}"
else
  cmake --build "$build" -j "$jobs"
fi

# Every sanitizer report goes to its own file (log_path.<pid>), so none can hide in a test's
# captured stderr; any file there afterwards fails the run.
logs="$build/sanitizer-logs"
rm -rf "$logs"
mkdir -p "$logs"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:log_path=$logs/asan${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$logs/ubsan:suppressions=$root/tests/fuzz/ubsan.supp${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-}"

status=0
ctest --test-dir "$build" -j "$jobs" --output-on-failure --timeout 900 "$@" || status=$?

# (LeakSanitizer also writes a file that only lists the suppressions it used: not a report.)
reports=$(grep -l -E 'ERROR: [A-Za-z]+Sanitizer|runtime error:' -r "$logs" | sort || true)
if [[ -n "$reports" ]]; then
  echo "ci/sanitize.sh: sanitizer reports:" >&2
  for f in $reports; do
    echo "--- $f" >&2
    cat "$f" >&2
  done
  status=1
fi
if ((status != 0)); then
  echo "ci/sanitize.sh: FAILED" >&2
  exit "$status"
fi
echo "ci/sanitize.sh: all tests passed with ASan + UBSan, no sanitizer reports"
