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
confirm_paired=0
calibrate_runs=6
processes=1
paired=0
blocks=6
block_repetitions=""
time_budget=60
disturb=0
disturb_seed=1

usage() {
  cat <<'EOF'
usage: tests/quality/run.sh [options]
  --rounds N          rounds; each runs the suite 3 times: base, A/A head, A/B head (default 8)
  --repetitions N     --benchmark_repetitions per run (default 5)
  --history N         warm-up A/A runs recorded on earlier commits before round 1 (default 3)
  --history-runs N    bench-gate.json history_runs (default 10)
  --tiers MODE        thirds (1/3 critical, standard, background) | critical | standard | background
                      | calibrated (each benchmark in the strictest tier `bench-gate calibrate`
                      suggests for it, from --calibrate-runs separate runs made before round 1)
  --calibrate-runs N  suite processes for --tiers calibrated (default 6)
  --processes P       suite processes per side and commit (default 1): each is recorded as its own
                      run, as a nightly job recording P runs would (compare.py gets them pooled)
  --paired            judge with `compare --paired` instead of stored runs: per round, bench-gate
                      builds BASE in a temporary worktree and runs base and head in alternating
                      blocks (no compare.py column: it has no paired mode)
  --blocks N          paired: minimum blocks (default 6)
  --block-repetitions N  paired and --confirm-paired: repetitions per side in one block (default:
                      --repetitions)
  --time-budget S     paired: seconds for adaptive blocks per comparison (default 60)
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
  --confirm-paired    --confirm as a CI job with a build_command gets it: every commit carries
                      suite.sh + slowdown.txt and the config a build_command, so confirmation is
                      paired with a build of BASE (--blocks, --time-budget) and also decides the
                      failing tiers' inconclusive rows (config confirm_inconclusive)
  --disturb P         in P percent of the suite processes (base, head, history, confirmation and
                      paired blocks alike; drawn at random, repeatable with --disturb-seed), run
                      Debian's stress-ng (memory bandwidth + cache) beside the process for its whole
                      duration: a neighbour on a shared runner (tests/quality/disturb.sh)
  --disturb-seed N    the seed of that draw (default 1)
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
    --confirm-paired) confirm=1; confirm_paired=1; shift ;;
    --calibrate-runs) need_int "$1" "${2-}"; calibrate_runs=$2; shift 2 ;;
    --processes) need_int "$1" "${2-}"; processes=$2; shift 2 ;;
    --paired) paired=1; shift ;;
    --blocks) need_int "$1" "${2-}"; blocks=$2; shift 2 ;;
    --block-repetitions) need_int "$1" "${2-}"; block_repetitions=$2; shift 2 ;;
    --time-budget) need_int "$1" "${2-}"; time_budget=$2; shift 2 ;;
    --disturb) need_int "$1" "${2-}"; disturb=$2; shift 2 ;;
    --disturb-seed) need_int "$1" "${2-}"; disturb_seed=$2; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
done
block_repetitions=${block_repetitions:-$repetitions}

case $tiers in thirds | critical | standard | background | calibrated) ;; *) die "--tiers: '$tiers'" ;; esac
((calibrate_runs >= 2)) || die "--calibrate-runs needs at least 2"
((processes >= 1)) || die "--processes needs at least 1"
if ((paired)) && [[ -n $reuse || $confirm == 1 || $processes != 1 ]]; then
  die "--paired measures anew: it cannot be combined with --reuse-runs, --confirm or --processes"
