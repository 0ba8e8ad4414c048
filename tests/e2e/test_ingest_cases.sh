#!/usr/bin/env bash
# Issue 16: every folder of tests/data/cases/ingest/ (copied from the shared real-world cases, see
# its CASES.md) recorded on a throw-away repository and compared: verdicts and exit codes as a user
# expects them. Also encodings (BOM, CRLF, UTF-16) and several files of one run.
source "$(dirname "$0")/lib.sh"
: "${BENCH_GATE_TEST_DATA:?set BENCH_GATE_TEST_DATA to tests/data}"
CASES=$BENCH_GATE_TEST_DATA/cases/ingest
BG=$BENCH_GATE
cd "$WORK"

# gate NAME WANT BASE_FILES... -- HEAD_FILES...: record the base files on one commit and the head
# files on the next of a fresh repository, compare with --json; the comparison must exit WANT.
# Leaves the report in $WORK/NAME.md, the JSON in $WORK/NAME.json, record's stderr in NAME.rec.
gate() {
  local name=$1 want=$2
  shift 2
  rm -rf "repo-$name"
  new_repo "repo-$name"
  : > "$WORK/$name.rec"
  for f in "$@"; do
    if [[ $f == -- ]]; then
      commit "repo-$name" "head of $name"
      continue
    fi
    "$BG" -C "repo-$name" record HEAD --input "$f" 2>> "$WORK/$name.rec" ||
      { cat "$WORK/$name.rec" >&2; fail "$name: record of $f failed"; }
  done
  expect_exit "$want" "$BG" -C "repo-$name" compare HEAD~1 HEAD --no-run --json "$WORK/$name.json"
  cp "$WORK/out" "$WORK/$name.md"
}

# verdict FILE NAME: the verdict of benchmark NAME in comparison JSON FILE.
verdict() {
  python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(next(b["verdict"] for b in d["benchmarks"] if b["name"] == sys.argv[2]))' "$1" "$2"
}
field() {
  python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(next(b[sys.argv[3]] for b in d["benchmarks"] if b["name"] == sys.argv[2]))' "$1" "$2" "$3"
}
expect_verdict() {
  local got
  got=$(verdict "$1" "$2")
  [[ $got == "$3" ]] || fail "$2 in $1: expected $3, got $got"
}

# complexity/: BigO/RMS rows kept as information, the timed rows gated (30 % slower → exit 1).
gate complexity 1 "$CASES/complexity/base.json" -- "$CASES/complexity/head.json"
for n in 1 8 64 512 1024; do expect_verdict complexity.json "BM_BinaryGap/$n" regression; done
lacks complexity.json '"name": "BM_BinaryGap"'
lacks complexity.json '"name": "BM_BinaryGap_BigO"'
contains complexity.md "complexity of BM\\_BinaryGap (not gated): base O(1)"
contains complexity.md "RMS 1.3 %"
contains complexity.json '"information"'
pass "complexity: fits shown as information, never gated; the 30 % slower timed rows fail the gate"

# skipped/: SkipWithMessage is its own verdict with its message; the others gated.
gate skipped 1 "$CASES/skipped/base.json" -- "$CASES/skipped/head.json"
expect_verdict skipped.json "BM_DeltaSync/0/0" skipped
[[ $(field skipped.json "BM_DeltaSync/0/0" message) == "skipped: nothing to sync" ]] ||
  fail "skip message lost"
expect_verdict skipped.json "BM_DeltaSync/1000/1000" regression
contains skipped.md "### Skipped benchmarks (1)"
contains skipped.md "nothing to sync"
pass "skipped: a visible verdict with its message; the other benchmarks still gated (exit 1)"

gate newly 0 "$CASES/skipped/base.json" -- "$CASES/skipped/head_newly_skipped.json"
expect_verdict newly.json "BM_DeltaSync/1000/0" skipped
field newly.json "BM_DeltaSync/1000/0" message | grep -q "^newly skipped in head (measured in base): " ||
  fail "newly skipped not said"
contains newly.md "newly skipped in head"
pass "skipped: a benchmark newly skipped in head says so and is not a suite failure (exit 0)"

# zero-cpu-time/: cpu_time 0 under real_time is fine; a zero gated metric is one row.
gate zero 1 "$CASES/zero-cpu-time/base.json" -- "$CASES/zero-cpu-time/head.json"
expect_verdict zero.json "BM_WaitForReply/real_time" regression
pass "zero-cpu-time: cpu_time 0 is not used by a real_time gate; the slowdown is found"
gate oldzero 1 "$CASES/zero-cpu-time/old_base.json" -- "$CASES/zero-cpu-time/old_head.json"
expect_verdict oldzero.json "BM_empty" inconclusive
field oldzero.json BM_empty message | grep -q "not comparable: real_time is 0 in every repetition" ||
  fail "unusable metric row does not say why"
contains oldzero.md "not comparable: real\\_time is 0"
expect_verdict oldzero.json "BM_vector_push_back/1024" regression
pass "zero-cpu-time (pre-1.4 rounding): the zero benchmark is one row saying so, the rest gated"

# pre-1.5-aggregates/: NAME_mean / NAME_stddev recognised by suffix; a spread is never a time.
gate pre15noise 0 "$CASES/pre-1.5-aggregates/base.json" -- "$CASES/pre-1.5-aggregates/head_noise_only.json"
lacks pre15noise.json '_stddev"'
lacks pre15noise.json '_mean"'
lacks pre15noise.json '"verdict": "regression"'
pass "pre-1.5 aggregates: a doubled standard deviation with no mean moved passes (exit 0)"
gate pre15 0 "$CASES/pre-1.5-aggregates/base.json" -- "$CASES/pre-1.5-aggregates/head.json"
expect_verdict pre15.json "parse data/nativejson-benchmark/twitter.json" inconclusive
field pre15.json "parse data/nativejson-benchmark/twitter.json" noise_source |
  grep -q "2 assumed per run where the file does not say" || fail "unknown repetitions not said"
