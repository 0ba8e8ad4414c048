#!/usr/bin/env bash
# bench-gate end to end vs Google Benchmark's compare.py on the same two synthetic Google Benchmark
# 1.7.1 JSON files (default 10,000 benchmarks x 20 repetitions + aggregates, written by
# `bench-harness --emit-json`). Prints wall (real) and CPU (user+sys) seconds of each, the medians
# over RUNS runs, and the ratio compare.py / bench-gate.
#
#   (a) bench-gate: record base.json on main + record head.json on a branch, into a fresh temp
#       repository each run, then `compare main HEAD --format none --output report.md`.
#   (b) /usr/bin/python3 /usr/share/benchmark/compare.py --no-color benchmarks base.json head.json
#
# Environment: BUILD (build dir, default ./build), BENCH_GATE, BENCH_HARNESS (binaries, default
# under BUILD), BENCHMARKS (10000), REPS (20), RUNS (3, bench-gate), PY_RUNS (1, compare.py),
# PY_TIMEOUT (seconds per compare.py run, default 3600; a run that times out is reported as a lower
# bound), KEEP (set to keep the temp dir).
set -euo pipefail

BUILD=${BUILD:-build}
BENCH_GATE=${BENCH_GATE:-$BUILD/harness/bench-gate}
BENCH_HARNESS=${BENCH_HARNESS:-$BUILD/benches/bench-harness}
BENCHMARKS=${BENCHMARKS:-10000}
REPS=${REPS:-20}
RUNS=${RUNS:-3}
PY_RUNS=${PY_RUNS:-1}
PY_TIMEOUT=${PY_TIMEOUT:-3600}
COMPARE_PY=${COMPARE_PY:-/usr/share/benchmark/compare.py}
PYTHON=${PYTHON:-/usr/bin/python3}

for f in "$BENCH_GATE" "$BENCH_HARNESS"; do
  [[ -x $f ]] || { echo "vs_compare_py: not executable: $f (set BUILD or BENCH_GATE/BENCH_HARNESS)" >&2; exit 2; }
done
[[ -f $COMPARE_PY ]] || { echo "vs_compare_py: $COMPARE_PY missing (apt install libbenchmark-tools)" >&2; exit 2; }
BENCH_GATE=$(realpath "$BENCH_GATE")
BENCH_HARNESS=$(realpath "$BENCH_HARNESS")

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vs-compare-py.XXXXXX")
[[ -n ${KEEP:-} ]] || trap 'rm -rf "$WORK"' EXIT
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
export GIT_CONFIG_NOSYSTEM=1 HOME="$WORK/home"
mkdir -p "$HOME"
git config --global init.defaultBranch main

"$BENCH_HARNESS" --emit-json "$WORK" "$BENCHMARKS" "$REPS"
echo "inputs: ${BENCHMARKS} x ${REPS}: base.json $(du -m "$WORK/base.json" | cut -f1) MB," \
  "head.json $(du -m "$WORK/head.json" | cut -f1) MB"

# timed OUT CMD...: run CMD, append "real user sys" seconds to OUT; CMD's exit code is returned.
timed() {
  local out=$1
  shift
  local rc=0
  /usr/bin/time -f '%e %U %S' -o "$WORK/time.txt" "$@" || rc=$?
  tail -n 1 "$WORK/time.txt" >> "$out"
  return $rc
}

