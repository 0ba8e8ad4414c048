#!/usr/bin/env bash
# End to end: `compare --paired` builds the merge-base in a temporary worktree and runs base and
# head now, in alternating blocks, on a throw-away repository with a tiny Google Benchmark suite;
# `compare --confirm` re-measures a stored-mode regression before failing.
source "$(dirname "$0")/lib.sh"
start=$SECONDS

REPO=$WORK/repo
mkdir -p "$REPO"
cd "$REPO"
git init -q .
cat > bench.cpp <<'EOF'
#include <benchmark/benchmark.h>
#include "params.h"

static void spin(benchmark::State& state, int n) {
  for (auto _ : state) {
    unsigned x = 1;
    for (int i = 0; i < n; ++i) {
      x = x * 1664525u + 1013904223u;
      benchmark::DoNotOptimize(x);
    }
  }
}
static void BM_work(benchmark::State& state) { spin(state, N_WORK); }
static void BM_other(benchmark::State& state) { spin(state, N_OTHER); }
BENCHMARK(BM_work);
BENCHMARK(BM_other);
BENCHMARK_MAIN();
EOF
printf '#define N_WORK 2000\n#define N_OTHER 2000\n' > params.h
printf 'set -e\ng++ -O2 bench.cpp -lbenchmark -lpthread -o bench\n' > build.sh
printf 'bench\n' > .gitignore
cat > bench-gate.json <<'EOF'
{"suite_command": ["./bench", "--benchmark_min_time=0.02"], "build_command": ["bash", "build.sh"], "metric": "cpu_time"}
EOF
git add . && git commit -qm "suite"

# A head 30 % slower in BM_work.
git checkout -qb slower
printf '#define N_WORK 2600\n#define N_OTHER 2000\n' > params.h
git commit -qam "BM_work: 30 % more iterations"
bash build.sh
t0=$SECONDS
expect_exit 1 "$BENCH_GATE" compare main HEAD --paired --json "$WORK/slower.json"
contains "$WORK/out" "BM\\_work"
contains "$WORK/out" "paired"
grep -q '"mode": "paired"' "$WORK/slower.json" || fail "mode is not paired"
python3 - "$WORK/slower.json" <<'EOF' || fail "verdicts of the slower head"
import json, sys
c = json.load(open(sys.argv[1]))
rows = {b["name"]: b for b in c["benchmarks"]}
assert rows["BM_work"]["verdict"] == "regression", rows["BM_work"]
assert 0.10 < rows["BM_work"]["change"] < 0.60, rows["BM_work"]["change"]
assert rows["BM_other"]["verdict"] != "regression", rows["BM_other"]
print("blocks:", rows["BM_work"]["base_runs"], "change:", round(rows["BM_work"]["change"], 3))
EOF
grep -o 'paired measurement: .*' "$WORK/err" || true
pass "30 % slower head fails the paired gate ($((SECONDS - t0)) s) (at $((SECONDS - start)) s)"
[[ $(git worktree list | wc -l) == 1 ]] || fail "temporary worktree left behind: $(git worktree list)"
pass "temporary worktree removed (at $((SECONDS - start)) s)"

# An unchanged head passes.
git checkout -q main
git checkout -qb unchanged
echo "docs" > README.md && git add README.md && git commit -qm "docs only"
bash build.sh
t0=$SECONDS
expect_exit 0 "$BENCH_GATE" compare main HEAD --paired
grep -o 'paired measurement: .*' "$WORK/err" || true
pass "unchanged head passes the paired gate ($((SECONDS - t0)) s) (at $((SECONDS - start)) s)"

# HEAD must be the checked-out commit.
expect_exit 2 "$BENCH_GATE" compare main slower --paired
one_line_error
contains "$WORK/err" "not the checked-out commit"
pass "paired refuses a head that is not checked out (at $((SECONDS - start)) s)"

# Without build_command: exit 2, one line.
echo '{"suite_command": ["./bench", "--benchmark_min_time=0.02"], "metric": "cpu_time"}' > "$WORK/no-build.json"
expect_exit 2 "$BENCH_GATE" --config "$WORK/no-build.json" compare main HEAD --paired
one_line_error
contains "$WORK/err" "build_command"
pass "paired without build_command exits 2 (at $((SECONDS - start)) s)"