fi
((disturb <= 100)) || die "--disturb is a percentage (0..100)"
if ((disturb > 0)) && [[ -n $reuse ]]; then die "--disturb runs the suite; it cannot be combined with --reuse-runs"; fi
if ((disturb > 0)) && ! command -v stress-ng >/dev/null; then die "--disturb needs stress-ng (apt-get install stress-ng)"; fi
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
  read -r repetitions sizes processes history < <("$python" -c 'import json, sys; m = json.load(open(sys.argv[1]))
print(m["repetitions"], ",".join(f"{s:g}" for s in m["sizes"]), m.get("processes", 1), m["history"])' "$reuse/meta.json")
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
# The suite's argv prefix: the neighbour of --disturb, or nothing.
wrap=()
if ((disturb > 0)); then wrap=("$here/disturb.sh" "$disturb" "$disturb_seed" "$workdir/disturb.state" --); fi
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
tier_mode=$tiers
if [[ $tiers == calibrated ]]; then
  # The documented nightly procedure: N separate A/A runs, then each benchmark in the strictest tier
  # whose threshold its measured noise can resolve. Measured before (and apart from) the rounds.
  if [[ -n $reuse ]]; then
    [[ -f $reuse/calibrate.json ]] || die "--reuse-runs $reuse has no calibrate.json (it was not run with --tiers calibrated)"
    cp "$reuse/calibrate.json" "$workdir/calibrate.json"
  else
    printf '{"metric": "%s", "repetitions": %d, "processes": %d}\n' "$metric" "$repetitions" \
      "$processes" >"$workdir/calibrate-config.json"
    cal_cmd=("$suite" --benchmark_enable_random_interleaving=true)
    if [[ -n $min_time ]]; then cal_cmd+=(--benchmark_min_time="$min_time"); fi
    echo "quality: calibrating tiers from $calibrate_runs runs" >&2
    "$bench_gate" -q -C "$workdir" --config "$workdir/calibrate-config.json" calibrate \
      --runs "$calibrate_runs" -r "$repetitions" --json "$workdir/calibrate.json" -- "${cal_cmd[@]}" \
      >"$workdir/calibrate.txt"
  fi
  tier_mode="calibrated:$workdir/calibrate.json"
fi
q config "$workdir/names.txt" "$tier_mode" "$metric" "$history_runs" >"$workdir/bench-gate.json"
confirm_args=()
if ((confirm)); then
  # bench-gate runs the suite itself for --confirm: give it the command and the repetitions.
  suite_cmd=("${wrap[@]}" "$suite")
  if [[ -n $min_time ]]; then suite_cmd+=(--benchmark_min_time="$min_time"); fi
  "$python" -c 'import json, sys
c = json.load(open(sys.argv[1]))
c["repetitions"] = int(sys.argv[2])
c["suite_command"] = sys.argv[3:]
json.dump(c, open(sys.argv[1], "w"), indent=2)' "$workdir/bench-gate.json" "$repetitions" "${suite_cmd[@]}"
  confirm_args=(--confirm)
  if ((confirm_paired)); then
    confirm_args+=(--blocks "$blocks" --block-repetitions "$block_repetitions" --time-budget "$time_budget")
  fi
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
    env QUALITY_SLOWDOWN="$slowdown" "${wrap[@]}" "$suite" "${args[@]}" >"$out.log" 2>&1 || rc=$?
  else
    env -u QUALITY_SLOWDOWN "${wrap[@]}" "$suite" "${args[@]}" >"$out.log" 2>&1 || rc=$?
  fi
  if ((rc != 0)); then
    cat "$out.log" >&2
    die "the suite exited $rc ($out)"
  fi
  t1=$(now)
  suite_times+=("$(elapsed "$t0" "$t1")")
}

# side_runs NAME: the suite-run files of one side (NAME.gb.json, or NAME.pK.gb.json per process).
side_runs() {
  if ((processes == 1)); then
    echo "$1.gb.json"
  else
    local p
    for ((p = 1; p <= processes; p++)); do echo "$1.p$p.gb.json"; done
  fi
}

# record_side COMMIT NAME: store each process of a side as its own run of COMMIT; with several
# processes, also pool them into NAME.gb.json for compare.py (which takes one file per side).
record_side() {
  local f files=()
  mapfile -t files < <(side_runs "$2")
  for f in "${files[@]}"; do "${bg[@]}" record "$1" --input "$f"; done
  if ((processes > 1)); then q pool "$2.gb.json" "${files[@]}"; fi
}