# median FILE COLUMN: median of a column of numbers (1 = real, 2 = user+sys).
median() {
  awk -v col="$2" '{ print (col == 1) ? $1 : $2 + $3 }' "$1" | sort -g |
    awk '{ v[NR] = $1 } END {
      if (NR == 0) { print "nan"; exit }
      if (NR % 2) printf "%.2f\n", v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# sum_rows FILE...: one "real user sys" line summing the last line of each file.
sum_rows() {
  for f in "$@"; do tail -n 1 "$f"; done | awk '{ r += $1; u += $2; s += $3 } END { printf "%.2f %.2f %.2f\n", r, u, s }'
}

: > "$WORK/bg_total.txt"
for ((i = 1; i <= RUNS; i++)); do
  repo="$WORK/repo$i"
  git init -q "$repo"
  (cd "$repo" && echo one > a.txt && git add a.txt && git commit -qm base &&
    git checkout -qb feature && echo two > b.txt && git add b.txt && git commit -qm head)
  : > "$WORK/rec_base.txt"; : > "$WORK/rec_head.txt"; : > "$WORK/cmp.txt"
  (cd "$repo" && timed "$WORK/rec_base.txt" "$BENCH_GATE" --quiet record main --input "$WORK/base.json")
  (cd "$repo" && timed "$WORK/rec_head.txt" "$BENCH_GATE" --quiet record HEAD --input "$WORK/head.json")
  rc=0
  (cd "$repo" && timed "$WORK/cmp.txt" "$BENCH_GATE" --quiet compare main HEAD --format none \
    --output "$WORK/report.md") || rc=$?
  [[ $rc == 0 || $rc == 1 ]] || { echo "vs_compare_py: bench-gate compare exited $rc" >&2; exit 1; }
  [[ -s $WORK/report.md ]] || { echo "vs_compare_py: empty report" >&2; exit 1; }
  sum_rows "$WORK/rec_base.txt" "$WORK/rec_head.txt" "$WORK/cmp.txt" >> "$WORK/bg_total.txt"
  printf 'bench-gate run %d: record base %s | record head %s | compare %s  (real user sys, s; exit %d)\n' \
    "$i" "$(cat "$WORK/rec_base.txt")" "$(cat "$WORK/rec_head.txt")" "$(cat "$WORK/cmp.txt")" "$rc"
done
echo "report.md: $(wc -c < "$WORK/report.md") chars"

: > "$WORK/py.txt"
py_lower_bound=""
for ((i = 1; i <= PY_RUNS; i++)); do
  rc=0
  timed "$WORK/py.txt" timeout "$PY_TIMEOUT" "$PYTHON" "$COMPARE_PY" --no-color benchmarks \
    "$WORK/base.json" "$WORK/head.json" > "$WORK/compare_py.txt" 2>&1 || rc=$?
  if [[ $rc == 124 ]]; then
    py_lower_bound=">= "
    echo "compare.py run $i: timed out after ${PY_TIMEOUT} s (a lower bound)"
  elif [[ $rc != 0 ]]; then
    echo "vs_compare_py: compare.py exited $rc:" >&2
    tail -n 5 "$WORK/compare_py.txt" >&2
    exit 1
  else
    echo "compare.py run $i: $(tail -n 1 "$WORK/py.txt") (real user sys, s); $(wc -l < "$WORK/compare_py.txt") lines"
  fi
done

bg_real=$(median "$WORK/bg_total.txt" 1)
bg_cpu=$(median "$WORK/bg_total.txt" 2)
py_real=$(median "$WORK/py.txt" 1)
py_cpu=$(median "$WORK/py.txt" 2)
echo
echo "inputs                         : ${BENCHMARKS} benchmarks x ${REPS} repetitions (+4 aggregates each)"
echo "bench-gate record x2 + compare : median real ${bg_real} s, cpu ${bg_cpu} s  (${RUNS} runs)"
echo "compare.py benchmarks          : median real ${py_lower_bound}${py_real} s, cpu ${py_lower_bound}${py_cpu} s  (${PY_RUNS} runs)"
if [[ $py_real != nan ]]; then
  awk -v pr="$py_real" -v pc="$py_cpu" -v br="$bg_real" -v bc="$bg_cpu" -v lb="$py_lower_bound" \
    'BEGIN { printf "ratio compare.py / bench-gate   : real %s%.1fx, cpu %s%.1fx\n", lb, pr / br, lb, pc / bc }'
fi
