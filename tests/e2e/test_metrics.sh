#!/usr/bin/env bash
# Counters and budgets end to end (issue 12 items 2-4), on a Google Benchmark suite built now
# (g++ -lbenchmark) whose times are manual (SetIterationTime), so the figures are exact:
#  - bytes_per_second falling 20 % (same time, fewer bytes) is a regression of its counter row;
#  - a user counter with "direction": "smaller" growing 30 % is a regression;
#  - a "max" budget broken by 30 % fails (exit 1), also for a benchmark new in head (no base);
#  - a budget within the noise is inconclusive (exit 0), a budget well above passes;
#  - the report and the JSON carry the overall geometric-mean change, throughput and budgets.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
new_repo repo
cd repo
cat > bench.cpp <<'EOF'
#include <benchmark/benchmark.h>
#include "params.h"
static int repetition = 0;
// Manual time: exactly FRAME_NS per iteration, +0.2 % per repetition (mod 5) as within-run spread.
static double jittered(double ns) { return ns * 1e-9 * (1 + 0.002 * (repetition % 5)); }
static void BM_decode(benchmark::State& state) {
  for (auto _ : state) state.SetIterationTime(jittered(FRAME_NS));
  state.SetBytesProcessed(state.iterations() * FRAME_BYTES);
  state.counters["peak_kb"] = PEAK_KB;
  ++repetition;
}
BENCHMARK(BM_decode)->Name("frames/decode")->UseManualTime();
static void BM_parse(benchmark::State& state) {
  for (auto _ : state) state.SetIterationTime(jittered(2000));
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_parse)->Name("text/parse")->UseManualTime();
#if WITH_SCAN
static void BM_scan(benchmark::State& state) {
  for (auto _ : state) state.SetIterationTime(jittered(SCAN_NS));
}
BENCHMARK(BM_scan)->Name("scan/100KB")->UseManualTime();
#endif
BENCHMARK_MAIN();
EOF
params() { printf '#define FRAME_NS 1000\n#define FRAME_BYTES %s\n#define PEAK_KB %s\n#define WITH_SCAN %s\n#define SCAN_NS 1300\n' "$@" > params.h; }
build() { g++ -O2 bench.cpp -lbenchmark -lpthread -o bench; }
params 1000000 100 0
printf 'bench\n' > .gitignore
cat > bench-gate.json <<'EOF'
{"suite_command": ["./bench", "--benchmark_min_time=0.01"], "repetitions": 10,
 "rules": [{"pattern": "text/*", "tier": "background"}]}
EOF
git add . && git commit -qm "suite"
build
"$BENCH_GATE" -q record

# Head: frames/decode processes 20 % fewer bytes in the same time, its peak_kb grows 30 %, and
# scan/100KB is new (1.3 us per iteration).
git checkout -qb head
params 800000 130 1
git commit -qam "fewer bytes per frame, more memory, a new scan benchmark"
build
"$BENCH_GATE" -q record

# gate NAME EXPECTED_EXIT CONFIG_JSON: compare main HEAD (stored runs) under CONFIG_JSON.
gate() {
  local name=$1 expected=$2
  printf '%s\n' "$3" > "$WORK/$name.config.json"
  expect_exit "$expected" "$BENCH_GATE" -q --config "$WORK/$name.config.json" compare main HEAD \
    --no-run --json "$WORK/$name.json" -o "$WORK/$name.md"
}
# row FILE NAME FIELD...: print fields of one benchmark row of a comparison JSON.
row() {
  python3 - "$@" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
rows = [b for b in c["benchmarks"] if b["name"] == sys.argv[2]]
assert len(rows) == 1, (sys.argv[2], [b["name"] for b in c["benchmarks"]])
print(" ".join(json.dumps(rows[0][f]) if not isinstance(rows[0][f], str) else rows[0][f] for f in sys.argv[3:]))
EOF
}

# 1. bytes_per_second is bigger-is-better: a 20 % fall is a regression, shown as -20 %.
gate counter 1 '{"rules": [{"pattern": "frames/*", "counter": "bytes_per_second", "tier": "critical"}]}'
read -r verdict change direction unit tier <<< "$(row "$WORK/counter.json" "frames/decode/manual_time [bytes_per_second]" verdict change direction unit tier)"
[[ $verdict == regression && $direction == bigger && $unit == B/s && $tier == critical ]] || fail "counter row: $verdict $direction $unit"
python3 -c "import sys; c = float(sys.argv[1]); assert abs(c + 0.2) < 0.002, c" "$change" || fail "change $change is not -20 %"
[[ $(row "$WORK/counter.json" "frames/decode/manual_time" verdict) == unchanged ]] || fail "the time row must be unchanged"
[[ $(row "$WORK/counter.json" "scan/100KB/manual_time" verdict) == new ]] || fail "scan/100KB must be new"
contains "$WORK/counter.md" 'frames/decode/manual\_time \[bytes\_per\_second\]'
contains "$WORK/counter.md" "-20.0 %"  # number and unit joined by U+00A0 in report cells
contains "$WORK/counter.md" "GiB/s"       # throughput shown beside the time
contains "$WORK/counter.md" "**Overall:**"
pass "bytes_per_second falling 20 % is a regression (-20.0 %), time unchanged"