json_list() {
  local IFS=,
  echo "[$*]"
}

if ((paired || confirm_paired)); then
  # Every commit carries suite.sh (runs the synthetic suite with the slowdown of slowdown.txt), so
  # bench-gate's temporary worktree of BASE runs BASE's slowdown and the checkout HEAD's.
  printf '#!/bin/sh\nQUALITY_SLOWDOWN=$(cat "$(dirname "$0")/slowdown.txt")\nexport QUALITY_SLOWDOWN\nexec %s "$@"\n' \
    "$(printf '%q ' "${wrap[@]}" "$suite")" >"$repo/suite.sh"
  chmod +x "$repo/suite.sh"
  : >"$repo/slowdown.txt"
  git -C "$repo" add suite.sh slowdown.txt
  suite_cmd=(./suite.sh)
  if [[ -n $min_time ]]; then suite_cmd+=(--benchmark_min_time="$min_time"); fi
  "$python" -c 'import json, sys
c = json.load(open(sys.argv[1]))
c["suite_command"] = sys.argv[2:]
c["build_command"] = ["true"]
json.dump(c, open(sys.argv[1], "w"), indent=2)' "$workdir/bench-gate.json" "${suite_cmd[@]}"
  if ((confirm_paired)); then
    "$python" -c 'import json, sys
c = json.load(open(sys.argv[1]))
c["confirm_inconclusive"] = True
json.dump(c, open(sys.argv[1], "w"), indent=2)' "$workdir/bench-gate.json"
  fi
fi
if ((paired)); then
  echo "quality: $rounds rounds x 2 paired comparisons ($nbench benchmarks, >= $blocks blocks of $repetitions repetitions per side, adaptive budget $time_budget s); work in $workdir" >&2
else
  echo "quality: $rounds rounds x 3 sides x $processes suite run(s) ($nbench benchmarks, $repetitions repetitions), $history history commits; work in $workdir" >&2
fi
git -C "$repo" commit -q --allow-empty -m "root"
PARENT_TREE=$(git -C "$repo" rev-parse 'HEAD^{tree}')

# tree_with_slowdown VALUE: the root tree with slowdown.txt = VALUE (paired mode's A/B heads).
tree_with_slowdown() {
  local blob
  blob=$(printf '%s' "$1" | git -C "$repo" hash-object -w --stdin)
  git -C "$repo" ls-tree "$PARENT_TREE" | grep -v $'\tslowdown.txt$' |
    { cat; printf '100644 blob %s\tslowdown.txt\n' "$blob"; } | git -C "$repo" mktree
}

# Warm-up history: earlier commits on main with plain (A) runs (stored mode only).
suite_times=()
for ((h = 1; h <= history && !paired; h++)); do
  c=$(main_commit "history $h")
  mapfile -t files < <(side_runs "$workdir/history-$h")
  for f in "${files[@]}"; do run_suite "$f" ""; done
  record_side "$c" "$workdir/history-$h"
done

