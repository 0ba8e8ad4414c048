#!/usr/bin/env bash
# Issue 16: one end-to-end case per adapter (pytest-benchmark, Catch2, JMH, BenchmarkDotNet),
# chosen by content from its fixture (tests/data/<harness>/): record two commits, a slowdown is a
# regression (exit 1); a commit measured unchanged passes (exit 0). JMH forks and
# BenchmarkDotNet launches are stored as one run each.
source "$(dirname "$0")/lib.sh"
: "${BENCH_GATE_TEST_DATA:?set BENCH_GATE_TEST_DATA to tests/data}"
DATA=$BENCH_GATE_TEST_DATA
BG=$BENCH_GATE
cd "$WORK"

# runs_stored REPO: the number of runs in HEAD's note.
runs_stored() {
  git -C "$1" notes --ref=bench-gate show HEAD | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["runs"]))'
}

# verdict_of JSON NAME: the verdict of benchmark NAME in a comparison JSON.
verdict_of() {
  python3 -c 'import json,sys
rows = {b["name"]: b for b in json.load(open(sys.argv[1]))["benchmarks"]}
print(rows[sys.argv[2]]["verdict"])' "$1" "$2"
}

# gate NAME BASE HEAD SAME RUNS BENCH: BASE on the first commit, HEAD (slower) on a second: BENCH
# is a regression and compare exits 1; SAME on a sibling commit: exit 0, no regression. Each
# record stores RUNS runs (processes).
gate() {
  local name=$1 base=$2 head=$3 same=$4 runs=$5 bench=$6
  new_repo "$name"
  "$BG" -C "$name" record HEAD --input "$base" 2> "$name-rec.err"
  [[ $(runs_stored "$name") == "$runs" ]] || fail "$name: $(runs_stored "$name") runs stored, want $runs"
  local first
  first=$(git -C "$name" rev-parse HEAD)
  commit "$name" slower
  "$BG" -C "$name" record HEAD --input "$head" 2> /dev/null
  expect_exit 1 "$BG" -C "$name" compare "$first" HEAD --no-run --json "$WORK/$name-slow.json"
  [[ $(verdict_of "$WORK/$name-slow.json" "$bench") == regression ]] ||
    fail "$name: '$bench' is not a regression: $(verdict_of "$WORK/$name-slow.json" "$bench")"
  pass "$name: record two commits; the slower '$bench' is a regression (exit 1)"

  git -C "$name" checkout -q "$first" 2> /dev/null
  git -C "$name" checkout -qb again
  commit "$name" again
  "$BG" -C "$name" record HEAD --input "$same" 2> /dev/null
  expect_exit 0 "$BG" -C "$name" compare "$first" HEAD --no-run
  lacks "$WORK/out" "| regression"
  pass "$name: measured again unchanged, the gate passes (exit 0)"
}

# pytest-benchmark: real output; head runs the same tests on 30 % more work.
gate pytest "$DATA/pytest-benchmark/base.json" "$DATA/pytest-benchmark/head.json" \
  "$DATA/pytest-benchmark/same.json" 1 "bench_work.py::test_work_sum"
# Without raw data (the stats of --benchmark-autosave): a summary, never more confident.
expect_exit 0 "$BG" compare --files "$DATA/pytest-benchmark/stats_only.json" \
  "$DATA/pytest-benchmark/base.json" --json "$WORK/stats.json"
contains "$WORK/stats.json" "reported by the aggregates"
pass "pytest: a file without raw data is compared through its own stats (exit 0)"

# Catch2: real output (mean and standard deviation only). The slower file is the base file with
# every time scaled by 1.2 (a 20 % slowdown), and "unchanged" records the base file again: on this
# shared machine (load 15-25 on 2 cores) a real re-run's mean moved by up to 35 % (same.xml), more
# than the slowdown. work/sum's cv is over 400 % there, so its rows stay inconclusive.
python3 - "$DATA/catch2/base.xml" catch2-slower.xml << 'PY'
import re, sys
text = open(sys.argv[1]).read()
scale = lambda m: m.group(1) + '="%g"' % (float(m.group(2)) * 1.2)
text = re.sub(r'\b(value|lowerBound|upperBound)="([^"]+)"', scale, text)
open(sys.argv[2], "w").write(text)
PY
gate catch2 "$DATA/catch2/base.xml" "$WORK/catch2-slower.xml" "$DATA/catch2/base.xml" 1 "work/sort"

# JMH (-rf json, documented schema): 2 forks -> 2 runs; head is base x 1.2.
gate jmh "$DATA/jmh/base.json" "$DATA/jmh/head.json" "$DATA/jmh/same.json" 2 \
  "org.example.JsonBench.parse:size=1024"
# BenchmarkDotNet full JSON (documented schema): 2 launches -> 2 runs; head is base x 1.2.
gate bdn "$DATA/benchmarkdotnet/base.json" "$DATA/benchmarkdotnet/head.json" \
  "$DATA/benchmarkdotnet/same.json" 2 "BenchGate.Samples.HashBench.Sha256(N: 1000)"

# A file of several processes is not a shard of one run.
expect_exit 2 "$BG" -C jmh record HEAD --input "$DATA/jmh/base.json" --input "$DATA/jmh/same.json"
one_line_error
contains "$WORK/err" "holds 2 processes"
# Malformed input: one line naming the file and field, exit 2.
printf '<Catch2TestRun><TestCase name="t"><BenchmarkResults name="b" samples="9" iterations="1"><mean value="x"/></BenchmarkResults></TestCase></Catch2TestRun>' > bad.xml
expect_exit 2 "$BG" -C jmh record HEAD --input bad.xml
one_line_error
contains "$WORK/err" "bad.xml: Catch2TestRun/TestCase[@name='t']/mean@value"
pass "a multi-process file among several inputs, and a malformed Catch2 file: exit 2 with one line"
