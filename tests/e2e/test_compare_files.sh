#!/usr/bin/env bash
# Issue 16: `bench-gate compare --files BASE.json HEAD.json` gives the report, JSON and exit code of
# the recorded flow, with no repository at all.
source "$(dirname "$0")/lib.sh"
: "${BENCH_GATE_TEST_DATA:?set BENCH_GATE_TEST_DATA to tests/data}"
CASES=$BENCH_GATE_TEST_DATA/cases/ingest
BG=$BENCH_GATE
cd "$WORK"
mkdir norepo

verdicts() {
  python3 -c 'import json,sys
for b in sorted(json.load(open(sys.argv[1]))["benchmarks"], key=lambda b: b["name"]):
    print(b["name"], b["verdict"], round(b["change"], 6))' "$1"
}

# files BASE HEAD WANT: compare --files outside any repository, and the same two files recorded
# on two commits; same exit code and the same verdicts and changes.
files() {
  local name=$1 base=$2 head=$3 want=$4
  (cd norepo && expect_exit "$want" "$BG" compare --files "$base" "$head" --json "$WORK/$name-files.json")
  cp "$WORK/out" "$WORK/$name-files.md"
  rm -rf "repo-$name" && new_repo "repo-$name"
  "$BG" -C "repo-$name" record HEAD --input "$base" 2> /dev/null
  commit "repo-$name" head
  "$BG" -C "repo-$name" record HEAD --input "$head" 2> /dev/null
  expect_exit "$want" "$BG" -C "repo-$name" compare HEAD~1 HEAD --no-run --json "$WORK/$name-git.json"
  diff <(verdicts "$name-files.json") <(verdicts "$name-git.json") || fail "$name: --files and git differ"
}

files complexity "$CASES/complexity/base.json" "$CASES/complexity/head.json" 1
contains complexity-files.md "Regressions (5)"
contains complexity-files.md "complexity of BM\\_BinaryGap"
pass "--files: a 30 % slowdown fails (exit 1), as when recorded in git"

files skipped "$CASES/skipped/base.json" "$CASES/skipped/head_newly_skipped.json" 0
contains skipped-files.md "newly skipped in head"
pass "--files: the same file pair passes (exit 0), skipped rows shown"

files aggonly "$CASES/aggregates-only-noise/base_aggonly.json" "$CASES/aggregates-only-noise/head_aggonly.json" 0
pass "--files: aggregates-only files, same verdicts as recorded"

(cd norepo && expect_exit 2 "$BG" compare --files "$CASES/complexity/base.json" "$WORK/missing.json")
one_line_error
contains "$WORK/err" "missing.json"
(cd norepo && expect_exit 2 "$BG" compare --files "$CASES/complexity/base.json")
(cd norepo && expect_exit 2 "$BG" compare)
one_line_error
contains "$WORK/err" "--files BASE.json HEAD.json"
pass "--files: a missing file, one file, or nothing at all: exit 2 with one line"
