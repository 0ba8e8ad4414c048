#!/usr/bin/env bash
# Verdict quality of bench-gate's decision rule, measured on a synthetic suite with known,
# injected slowdowns, side by side with Google Benchmark's compare.py (U-test + threshold).
# See tests/quality/README.md. Every command runs by argv; nothing is eval'ed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=$(cd "$here/../.." && pwd)

rounds=8
repetitions=5
history=3
history_runs=10
tiers=thirds
metric=cpu_time
sizes=5,7.5,10,15,20
build_dir="$source_dir/build"
bench_gate=""
suite=""
compare_py=/usr/share/benchmark/compare.py
python=/usr/bin/python3
workdir=""
keep=0
output=""
min_time=""
reuse=""
confirm=0

usage() {
  cat <<'EOF'
usage: tests/quality/run.sh [options]
  --rounds N          rounds; each runs the suite 3 times: base, A/A head, A/B head (default 8)
  --repetitions N     --benchmark_repetitions per run (default 5)
  --history N         warm-up A/A runs recorded on earlier commits before round 1 (default 3)
  --history-runs N    bench-gate.json history_runs (default 10)
  --tiers MODE        thirds (1/3 critical, standard, background) | critical | standard | background
  --metric M          cpu_time (default; as this project's own gate) | real_time (bench-gate's default)
  --sizes LIST        injected slowdowns in percent (default 5,7.5,10,15,20)
  --min-time S        --benchmark_min_time for the suite (default: the suite's own, 0.04)
  --build-dir DIR     where bench-gate and bench-quality-synthetic were built (default ./build)
  --bench-gate PATH   the bench-gate binary (default DIR/harness/bench-gate)
  --suite PATH        the synthetic suite (default DIR/benches/bench-quality-synthetic)
  --compare-py PATH   Google Benchmark's compare.py (default /usr/share/benchmark/compare.py)
  --workdir DIR       keep every file (runs, comparisons, the git repo) in DIR
  --output FILE       also write the Markdown tables to FILE
  --confirm           compare with --confirm: a failing-tier regression is re-measured by one more
                      HEAD run (bench-gate runs the suite; HEAD is checked out) before it fails
  --reuse-runs DIR    take the suite runs (and plans) from an earlier --workdir DIR instead of
                      running the suite: re-judges the same measurements with another bench-gate
                      binary or config (rounds/history come from DIR)
EOF
}

die() { echo "quality: $*" >&2; exit 2; }
need_int() { [[ $2 =~ ^[0-9]+$ ]] || die "$1 needs a whole number, got '$2'"; }

while (($#)); do
  case $1 in
    --rounds) need_int "$1" "${2-}"; rounds=$2; shift 2 ;;
    --repetitions) need_int "$1" "${2-}"; repetitions=$2; shift 2 ;;
    --history) need_int "$1" "${2-}"; history=$2; shift 2 ;;
    --history-runs) need_int "$1" "${2-}"; history_runs=$2; shift 2 ;;
    --tiers) tiers=${2-}; shift 2 ;;
    --metric) metric=${2-}; shift 2 ;;
    --sizes) sizes=${2-}; shift 2 ;;
    --min-time) min_time=${2-}; shift 2 ;;
    --build-dir) build_dir=${2-}; shift 2 ;;
    --bench-gate) bench_gate=${2-}; shift 2 ;;
    --suite) suite=${2-}; shift 2 ;;
    --compare-py) compare_py=${2-}; shift 2 ;;
    --workdir) workdir=${2-}; keep=1; shift 2 ;;
    --output) output=${2-}; shift 2 ;;
    --reuse-runs) reuse=${2-}; shift 2 ;;
    --confirm) confirm=1; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
done