# 2. A user counter needs a direction; smaller-is-better growing 30 % regresses its own tier.
gate user_counter_no_direction 2 '{"rules": [{"pattern": "frames/*", "counter": "peak_kb"}]}'
gate user_counter 1 '{"rules": [{"pattern": "frames/*", "counter": "peak_kb", "direction": "smaller",
  "threshold_percent": 10}]}'
[[ $(row "$WORK/user_counter.json" "frames/decode/manual_time [peak_kb]" verdict) == regression ]] || fail "peak_kb +30 % must regress"
pass "a user counter with direction smaller: +30 % is a regression; without a direction, exit 2"

# 3. Budgets on the new benchmark (no base): broken by 30 % fails; within the noise inconclusive.
gate budget_broken 1 '{"rules": [{"pattern": "scan/*", "max": "1us"}]}'
read -r verdict budget <<< "$(row "$WORK/budget_broken.json" "scan/100KB/manual_time" verdict budget)"
[[ $verdict == regression ]] || fail "budget broken by 30 %: verdict $verdict"
python3 - "$WORK/budget_broken.json" <<'EOF' || fail "budget fields"
import json, sys
b = [b for b in json.load(open(sys.argv[1]))["benchmarks"] if b["name"] == "scan/100KB/manual_time"][0]["budget"]
assert b["kind"] == "max" and b["value"] == 1000 and b["verdict"] == "broken", b
assert 1000 < b["head_low"] < 1300 < b["head_high"], b
EOF
contains "$WORK/budget_broken.md" "### Budgets (1)"
contains "$WORK/budget_broken.md" "❌ broken"
expect_exit 1 "$BENCH_GATE" -q --config "$WORK/budget_broken.config.json" compare main HEAD --no-run --format github
contains "$WORK/out" "::error title=bench-gate%3A regression::scan/100KB/manual_time: budget max 1us broken"
pass "a max budget broken by 30 % fails a new benchmark (exit 1)"

gate budget_noise 0 '{"rules": [{"pattern": "scan/*", "max": "1.3us"}]}'
[[ $(row "$WORK/budget_noise.json" "scan/100KB/manual_time" verdict) == inconclusive ]] || fail "budget within noise must be inconclusive"
contains "$WORK/budget_noise.md" "straddles"
gate budget_ok 0 '{"rules": [{"pattern": "scan/*", "max": "2us"}]}'
[[ $(row "$WORK/budget_ok.json" "scan/100KB/manual_time" verdict) == new ]] || fail "a budget kept leaves the row new"
contains "$WORK/budget_ok.md" "✅ within"
pass "a budget within the noise is inconclusive (exit 0); one well above passes"

# 4. A min budget on a throughput counter: 0.8 MB per us = 745 GiB/s, under a 900 GiB/s minimum.
gate budget_min 0 '{"rules": [{"pattern": "frames/*", "counter": "bytes_per_second", "tier": "background", "min": "900GiB/s"}]}'
[[ $(row "$WORK/budget_min.json" "frames/decode/manual_time [bytes_per_second]" verdict action) == "regression warn" ]] || fail "warn tier: regression, warn"
gate budget_min_fail 1 '{"rules": [{"pattern": "frames/*", "counter": "bytes_per_second", "min": "900GiB/s", "tier": "critical"}]}'
pass "a min throughput budget broken: a warning in a warn tier (exit 0), fails a fail tier (exit 1)"

# 5. Bad budgets: one line naming the rule and the field, exit 2.
printf '{"rules": [{"pattern": "scan/*", "max": "5 parsecs"}]}\n' > "$WORK/bad.json"
expect_exit 2 "$BENCH_GATE" -q --config "$WORK/bad.json" compare main HEAD --no-run
contains "$WORK/err" "rules[0].max"
[[ $(wc -l < "$WORK/err") -eq 1 ]] || fail "more than one line: $(cat "$WORK/err")"
pass "a budget that is not a time is one line naming rules[0].max, exit 2"