for ((r = 1; r <= rounds; r++)); do
  rdir=$(printf '%s/round-%03d' "$workdir" "$r")
  mkdir -p "$rdir"
  suite_times=()
  if [[ -n $reuse ]]; then
    # The injections are those of the earlier run; the tiers are this run's.
    q replan "$reuse/${rdir#"$workdir"/}/plan.json" "$workdir/names.txt" "$tier_mode" >"$rdir/plan.json"
  else
    q plan "$workdir/names.txt" "$tier_mode" "$r" "$sizes" >"$rdir/plan.json"
  fi
  slowdown=$(q slowdown "$rdir/plan.json")
  if ((paired)); then
    base=$(main_commit "base $r")
    aa=$(side_commit "$base" "head A/A $r")
    ab=$(git -C "$repo" commit-tree "$(tree_with_slowdown "$slowdown")" -p "$base" -m "head A/B $r")
    bg_times=()
    for kind in aa ab; do
      head=$aa
      if [[ $kind == ab ]]; then head=$ab; fi
      git -C "$repo" checkout -q --detach "$head"
      t0=$(now)
      rc=0
      env -u QUALITY_SLOWDOWN "${bg[@]}" compare "$base" "$head" --paired --blocks "$blocks" \
        --block-repetitions "$block_repetitions" --time-budget "$time_budget" \
        --json "$rdir/$kind.bg.json" --format none 2>"$rdir/$kind.bg.log" || rc=$?
      t1=$(now)
      git -C "$repo" checkout -q main
      if ((rc != 0 && rc != 1)); then
        cat "$rdir/$kind.bg.log" >&2
        die "bench-gate compare --paired exited $rc (round $r, $kind)"
      fi
      echo "$rc" >"$rdir/$kind.bg.rc"
      bg_times+=("$(elapsed "$t0" "$t1")")
    done
    printf '{"suite": [], "bench-gate": %s, "compare.py": []}\n' "$(json_list "${bg_times[@]}")" >"$rdir/times.json"
    echo "quality: round $r/$rounds done ($(elapsed "$start" "$(now)") s; A/A gate exit $(cat "$rdir/aa.bg.rc"), A/B gate exit $(cat "$rdir/ab.bg.rc"))" >&2
    continue
  fi
  base=$(main_commit "base $r")
  aa=$(side_commit "$base" "head A/A $r")
  if ((confirm_paired)); then
    ab=$(git -C "$repo" commit-tree "$(tree_with_slowdown "$slowdown")" -p "$base" -m "head A/B $r")
  else
    ab=$(side_commit "$base" "head A/B $r")
  fi
  # Three separate processes, in an order that rotates with the round (drift hits every side).
  case $((r % 3)) in
    0) order=(base aa ab) ;;
    1) order=(aa ab base) ;;
    2) order=(ab base aa) ;;
  esac
  # With several processes per side, the sides alternate process by process.
  for ((p = 1; p <= processes; p++)); do
    for side in "${order[@]}"; do
      mapfile -t files < <(side_runs "$rdir/$side")
      sd=""
      if [[ $side == ab ]]; then sd=$slowdown; fi
      run_suite "${files[p - 1]}" "$sd"
    done
  done
  record_side "$base" "$rdir/base"
  record_side "$aa" "$rdir/aa"
  record_side "$ab" "$rdir/ab"
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
        --json "$rdir/$kind.bg.json" --format none 2>"$rdir/$kind.bg.log" || rc=$?
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
        "wall_seconds", "reused_from", "bench_gate", "confirm", "processes", "paired", "blocks",
        "time_budget", "disturb", "disturbed_processes", "suite_processes", "confirm_paired",
        "block_repetitions"]
m = dict(zip(keys, sys.argv[1:]))
for k in ("repetitions", "history", "benchmarks", "processes", "paired", "blocks", "time_budget",
          "disturb", "disturbed_processes", "suite_processes", "block_repetitions"):
    m[k] = int(m[k])
m["sizes"] = [float(x) for x in m["sizes"].split(",")]
m["wall_seconds"] = round(float(m["wall_seconds"]))
json.dump(m, sys.stdout)' "$metric" "$repetitions" "$history" "$tiers" "$nbench" "$sizes" "$load_start" \
  "$(load_avg)" "$wall" "$reuse" "$bench_gate" "$confirm" "$processes" "$paired" "$blocks" \
  "$time_budget" "$disturb" "$(cat "$workdir/disturb.state.log" 2>/dev/null | wc -l)" \
  "$(cat "$workdir/disturb.state" 2>/dev/null || echo 0)" "$confirm_paired" \
  "$block_repetitions" >"$workdir/meta.json"
q tabulate "$workdir" >"$workdir/results.md"
if [[ -n $output ]]; then cp "$workdir/results.md" "$output"; fi
cat "$workdir/results.md"
