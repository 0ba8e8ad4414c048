#!/usr/bin/env bash
# Issue 16: Criterion output without cargo (tests/data/criterion/regenerate.sh): cargo-criterion's
# JSON message stream (`cargo criterion --message-format=json`), chosen by content, and the saved
# baselines of a target/criterion directory. cargo-criterion is not packaged in Debian: tests/data/criterion/base.jsonl is that
# stream (schema: the cargo-criterion book, "External Tools") built by regenerate.sh from real
# Criterion 0.3.6 samples; head.jsonl is the same crate with 30 % more work in work/lcg/*.
source "$(dirname "$0")/lib.sh"
: "${BENCH_GATE_TEST_DATA:?set BENCH_GATE_TEST_DATA to tests/data}"
CRIT=$BENCH_GATE_TEST_DATA/criterion
BG=$BENCH_GATE
cd "$WORK"

new_repo repo
"$BG" -C repo record HEAD --input "$CRIT/base.jsonl" 2> rec.err
contains rec.err "(3 benchmarks)"
git -C repo notes --ref=bench-gate show HEAD | python3 -c 'import json,sys
run = json.load(sys.stdin)["runs"][0]
b = {x["name"]: x for x in run["benchmarks"]}
assert sorted(b) == ["sum_bytes", "work/lcg/1000", "work/lcg/4000"], sorted(b)
assert len(b["work/lcg/1000"]["real_time_ns"]) == 30
assert "items_per_second" in b["work/lcg/1000"]["counters"]
assert run["environment"]["context"]["harness"] == "cargo-criterion"' || fail "the stream is not one run of 30 samples per benchmark"
base=$(git -C repo rev-parse HEAD)
commit repo slower
"$BG" -C repo record HEAD --input "$CRIT/head.jsonl" 2> /dev/null
expect_exit 1 "$BG" -C repo compare "$base" HEAD --no-run --json "$WORK/slow.json"
python3 -c 'import json,sys
b = {x["name"]: x for x in json.load(open(sys.argv[1]))["benchmarks"]}
assert b["work/lcg/1000"]["verdict"] == "regression", b["work/lcg/1000"]
assert b["sum_bytes"]["verdict"] != "regression", b["sum_bytes"]' "$WORK/slow.json" ||
  fail "30 % slower cargo-criterion benchmarks not a regression"
pass "cargo-criterion: record two commits from the message stream; the 30 % slower benchmarks are regressions (exit 1)"

expect_exit 1 "$BG" compare --files "$CRIT/base.jsonl" "$CRIT/head.jsonl" --harness cargo-criterion
pass "cargo-criterion: compare --files --harness cargo-criterion exits 1"

printf '{"reason":"benchmark-complete","id":"x","unit":"ns","iteration_count":[1,2],"measured_values":[5]}\n' > bad.jsonl
expect_exit 2 "$BG" -C repo record HEAD --input bad.jsonl
one_line_error
contains "$WORK/err" "bad.jsonl: line 1: measured_values: 1 times for 2 iteration counts"
pass "cargo-criterion: a malformed message is exit 2, one line naming file, line and field"

# The saved baselines of the fixture's target/criterion (base, head = 30 % more work, same = base
# measured again), recorded from the directory with --baseline (no cargo needed here; the full
# scenario with cargo is test_criterion.sh).
DIR=$CRIT/target/criterion
new_repo dirrepo
"$BG" -C dirrepo record HEAD --input "$DIR" --baseline base 2> /dev/null
dbase=$(git -C dirrepo rev-parse HEAD)
commit dirrepo slower
"$BG" -C dirrepo record HEAD --input "$DIR" --baseline head 2> /dev/null
expect_exit 1 "$BG" -C dirrepo compare "$dbase" HEAD --no-run
contains "$WORK/out" "work/lcg/4000"
git -C dirrepo checkout -q "$dbase" 2> /dev/null && git -C dirrepo checkout -qb again
commit dirrepo again
"$BG" -C dirrepo record HEAD --input "$DIR" --baseline same 2> /dev/null
expect_exit 0 "$BG" -C dirrepo compare "$dbase" HEAD --no-run
lacks "$WORK/out" "| regression"
expect_exit 1 "$BG" compare --files "$DIR" "$DIR" --baseline base head
expect_exit 0 "$BG" compare --files "$DIR" "$DIR" --baseline base same
pass "criterion: saved baselines of a target/criterion directory: 30 % slower fails (exit 1), the same code passes"
