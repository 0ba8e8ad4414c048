#!/usr/bin/env bash
# The main job, end to end on a fresh machine: install, build, then run a real gate on a real git
# repository. A throw-away clone of this repository gets a baseline recorded for its parent commit
# (by running the benchmark suite), and `bench-gate compare HEAD~1 HEAD` runs the suite for
# HEAD, re-measures any failing-tier regression before believing it, and
# prints the Markdown report. Results live in the clone's refs/notes/bench-gate; no server.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/ci/setup.sh"
build=${BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build" -j "$(nproc)" --target bench-gate bench-suite

gate="$build/harness/bench-gate"
suite="$build/benches/bench-suite"
work=$(mktemp -d "${TMPDIR:-/tmp}/bench-gate-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT
git clone -q "$root" "$work/repo"
cd "$work/repo"
if ! git rev-parse -q --verify HEAD~1 >/dev/null; then
  git -c user.name=demo -c user.email=demo@example.com commit -q --allow-empty -m "demo: second commit"
fi
# A short run of the whole suite: REPS repetitions, interleaved, each benchmark ~0.05 s.
reps=${BENCH_GATE_DEMO_REPETITIONS:-3}
cat > bench-gate.json <<JSON
{"suite_command": ["$suite"], "repetitions": $reps, "metric": "cpu_time",
 "rules": [{"pattern": "crypto/*", "tier": "critical"}, {"pattern": "hashing/sha256/*", "tier": "critical"},
           {"pattern": "pii/*", "tier": "critical"}, {"pattern": "serialization/*", "tier": "background"}],
 "timeout_seconds": 900}
JSON
# The baseline in 3 separate suite processes, as a nightly job records it: with no history, the
# spread of one commit's processes is the only measure of between-run noise the gate gets (one
# process per side once called frames/jpeg_only/720p +13.7 % on identical code).
procs=${BENCH_GATE_DEMO_PROCESSES:-3}
echo "== bench-gate record HEAD~1 --processes $procs (baseline: runs the suite)" >&2
git -c advice.detachedHead=false checkout -q HEAD~1
"$gate" record HEAD --processes "$procs"
git checkout -q -
echo "== bench-gate compare HEAD~1 HEAD (runs the suite for HEAD, re-measures any failing-tier regression, prints the report)" >&2
set +e
"$gate" compare HEAD~1 HEAD --json "$work/comparison.json"
status=$?
set -e
echo "== bench-gate exited $status (0 pass, 1 regression, 2 input error, 3 no baseline, 4 suite failed)" >&2
exit $status