# A suite outside the repository would run the same binary on both sides: exit 2.
echo '{"suite_command": ["/bin/true"], "build_command": ["true"]}' > "$WORK/abs.json"
expect_exit 2 "$BENCH_GATE" --config "$WORK/abs.json" compare main HEAD --paired
one_line_error
contains "$WORK/err" "same binary"
pass "paired refuses a suite outside the repository (at $((SECONDS - start)) s)"

# A baseline that does not build: exit 4, the worktree is still removed.
git checkout -q main
git checkout -qb broken-base-test
echo '{"suite_command": ["./bench"], "build_command": ["bash", "-c", "echo broken >&2; exit 3"]}' > "$WORK/bad-build.json"
expect_exit 4 "$BENCH_GATE" -q --config "$WORK/bad-build.json" compare main HEAD --paired
contains "$WORK/err" "broken"
[[ $(git worktree list | wc -l) == 1 ]] || fail "worktree left behind after a failed build"
pass "a failing baseline build exits 4 and cleans up (at $((SECONDS - start)) s)"

# Stored mode --confirm: a stored regression is re-measured (paired) before the gate fails. The
# head is 4x slower here so that stored mode (one run per side) flags it even on a loaded machine.
git checkout -q main
bash build.sh
"$BENCH_GATE" -q record -r 5
git checkout -qb much-slower
printf '#define N_WORK 8000\n#define N_OTHER 2000\n' > params.h
git commit -qam "BM_work: 4x the iterations"
bash build.sh
expect_exit 1 "$BENCH_GATE" compare main HEAD --confirm --json "$WORK/confirm.json"
contains "$WORK/out" "stored+confirmed"
contains "$WORK/confirm.json" "confirmed by re-measurement (paired"
grep -q '"mode": "stored+confirmed"' "$WORK/confirm.json" || fail "mode is not stored+confirmed"
pass "--confirm re-measures and confirms a real regression (at $((SECONDS - start)) s)"

# Without build_command, --confirm re-runs HEAD's suite for the suspects (one more HEAD run).
expect_exit 1 "$BENCH_GATE" --config "$WORK/no-build.json" compare main HEAD --confirm --json "$WORK/confirm2.json"
contains "$WORK/confirm2.json" "confirmed by re-measurement (one more HEAD run"
pass "--confirm without build_command re-runs HEAD (at $((SECONDS - start)) s)"

# Confirmation is automatic when compare ran HEAD's suite itself (HEAD has no stored run here);
# --no-confirm leaves the stored-mode verdict final; both flags at once are a usage error.
expect_exit 1 "$BENCH_GATE" compare main HEAD --json "$WORK/auto.json"
grep -q '"mode": "stored+confirmed"' "$WORK/auto.json" || fail "a compare that ran HEAD did not confirm"
expect_exit 1 "$BENCH_GATE" compare main HEAD --no-confirm --json "$WORK/noconf.json"
grep -q '"mode": "stored"' "$WORK/noconf.json" || fail "--no-confirm still confirmed"
expect_exit 2 "$BENCH_GATE" compare main HEAD --confirm --no-confirm
one_line_error
pass "compare confirms by default after running HEAD; --no-confirm does not (at $((SECONDS - start)) s)"

