#!/usr/bin/env bash
# Issue 16: hyperfine --export-json output (real tool, tests/data/hyperfine/regenerate.sh), chosen
# by content: record two commits, a 30 % slower workload is a regression; the same workload
# measured again passes. Also compare --files on the same pair.
source "$(dirname "$0")/lib.sh"
: "${BENCH_GATE_TEST_DATA:?set BENCH_GATE_TEST_DATA to tests/data}"
HF=$BENCH_GATE_TEST_DATA/hyperfine
BG=$BENCH_GATE
cd "$WORK"
new_repo repo
"$BG" -C repo record HEAD --input "$HF/base.json" 2> rec.err
contains rec.err "(2 benchmarks)"
git -C repo notes --ref=bench-gate show HEAD | python3 -c 'import json,sys
b = {x["name"]: x for x in json.load(sys.stdin)["runs"][0]["benchmarks"]}
assert len(b["sleep/work"]["real_time_ns"]) == 15, b["sleep/work"]' || fail "every run time is not a sample"
base=$(git -C repo rev-parse HEAD)
commit repo slower
"$BG" -C repo record HEAD --input "$HF/head.json" 2> /dev/null
expect_exit 1 "$BG" -C repo compare "$base" HEAD --no-run --json "$WORK/slow.json"
contains "$WORK/out" "sleep/work"
python3 -c 'import json,sys
b = {x["name"]: x for x in json.load(open(sys.argv[1]))["benchmarks"]}
assert b["sleep/work"]["verdict"] == "regression", b["sleep/work"]
assert b["sleep/work"]["base_samples"] == 15' "$WORK/slow.json" || fail "30 % slower hyperfine workload not a regression"
pass "hyperfine: record two commits from real hyperfine output; the 30 % slower workload is a regression (exit 1)"

git -C repo checkout -q "$base" 2> /dev/null
git -C repo checkout -qb again
commit repo again
"$BG" -C repo record HEAD --input "$HF/same.json" 2> /dev/null
expect_exit 0 "$BG" -C repo compare "$base" HEAD --no-run
lacks "$WORK/out" "| regression"
pass "hyperfine: the same workload measured again passes (exit 0)"

expect_exit 1 "$BG" compare --files "$HF/base.json" "$HF/head.json"
pass "hyperfine: compare --files on the same pair exits 1"

# A cpu_time gate cannot use hyperfine's runs (no per-run CPU time): one row each, never a failure.
echo '{"metric": "cpu_time"}' > cpu.json
expect_exit 0 "$BG" --config cpu.json compare --files "$HF/base.json" "$HF/head.json" --json "$WORK/cpu-cmp.json"
contains "$WORK/cpu-cmp.json" "not comparable: cpu_time is 0 in every repetition"
pass "hyperfine: under a cpu_time gate each row says the metric is not usable"