pass "pre-1.5 aggregates: a +20 % mean with unknown repetitions is inconclusive, never a silent pass"

# same-file-twice/: the identical file recorded again is said in one line and changes no verdict.
gate twice 0 "$CASES/same-file-twice/base.json" "$CASES/same-file-twice/base.json" -- \
  "$CASES/same-file-twice/head.json"
grep -c "the same measurements are already recorded" twice.rec | grep -qx 1 || {
  cat twice.rec >&2
  fail "second record not said in one line"
}
gate once 0 "$CASES/same-file-twice/base.json" -- "$CASES/same-file-twice/head.json"
for n in BM_QueryPlan/tpch_q1 BM_QueryPlan/tpch_q6 BM_HashJoin/1M; do
  [[ $(verdict twice.json $n) == $(verdict once.json $n) ]] || fail "$n: verdict changed by the repeat"
done
expect_verdict twice.json BM_QueryPlan/tpch_q1 inconclusive
contains twice.json "repeats the measurements of run"
pass "same-file-twice: the repeat is said at record (one line) and in the report; no verdict changes"
# Stored twice anyway (an older bench-gate, or two writers racing): compare ignores the repeat.
rm -rf repo-forced && new_repo repo-forced
"$BG" -C repo-forced record HEAD --input "$CASES/same-file-twice/base.json" 2> /dev/null
base=$(git -C repo-forced rev-parse HEAD)
note=$(git -C repo-forced notes --ref=bench-gate show HEAD)
python3 -c 'import json,sys
d = json.loads(sys.argv[1]); r = dict(d["runs"][0]); r["run_id"] = "0" * 32; d["runs"].append(r)
print(json.dumps(d))' "$note" > forced.json
git -C repo-forced notes --ref=bench-gate add -f -F "$WORK/forced.json" HEAD
commit repo-forced head
"$BG" -C repo-forced record HEAD --input "$CASES/same-file-twice/head.json" 2> /dev/null
expect_exit 0 "$BG" -C repo-forced compare "$base" HEAD --no-run --json "$WORK/forced-cmp.json"
contains forced-cmp.json "repeats the measurements of run"
expect_verdict forced-cmp.json BM_QueryPlan/tpch_q1 inconclusive
pass "same-file-twice: a repeat already stored is ignored at compare time, with one line in the report"

# aggregates-only-noise/: the file's own cv and repetitions; never more confident than full data.
gate full 0 "$CASES/aggregates-only-noise/base_full.json" -- "$CASES/aggregates-only-noise/head_full.json"
gate aggonly 0 "$CASES/aggregates-only-noise/base_aggonly.json" -- \
  "$CASES/aggregates-only-noise/head_aggonly.json"
expect_verdict full.json BM_AllocateTree/4096 inconclusive
expect_verdict aggonly.json BM_AllocateTree/4096 inconclusive
field aggonly.json BM_AllocateTree/4096 noise_source | grep -q "reported by the aggregates (10+10 repetitions)" ||
  fail "aggregates-only does not use the file's spread"
python3 -c 'import json,sys
f = {b["name"]: b for b in json.load(open("full.json"))["benchmarks"]}
a = {b["name"]: b for b in json.load(open("aggonly.json"))["benchmarks"]}
for name in f:
    assert a[name]["mde"] >= f[name]["mde"] * 0.999, (name, a[name]["mde"], f[name]["mde"])
' || fail "aggregates-only is more confident than the full data"
pass "aggregates-only: inconclusive like the full data, with a detectable effect no smaller"

# Encodings: UTF-8 BOM and CRLF accepted; UTF-16 named in one line.
rm -rf repo-enc && new_repo repo-enc
printf '\xEF\xBB\xBF' > bom.json && sed 's/$/\r/' "$CASES/complexity/base.json" >> bom.json
expect_exit 0 "$BG" -C repo-enc record HEAD --input "$WORK/bom.json"
iconv -f UTF-8 -t UTF-16 "$CASES/complexity/base.json" > utf16.json
expect_exit 2 "$BG" -C repo-enc record HEAD --input "$WORK/utf16.json"
one_line_error
contains "$WORK/err" "utf16.json: the file is UTF-16LE"
pass "encodings: BOM + CRLF recorded; UTF-16 refused with one line naming it"

# Several files of one run (one per executable): every context kept, environments by machine.
rm -rf repo-multi && new_repo repo-multi
"$BG" -C repo-multi record HEAD --input "$CASES/complexity/base.json" --input "$CASES/skipped/base.json" 2> /dev/null
git -C repo-multi notes --ref=bench-gate show HEAD | python3 -c 'import json,sys
run = json.load(sys.stdin)["runs"][0]
assert run["environment"]["context"]["executable"] == "./bench", run["environment"]["context"]
assert len(run["other_contexts"]) == 1, run.get("other_contexts")' || fail "second file's context lost"
commit repo-multi head
"$BG" -C repo-multi record HEAD --input "$CASES/skipped/base.json" --input "$CASES/complexity/base.json" 2> /dev/null
expect_exit 0 "$BG" -C repo-multi compare HEAD~1 HEAD --no-run
lacks "$WORK/out" "different environments"
pass "several files of one run: every context stored; the same machines in another file order do not differ"
