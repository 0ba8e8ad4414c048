#!/usr/bin/env bash
# Regenerate the Catch2 fixtures from the real tool (Debian: apt-get install catch2, Catch2
# 2.13): bench_work.cpp compiled here, its XML reporter (-r xml) with benchmark results:
#   base.xml  BENCH_N=200000
#   head.xml  the same benchmarks with 30 % more work (BENCH_N=260000): a real slowdown
#   same.xml  base measured again (on a loaded machine its means move by more than 30 %: Catch2
#             reports means, which one preempted sample moves; see tests/e2e/test_adapters.sh)
# Catch2 writes no raw samples: only mean, standardDeviation and outliers of --benchmark-samples.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dpkg-query -W catch2
g++ -std=c++17 -O2 -o "$tmp/bench_work" bench_work.cpp
run() {  # N OUT
  BENCH_N=$1 "$tmp/bench_work" -r xml --benchmark-samples 100 --benchmark-resamples 1000 > "$2"
}
run 200000 base.xml
run 260000 head.xml
run 200000 same.xml