# With build_command and "confirm_inconclusive": true, confirmation also decides a failing tier's
# inconclusive rows by a paired re-measurement. A 90 % noise floor (no history here: one stored
# run on main) makes the stored verdict of the 4x head inconclusive; the paired blocks (base
# measured now) show the regression. Without the key (default false) it stays inconclusive.
python3 - "$WORK" <<'PY'
import json, sys
c = json.load(open("bench-gate.json"))
c["noise_floor_percent"] = 90
json.dump(c, open(sys.argv[1] + "/floor-off.json", "w"))
c["confirm_inconclusive"] = True
json.dump(c, open(sys.argv[1] + "/floor.json", "w"))
PY
expect_exit 1 "$BENCH_GATE" --config "$WORK/floor.json" compare main HEAD --json "$WORK/decided.json"
contains "$WORK/err" "inconclusive row(s), paired"
python3 - "$WORK/decided.json" <<'PY' || fail "the inconclusive row was not decided by paired confirmation"
import json, sys
rows = {b["name"]: b for b in json.load(open(sys.argv[1]))["benchmarks"]}
w = rows["BM_work"]
assert w["verdict"] == "regression", w
assert "stored runs were inconclusive" in w["noise_source"], w["noise_source"]
assert "decided by re-measurement (paired" in w["noise_source"], w["noise_source"]
PY
expect_exit 0 "$BENCH_GATE" --config "$WORK/floor-off.json" compare main HEAD --json "$WORK/undecided.json"
python3 - "$WORK/undecided.json" <<'PY' || fail "without confirm_inconclusive an inconclusive row was re-measured"
import json, sys
rows = {b["name"]: b for b in json.load(open(sys.argv[1]))["benchmarks"]}
assert rows["BM_work"]["verdict"] == "inconclusive", rows["BM_work"]
PY
pass "confirm_inconclusive: paired confirmation decides an inconclusive failing-tier row; by default it does not (at $((SECONDS - start)) s)"

# --processes: record stores one run per suite process, in one note update; compare's own HEAD
# run makes that many runs per side; both refuse what it cannot mean.
git checkout -q main
bash build.sh
expect_exit 0 "$BENCH_GATE" record --processes 3 -r 2
contains "$WORK/err" "suite process 3/3"
"$BENCH_GATE" show HEAD --json > "$WORK/show-p.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["runs"]) == 1 + 3, len(d["runs"])' \
  "$WORK/show-p.json" || fail "record --processes 3 did not add 3 runs"
git checkout -q much-slower
bash build.sh
expect_exit 1 "$BENCH_GATE" compare main HEAD --processes 2 -r 2 --no-confirm --json "$WORK/proc.json"
python3 - "$WORK/proc.json" <<'PY' || fail "compare --processes 2"
import json, sys
c = json.load(open(sys.argv[1]))
rows = {b["name"]: b for b in c["benchmarks"]}
assert rows["BM_work"]["head_runs"] == 2 and rows["BM_work"]["base_runs"] == 4, rows["BM_work"]
assert rows["BM_work"]["verdict"] == "regression", rows["BM_work"]
PY
expect_exit 2 "$BENCH_GATE" record --processes 2 --input "$WORK/show-p.json"
one_line_error
contains "$WORK/err" "--processes runs the suite"
expect_exit 2 "$BENCH_GATE" compare main HEAD --paired --processes 2
one_line_error
expect_exit 2 "$BENCH_GATE" record --processes 0
one_line_error
pass "--processes: 3 runs recorded at once, 2 head runs compared, misuse refused (at $((SECONDS - start)) s)"

# calibrate: table, JSON, and --record appends the runs to HEAD's note.
expect_exit 0 "$BENCH_GATE" calibrate --runs 3 -r 3 --json "$WORK/cal.json" --record
contains "$WORK/out" "strictest tier"
contains "$WORK/out" "BM_work"
python3 - "$WORK/cal.json" <<'PY' || fail "calibrate JSON"
import json, sys
c = json.load(open(sys.argv[1]))
names = {b["name"]: b for b in c["benchmarks"]}
assert set(names) == {"BM_work", "BM_other"}, names
for b in names.values():
    # "—": the noise measured here supports no tier's threshold (calibrate no longer calls that
    # "background": the strictest tier is the one with the smallest threshold the mde reaches)
    assert b["runs"] == 3 and b["tier"] in ("critical", "standard", "background", "—") and b["mde"] > 0, b
PY
"$BENCH_GATE" show HEAD --json > "$WORK/show.json"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["runs"]) == 3, len(d["runs"])' \
  "$WORK/show.json" || fail "calibrate --record did not store 3 runs"
pass "calibrate prints the table, writes JSON and records 3 runs (at $((SECONDS - start)) s)"

echo "test_paired: $((SECONDS - start)) s"
