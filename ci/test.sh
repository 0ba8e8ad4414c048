#!/usr/bin/env bash
# Build everything (warnings are errors) and run every test: doctest unit tests and end-to-end
# tests of the real bench-gate binary on throw-away git repositories. Installs what it needs.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/ci/setup.sh"
export BENCH_GATE_REQUIRE_TOOLS=1  # setup.sh installed every harness tool: a missing one fails
build=${BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DBENCH_GATE_WERROR=ON >/dev/null
cmake --build "$build" -j "$(nproc)"
ctest --test-dir "$build" -j "$(nproc)" --output-on-failure --timeout 900
