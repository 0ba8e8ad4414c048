#!/usr/bin/env bash
# Instruction mode end to end: a Google Benchmark suite built now (g++ -lbenchmark) is counted
# under callgrind; counts are identical across processes; 2 % more work is a regression under a
# 1 % tier, an unchanged commit passes; no valgrind is one line and exit 2.
source "$(dirname "$0")/lib.sh"
command -v valgrind > /dev/null || fail "valgrind is not installed (ci/setup.sh installs it)"
cd "$WORK"
new_repo repo
cd repo
cat > bench.cpp <<'EOF'
#include <benchmark/benchmark.h>
#include "params.h"
static void BM_compute(benchmark::State& state) {
  const long n = state.range(0) * WORK_PERCENT / 100;  // the same loop code, more iterations
  for (auto _ : state) {
    unsigned long x = 1;
    for (long i = 0; i < n; ++i) benchmark::DoNotOptimize(x = x * 31 + i);
  }
}
BENCHMARK(BM_compute)->Arg(2000)->Arg(20000);
static void BM_hashmix(benchmark::State& state) {
  for (auto _ : state) {
    unsigned long h = 1469598103934665603ul;
    for (int i = 0; i < 5000; ++i) benchmark::DoNotOptimize(h = (h ^ i) * 1099511628211ul);
  }
}
BENCHMARK(BM_hashmix);
static void BM_fails(benchmark::State& state) { state.SkipWithError("never measured"); }
BENCHMARK(BM_fails);
BENCHMARK_MAIN();
EOF
printf '#define WORK_PERCENT 100\n' > params.h
printf 'bench\n' > .gitignore
build() { g++ -O2 bench.cpp -lbenchmark -lpthread -o bench; }
cat > bench-gate.json <<'EOF'
{"suite_command": ["./bench", "--benchmark_filter=BM_compute|BM_hashmix"], "metric": "instructions",
 "tiers": {"tight": {"threshold_percent": 1, "action": "fail"}}, "default_tier": "tight"}
EOF
git add . && git commit -qm "suite"
build

# Counts identical across 3 separate processes.
for i in 1 2 3; do "$BENCH_GATE" -q run --output "$WORK/run$i.json"; done
python3 - "$WORK"/run{1,2,3}.json <<'EOF' || fail "counts differ between processes"
import json, sys
runs = [{b["name"]: b for b in json.load(open(p))["benchmarks"]} for p in sys.argv[1:]]
assert sorted(runs[0]) == ["BM_compute/2000", "BM_compute/20000", "BM_hashmix"], sorted(runs[0])
for name, b in runs[0].items():
    assert b["real_time_ns"] == [] and len(b["instructions"]) == 1, b
    counts = [r[name]["instructions"][0] for r in runs]
    assert counts[0] > 1000 and len(set(counts)) == 1, (name, counts)
    print(name, counts)
EOF
pass "counts identical across 3 processes"

"$BENCH_GATE" record
git notes --ref=refs/notes/bench-gate show HEAD | grep -q '"instructions":\[' || fail "no instructions in the note"
"$BENCH_GATE" show > "$WORK/show.txt"
contains "$WORK/show.txt" "BM_hashmix"
grep -qE "BM_hashmix +[0-9]+ instructions" "$WORK/show.txt" || fail "show does not print counts"

# An unchanged commit passes.
git checkout -qb same
commit . "docs only"
"$BENCH_GATE" record
expect_exit 0 "$BENCH_GATE" compare main HEAD --json "$WORK/same.json"
python3 - "$WORK/same.json" <<'EOF' || fail "unchanged commit"
import json, sys
c = json.load(open(sys.argv[1]))
for b in c["benchmarks"]:
    assert b["verdict"] == "unchanged" and b["change"] == 0 and b["unit"] == "instructions", b
assert "Metric instructions" in c["rule"] and "0.1 %" in c["rule"], c["rule"]
EOF
pass "unchanged commit passes a 1 % tier"

# 2 % more work in BM_compute: a regression under the 1 % tier; BM_hashmix unchanged.
git checkout -q main && git checkout -qb more
printf '#define WORK_PERCENT 102\n' > params.h
git commit -qam "BM_compute: 2 % more work"
build
"$BENCH_GATE" record
expect_exit 1 "$BENCH_GATE" compare main HEAD --json "$WORK/more.json"
contains "$WORK/out" "regression"
python3 - "$WORK/more.json" <<'EOF' || fail "2 % more work"
import json, sys
rows = {b["name"]: b for b in json.load(open(sys.argv[1]))["benchmarks"]}
for n in ("BM_compute/2000", "BM_compute/20000"):
    assert rows[n]["verdict"] == "regression", rows[n]
    assert 0.012 < rows[n]["change"] < 0.03, rows[n]["change"]
    print(n, round(rows[n]["change"] * 100, 2), "%")
assert rows["BM_hashmix"]["verdict"] == "unchanged", rows["BM_hashmix"]
EOF
pass "2 % more work caught under a 1 % tier"

# A benchmark that errors has no loop: reported as an error, never given another's count.
expect_exit 4 "$BENCH_GATE" -q run --output "$WORK/fails.json" -- ./bench
python3 - "$WORK/fails.json" <<'EOF' || fail "erroring benchmark"
import json, sys
rows = {b["name"]: b for b in json.load(open(sys.argv[1]))["benchmarks"]}
assert rows["BM_fails"]["error"] == "never measured" and "instructions" not in rows["BM_fails"]
assert rows["BM_hashmix"]["instructions"][0] > 1000
EOF
pass "an erroring benchmark keeps no count"

# No valgrind: one line, exit 2. Paired mode does not take instructions: exit 2.
expect_exit 2 env PATH=/nonexistent "$BENCH_GATE" run --metric instructions -- "$PWD/bench"
one_line_error
contains "$WORK/err" "valgrind, which is not installed"
expect_exit 2 "$BENCH_GATE" compare main HEAD --paired
one_line_error
contains "$WORK/err" "--paired measures time"
pass "no valgrind / paired: one line, exit 2"
