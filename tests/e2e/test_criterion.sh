#!/usr/bin/env bash
# Issue 16, the Criterion scenario end to end: a small Rust crate with a Criterion 0.3.6 benchmark
# (tests/data/criterion/crate, built offline from Debian's packages), `cargo bench --
# --save-baseline NAME` on three commits, `bench-gate record --input target/criterion --baseline
# NAME` each; compare catches a deliberate 20 % slowdown (SCALE 100 -> 120 in src/lib.rs) and
# passes an unchanged commit; compare --files on two baselines of one directory (critcmp's habit).
# Measured in the thread's CPU time (BENCH_GATE_CPU_TIME=1, Criterion's custom-measurement API in
# crate/benches/work.rs): in wall time, on this shared 2-core machine under load, an unchanged
# commit measured a minute later came out 12 % faster and the 20 % slowdown inconclusive.
# The compiled crate is kept in the build directory (criterion-target), so only the first run pays
# the ~2 minute cold build.
source "$(dirname "$0")/lib.sh"
: "${BENCH_GATE_TEST_DATA:?set BENCH_GATE_TEST_DATA to tests/data}"
BG=$BENCH_GATE
export PATH=/usr/bin:/bin:$PATH  # Debian's cargo, not a rustup toolchain earlier in PATH
need_tool cargo "Criterion benchmarks: apt-get install cargo librust-criterion-dev"
[[ -d /usr/share/cargo/registry/criterion-0.3.6 ]] || need_tool criterion-sources-missing "librust-criterion-dev"
export CARGO_HOME=$WORK/cargo-home BENCH_GATE_CPU_TIME=1
export CARGO_TARGET_DIR=${BENCH_GATE_BUILD_DIR:-$WORK}/criterion-target
rm -rf "$CARGO_TARGET_DIR/criterion"  # earlier runs' baselines; the compiled crates stay
CRIT=$CARGO_TARGET_DIR/criterion
cd "$WORK"

new_repo repo
cp -r "$BENCH_GATE_TEST_DATA/criterion/crate/." repo/
printf 'target/\n' > repo/.gitignore
git -C repo add -A && git -C repo commit -qm "criterion crate"

# bench NAME: cargo bench on the checked-out commit, saved as baseline NAME, recorded for HEAD.
bench() {
  local start=$SECONDS
  (cd repo && cargo bench -q --bench work -- --save-baseline "$1" --noplot) > "bench-$1.log" 2>&1 ||
    { tail -20 "bench-$1.log" >&2; fail "cargo bench failed"; }
  echo "cargo bench ($1): $((SECONDS - start)) s"
  "$BG" -C repo record HEAD --input "$CRIT" --baseline "$1" 2> "record-$1.err" ||
    { cat "record-$1.err" >&2; fail "record of baseline $1 failed"; }
  contains "record-$1.err" "(3 benchmarks)"
}

bench c1
c1=$(git -C repo rev-parse HEAD)
git -C repo notes --ref=bench-gate show HEAD | python3 -c 'import json,sys
run = json.load(sys.stdin)["runs"][0]
b = {x["name"]: x for x in run["benchmarks"]}
assert sorted(b) == ["sum_bytes", "work/lcg/1000", "work/lcg/4000"], sorted(b)
assert len(b["work/lcg/1000"]["real_time_ns"]) == 30, b["work/lcg/1000"]
assert run["environment"]["context"]["criterion_baseline"] == "c1"' ||
  fail "the saved baseline is not one run of 30 samples per benchmark"
pass "criterion: a saved baseline recorded as one run, its 30 samples as repetitions"

sed -i 's/^pub const SCALE: u64 = 100;$/pub const SCALE: u64 = 120;/' repo/src/lib.rs
git -C repo commit -qam "lcg_chain: 20 % more work"
bench c2
expect_exit 1 "$BG" -C repo compare "$c1" HEAD --no-run --json "$WORK/slow.json"
python3 -c 'import json,sys
b = {x["name"]: x for x in json.load(open(sys.argv[1]))["benchmarks"]}
for name in ("work/lcg/1000", "work/lcg/4000"):
    assert b[name]["verdict"] == "regression", b[name]
    assert 0.10 < b[name]["change"] < 0.40, b[name]
assert b["sum_bytes"]["verdict"] != "regression", b["sum_bytes"]' "$WORK/slow.json" ||
  fail "the 20 % slowdown is not a regression"
pass "criterion: compare catches the deliberate 20 % slowdown (exit 1)"

expect_exit 1 "$BG" compare --files "$CRIT" "$CRIT" --baseline c1 c2
contains "$WORK/out" "work/lcg/1000"
pass "criterion: compare --files target/criterion target/criterion --baseline c1 c2 exits 1"

git -C repo checkout -q "$c1" 2> /dev/null
git -C repo checkout -qb unchanged
commit repo "docs only"
bench c3
expect_exit 0 "$BG" -C repo compare "$c1" HEAD --no-run --json "$WORK/same.json"
lacks "$WORK/out" "| regression"
pass "criterion: an unchanged commit passes (exit 0)"

expect_exit 2 "$BG" -C repo record HEAD --input "$CRIT" --baseline main
one_line_error
contains "$WORK/err" "no Criterion baseline 'main' (baselines found: c1, c2, c3, new)"
expect_exit 2 "$BG" -C repo record HEAD --input "$CRIT" --harness go
one_line_error
contains "$WORK/err" "is a directory; harness go reads a file"
pass "criterion: a missing baseline or a directory given to another harness: exit 2, one line"

# bench-gate runs the Criterion suite itself: "harness": "criterion", its output in "results"
# (the saved baseline read is "new", the latest cargo bench); only benchmarks written by this run.
cat > crit.json <<JSON
{"harness": "criterion", "results": "$CRIT",
 "suite_command": ["cargo", "bench", "-q", "--bench", "work", "--", "--noplot"]}
JSON
expect_exit 0 "$BG" --config crit.json -C repo record
contains "$WORK/err" "running the criterion suite as configured"
contains "$WORK/err" "(3 benchmarks)"
git -C repo notes --ref=bench-gate show HEAD | python3 -c 'import json,sys
runs = json.load(sys.stdin)["runs"]
assert len(runs) == 2 and runs[1]["environment"]["context"]["criterion_baseline"] == "new", runs[1]["environment"]
assert runs[1]["source"].startswith("run:cargo bench"), runs[1]["source"]' ||
  fail "the configured Criterion suite was not recorded as a second run"
printf '{"harness": "criterion", "suite_command": ["true"]}\n' > nores.json
expect_exit 2 "$BG" --config nores.json -C repo record
one_line_error
contains "$WORK/err" "harness criterion: set \"results\""
printf '{"harness": "criterion", "results": "%s", "suite_command": ["true"]}\n' "$CRIT" > stale.json
sleep 1  # the baselines under $CRIT are now clearly older than the next run
expect_exit 4 "$BG" --config stale.json -C repo record
contains "$WORK/err" "no Criterion baseline 'new' written by this run"
pass "criterion: a configured Criterion suite is run and recorded by record; no results, stale results: exit 2, 4"