case $tiers in thirds | critical | standard | background) ;; *) die "--tiers: '$tiers'" ;; esac
case $metric in real_time | cpu_time) ;; *) die "--metric: '$metric'" ;; esac
[[ $sizes =~ ^[0-9]+(\.[0-9]+)?(,[0-9]+(\.[0-9]+)?)*$ ]] || die "--sizes: '$sizes'"
[[ -z $min_time || $min_time =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "--min-time: '$min_time'"
((rounds >= 1 && repetitions >= 2)) || die "need --rounds >= 1 and --repetitions >= 2"
bench_gate=${bench_gate:-$build_dir/harness/bench-gate}
suite=${suite:-$build_dir/benches/bench-quality-synthetic}
[[ -x $bench_gate ]] || die "no bench-gate binary at $bench_gate (build it, or pass --bench-gate)"
if [[ -n $reuse ]] && ((confirm)); then
  die "--confirm runs the suite; it cannot be combined with --reuse-runs"
fi
if [[ -n $reuse ]]; then
  [[ -f $reuse/meta.json && -f $reuse/names.txt ]] || die "--reuse-runs $reuse: not a finished --workdir"
  reuse=$(realpath "$reuse")
  rounds=$(find "$reuse" -maxdepth 1 -name 'round-*' -type d | wc -l)
  history=$(find "$reuse" -maxdepth 1 -name 'history-*.gb.json' | wc -l)
  read -r repetitions sizes < <("$python" -c 'import json, sys; m = json.load(open(sys.argv[1]))
print(m["repetitions"], ",".join(f"{s:g}" for s in m["sizes"]))' "$reuse/meta.json")
  ((rounds >= 1)) || die "--reuse-runs $reuse: no rounds"
else
  [[ -x $suite ]] || die "no synthetic suite at $suite (build target bench-quality-synthetic)"
fi
[[ -f $compare_py ]] || die "no compare.py at $compare_py (apt-get install libbenchmark-tools)"
"$python" -c 'import scipy' 2>/dev/null || die "$python lacks scipy (apt-get install python3-scipy)"
bench_gate=$(realpath "$bench_gate")
[[ -n $reuse ]] || suite=$(realpath "$suite")

if [[ -z $workdir ]]; then
  workdir=$(mktemp -d "${TMPDIR:-/tmp}/bench-gate-quality.XXXXXX")
else
  mkdir -p "$workdir"
  [[ -z $(ls -A "$workdir") ]] || die "--workdir $workdir is not empty"
fi
workdir=$(realpath "$workdir")
if ((!keep)); then trap 'rm -rf "$workdir"' EXIT; fi

q() { "$python" "$here/quality.py" "$@"; }
now() { date +%s.%N; }
elapsed() { "$python" -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.3f}")' "$1" "$2"; }
load_avg() { cut -d' ' -f1-3 /proc/loadavg; }

start=$(now)
load_start=$(load_avg)

# A throw-away repository with its own identity; nothing of the caller's git config leaks in.
repo="$workdir/repo"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME=quality GIT_AUTHOR_EMAIL=quality@example.invalid
export GIT_COMMITTER_NAME=quality GIT_COMMITTER_EMAIL=quality@example.invalid
git init -q -b main "$repo"
git -C "$repo" config user.name quality
git -C "$repo" config user.email quality@example.invalid

if [[ -n $reuse ]]; then
  cp "$reuse/names.txt" "$workdir/names.txt"
else
  "$suite" --benchmark_list_tests=true >"$workdir/names.txt"
fi
nbench=$(wc -l <"$workdir/names.txt")
q config "$workdir/names.txt" "$tiers" "$metric" "$history_runs" >"$workdir/bench-gate.json"
confirm_args=()
if ((confirm)); then
  # bench-gate runs the suite itself for --confirm: give it the command and the repetitions.
  suite_cmd=("$suite")
  if [[ -n $min_time ]]; then suite_cmd+=(--benchmark_min_time="$min_time"); fi
  "$python" -c 'import json, sys
c = json.load(open(sys.argv[1]))
c["repetitions"] = int(sys.argv[2])
c["suite_command"] = sys.argv[3:]
json.dump(c, open(sys.argv[1], "w"), indent=2)' "$workdir/bench-gate.json" "$repetitions" "${suite_cmd[@]}"
  confirm_args=(--confirm)
fi
bg=("$bench_gate" -q -C "$repo" --config "$workdir/bench-gate.json")

# main_commit MESSAGE: one more (empty) commit on main; prints its id.
main_commit() {
  git -C "$repo" commit -q --allow-empty -m "$1"
  git -C "$repo" rev-parse HEAD
}
# side_commit PARENT MESSAGE: a commit on a side branch off PARENT (the pull request); prints its id.
side_commit() {
  git -C "$repo" commit-tree "$PARENT_TREE" -p "$1" -m "$2"
}

# run_suite OUT SLOWDOWN: one process of the suite (its console output goes to OUT.log); appends
# its wall time to suite_times. With --reuse-runs, copies the earlier run of the same name instead.
run_suite() {
  local out=$1 slowdown=$2 t0 t1
  if [[ -n $reuse ]]; then
    cp "$reuse/${out#"$workdir"/}" "$out"
    return
  fi
  local args=(--benchmark_repetitions="$repetitions" --benchmark_enable_random_interleaving=true
    --benchmark_out="$out" --benchmark_out_format=json)
  if [[ -n $min_time ]]; then args+=(--benchmark_min_time="$min_time"); fi
  t0=$(now)
  local rc=0
  if [[ -n $slowdown ]]; then
    env QUALITY_SLOWDOWN="$slowdown" "$suite" "${args[@]}" >"$out.log" 2>&1 || rc=$?
  else
    env -u QUALITY_SLOWDOWN "$suite" "${args[@]}" >"$out.log" 2>&1 || rc=$?
  fi
  if ((rc != 0)); then
    cat "$out.log" >&2
    die "the suite exited $rc ($out)"
  fi
  t1=$(now)
  suite_times+=("$(elapsed "$t0" "$t1")")
}

json_list() {
  local IFS=,
  echo "[$*]"
}

echo "quality: $rounds rounds x 3 suite runs ($nbench benchmarks, $repetitions repetitions), $history history runs; work in $workdir" >&2
git -C "$repo" commit -q --allow-empty -m "root"
PARENT_TREE=$(git -C "$repo" rev-parse 'HEAD^{tree}')

# Warm-up history: earlier commits on main with plain (A) runs.
suite_times=()
for ((h = 1; h <= history; h++)); do
  c=$(main_commit "history $h")
  run_suite "$workdir/history-$h.gb.json" ""
  "${bg[@]}" record "$c" --input "$workdir/history-$h.gb.json"
done

for ((r = 1; r <= rounds; r++)); do
  rdir=$(printf '%s/round-%03d' "$workdir" "$r")
  mkdir -p "$rdir"
  suite_times=()
  if [[ -n $reuse ]]; then
    # The injections are those of the earlier run; the tiers are this run's.
    q replan "$reuse/${rdir#"$workdir"/}/plan.json" "$workdir/names.txt" "$tiers" >"$rdir/plan.json"
  else
    q plan "$workdir/names.txt" "$tiers" "$r" "$sizes" >"$rdir/plan.json"
  fi
  slowdown=$(q slowdown "$rdir/plan.json")
  base=$(main_commit "base $r")
  aa=$(side_commit "$base" "head A/A $r")
  ab=$(side_commit "$base" "head A/B $r")
  # Three separate processes, in an order that rotates with the round (drift hits every side).
  case $((r % 3)) in
    0) order=(base aa ab) ;;
    1) order=(aa ab base) ;;
    2) order=(ab base aa) ;;
  esac
  for side in "${order[@]}"; do
    case $side in
      base) run_suite "$rdir/base.gb.json" "" ;;
      aa) run_suite "$rdir/aa.gb.json" "" ;;
      ab) run_suite "$rdir/ab.gb.json" "$slowdown" ;;
    esac
  done
  "${bg[@]}" record "$base" --input "$rdir/base.gb.json"
  "${bg[@]}" record "$aa" --input "$rdir/aa.gb.json"
  "${bg[@]}" record "$ab" --input "$rdir/ab.gb.json"
  bg_times=()
  cp_times=()
  for kind in aa ab; do
    head=$aa
    if [[ $kind == ab ]]; then head=$ab; fi
    t0=$(now)
    rc=0
    if ((confirm)); then
      # --confirm re-measures HEAD, so HEAD must be checked out; the slowdown travels in the env.
      git -C "$repo" checkout -q --detach "$head"
      head_env=(env -u QUALITY_SLOWDOWN)
      if [[ $kind == ab && -n $slowdown ]]; then head_env=(env QUALITY_SLOWDOWN="$slowdown"); fi
      "${head_env[@]}" "${bg[@]}" compare "$base" "$head" --no-run "${confirm_args[@]}" \
        --json "$rdir/$kind.bg.json" --format none || rc=$?
      git -C "$repo" checkout -q main
    else
      "${bg[@]}" compare "$base" "$head" --no-run --json "$rdir/$kind.bg.json" --format none || rc=$?
    fi
    t1=$(now)
    ((rc == 0 || rc == 1)) || die "bench-gate compare exited $rc (round $r, $kind)"
    echo "$rc" >"$rdir/$kind.bg.rc"
    bg_times+=("$(elapsed "$t0" "$t1")")
    t0=$(now)
    "$python" "$compare_py" --no-color -d "$rdir/$kind.cp.dump.json" benchmarks \
      "$rdir/base.gb.json" "$rdir/$kind.gb.json" >"$rdir/$kind.cp.txt"
    t1=$(now)
    cp_times+=("$(elapsed "$t0" "$t1")")
    q cpverdicts "$rdir/plan.json" "$rdir/$kind.cp.dump.json" "$metric" 0.05 >"$rdir/$kind.cp.json"
  done
  printf '{"suite": %s, "bench-gate": %s, "compare.py": %s}\n' "$(json_list "${suite_times[@]}")" \
    "$(json_list "${bg_times[@]}")" "$(json_list "${cp_times[@]}")" >"$rdir/times.json"
  echo "quality: round $r/$rounds done ($(elapsed "$start" "$(now)") s; A/A gate exit $(cat "$rdir/aa.bg.rc"), A/B gate exit $(cat "$rdir/ab.bg.rc"))" >&2
done

wall=$(elapsed "$start" "$(now)")
"$python" -c 'import json, sys
keys = ["metric", "repetitions", "history", "tiers", "benchmarks", "sizes", "load_start", "load_end",
        "wall_seconds", "reused_from", "bench_gate", "confirm"]
m = dict(zip(keys, sys.argv[1:]))
for k in ("repetitions", "history", "benchmarks"):
    m[k] = int(m[k])
m["sizes"] = [float(x) for x in m["sizes"].split(",")]
m["wall_seconds"] = round(float(m["wall_seconds"]))
json.dump(m, sys.stdout)' "$metric" "$repetitions" "$history" "$tiers" "$nbench" "$sizes" "$load_start" \
  "$(load_avg)" "$wall" "$reuse" "$bench_gate" "$confirm" >"$workdir/meta.json"
q tabulate "$workdir" >"$workdir/results.md"
if [[ -n $output ]]; then cp "$workdir/results.md" "$output"; fi
cat "$workdir/results.md"
