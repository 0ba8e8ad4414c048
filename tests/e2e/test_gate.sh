#!/usr/bin/env bash
# The gate end to end: record two commits from JSON, compare them; merge-base and ancestor walk;
# exit codes 0/1/2/3 with one-line messages.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
new_repo repo
cat > repo/bench-gate.json <<'JSON'
{"rules": [{"pattern": "crypto/*", "tier": "critical"}, {"pattern": "bg/*", "tier": "background"}]}
JSON
(cd repo && git add bench-gate.json && git commit -qm "config")
base_specs="crypto/seal/1MiB=250000@0.01 crypto/open/1MiB=240000@0.01 hash/sha256/1MiB=500000@0.01 bg/slow=1000@0.01"
gbench_json base.json 1 10 $base_specs
gbench_json base2.json 2 10 $base_specs
gbench_json head.json 3 10 "crypto/seal/1MiB=287500@0.01 crypto/open/1MiB=240000@0.01 hash/sha256/1MiB=500000@0.01 bg/slow=1000@0.01"
gbench_json same.json 4 10 $base_specs

cd repo
"$BENCH_GATE" record HEAD --input ../base.json
"$BENCH_GATE" record HEAD --input ../base2.json
base=$(git rev-parse HEAD)
git checkout -qb feature
commit . "feature work"
"$BENCH_GATE" record HEAD --input ../head.json

# A known 15 % slowdown in a critical benchmark → exit 1, named as a regression.
expect_exit 1 "$BENCH_GATE" compare main HEAD --json "$WORK/cmp.json"
contains "$WORK/out" "crypto/seal/1MiB"
contains "$WORK/out" "regression"
contains "$WORK/cmp.json" '"verdict": "regression"'
grep -A3 '"name": "crypto/seal/1MiB"' "$WORK/cmp.json" > /dev/null
pass "15 % slowdown in a critical benchmark fails the gate"

# The same commit against itself → exit 0, no regression.
expect_exit 0 "$BENCH_GATE" compare main main
lacks "$WORK/out" "| regression"
pass "a commit against itself passes"

# Re-render the saved comparison.
expect_exit 0 "$BENCH_GATE" report --input "$WORK/cmp.json" --template nightly
contains "$WORK/out" "crypto/seal/1MiB"
pass "report re-renders a saved comparison"

# Merge-base without a run, an older ancestor with one → the report names that ancestor.
git checkout -q main
commit . "main moves on 1"
commit . "main moves on 2"
git checkout -q feature
git merge -q --no-edit main
git checkout -qb feature2 main
commit . "feature2 work"
"$BENCH_GATE" record HEAD --input ../same.json
expect_exit 0 "$BENCH_GATE" compare main HEAD
short=$(git rev-parse --short=10 "$base")
contains "$WORK/out" "$short"
pass "baseline walks back to the nearest ancestor with a run ($short)"

# --exact with no run on main's tip → no baseline (3), one line.
expect_exit 3 "$BENCH_GATE" compare main HEAD --exact --no-run
one_line_error
contains "$WORK/err" "record"
pass "no stored baseline exits 3 with how to record one"

# Unknown revision → 2, one line naming it.
expect_exit 2 "$BENCH_GATE" compare no-such-branch HEAD
one_line_error
contains "$WORK/err" "no-such-branch"
pass "unknown revision exits 2 naming it"

# Malformed JSON → 2, one line naming the file; the notes ref is unchanged.
before=$(git rev-parse refs/notes/bench-gate)
printf '{"context": {}, "benchmarks": [{"name": "x", "real_' > ../broken.json
expect_exit 2 "$BENCH_GATE" record HEAD --input ../broken.json
one_line_error
contains "$WORK/err" "broken.json"
[[ $(git rev-parse refs/notes/bench-gate) == "$before" ]] || fail "notes ref moved on bad input"
pass "malformed JSON exits 2 naming the file; nothing stored"

# Runs are appended, never overwritten.
"$BENCH_GATE" record HEAD --input ../same.json
runs=$("$BENCH_GATE" show HEAD --json | grep -c '"run_id"')
[[ $runs == 2 ]] || fail "expected 2 runs on HEAD, got $runs"
pass "record appends runs"

# log prints every benchmark with a sparkline.
expect_exit 0 "$BENCH_GATE" log main --limit 10
contains "$WORK/out" "crypto/seal/1MiB"
pass "log shows the history"
