#!/usr/bin/env bash
# The gate on this project's own suite, as CI runs it: a nightly job has recorded one run on each
# of the last N commits of main; a pull request's gate (`bench-gate compare BASE HEAD`) runs the
# suite for HEAD, confirms any failing-tier regression, and decides. The same suite binary serves
# every commit, so nothing changed: every regression is a false alarm and the share of
# inconclusive verdicts is what the gate cannot resolve on this machine. Prints the counts and
# the gate's wall time. See tests/quality/README.md. Every command runs by argv.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=$(cd "$here/../.." && pwd)
build_dir="$source_dir/build"
nightly=3
workdir=""
extra=()  # --processes / --repetitions for record and compare
python=/usr/bin/python3

usage() {
  cat <<'EOF'
usage: tests/quality/project.sh [options]
  --build-dir DIR     where bench-gate and bench-suite were built (default ./build)
  --nightly N         nightly runs recorded before the gate, one per commit (default 3)
  --workdir DIR       keep the clone, the runs and the comparison in DIR (must be empty)
  --processes N       suite processes per nightly record and per gate run (default: config)
  --repetitions N     repetitions per process (default: config)
EOF
}
die() { echo "project: $*" >&2; exit 2; }

while (($#)); do
  case $1 in
    --build-dir) build_dir=${2-}; shift 2 ;;
    --nightly) [[ ${2-} =~ ^[0-9]+$ ]] || die "--nightly needs a whole number"; nightly=$2; shift 2 ;;
    --workdir) workdir=${2-}; shift 2 ;;
    --processes | --repetitions)
      [[ ${2-} =~ ^[0-9]+$ ]] || die "$1 needs a whole number"
      extra+=("$1" "$2"); shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option '$1'" ;;
  esac
done
gate=$(realpath "$build_dir/harness/bench-gate" 2>/dev/null) || die "no bench-gate in $build_dir"
suite=$(realpath "$build_dir/benches/bench-suite" 2>/dev/null) || die "no bench-suite in $build_dir"
[[ -x $gate && -x $suite ]] || die "build bench-gate and bench-suite in $build_dir first"
((nightly >= 1)) || die "--nightly needs at least 1"
if [[ -z $workdir ]]; then
  workdir=$(mktemp -d "${TMPDIR:-/tmp}/bench-gate-project.XXXXXX")
  trap 'rm -rf "$workdir"' EXIT
else
  mkdir -p "$workdir"
  [[ -z $(ls -A "$workdir") ]] || die "--workdir $workdir is not empty"
fi
workdir=$(realpath "$workdir")
commits=$(git -C "$source_dir" rev-list --count --first-parent HEAD)
((commits > nightly)) || die "need more than $nightly commits on HEAD's first-parent line"

# The commits, fixed now (the source repository may move on while this runs).
declare -a line
for ((k = 0; k <= nightly; k++)); do line[k]=$(git -C "$source_dir" rev-parse "HEAD~$k"); done
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
repo="$workdir/repo"
git clone -q --no-local "$source_dir" "$repo"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

for ((k = nightly; k >= 1; k--)); do
  git -C "$repo" checkout -q --detach "${line[k]}"
  echo "project: nightly run $((nightly - k + 1))/$nightly on HEAD~$k" >&2
  "$gate" -q -C "$repo" record "${extra[@]}" -- "$suite"
done
git -C "$repo" checkout -q --detach "${line[0]}"

echo "project: the gate: bench-gate compare HEAD~1 HEAD (runs the suite for HEAD)" >&2
t0=$(date +%s.%N)
rc=0
"$gate" -C "$repo" compare "${line[1]}" HEAD "${extra[@]}" --json "$workdir/comparison.json" \
  --output "$workdir/report.md" -- "$suite" 2>"$workdir/gate.log" || rc=$?
t1=$(date +%s.%N)
((rc == 0 || rc == 1)) || { cat "$workdir/gate.log" >&2; die "the gate exited $rc"; }

"$python" - "$workdir/comparison.json" "$rc" "$t0" "$t1" "$load_start" "$(cut -d' ' -f1-3 /proc/loadavg)" \
  "$nightly" "${extra[*]:-config defaults}" <<'PY'
import collections, json, sys
c = json.load(open(sys.argv[1]))
rc, t0, t1, load0, load1, nightly, extra = sys.argv[2:]
rows = c["benchmarks"]
count = collections.Counter(b["verdict"] for b in rows)
n = len(rows)
def pct(k): return f"{100.0 * k / n:.1f} % ({k}/{n})" if n else "–"
print(f"Project suite, {n} benchmarks, {nightly} nightly records ({extra}), the gate in mode `{c['mode']}`; "
      f"load average {load0} at start, {load1} at end.")
print()
print("| measure | value |")
print("| --- | --- |")
print(f"| gate exit code | {rc} |")
print(f"| gate wall time (suite for HEAD + confirmation + report) | {float(t1) - float(t0):.0f} s |")
for v in ("regression", "inconclusive", "unchanged", "improvement", "failed", "new", "removed"):
    if count.get(v):
        print(f"| {v} | {pct(count[v])} |")
print()
inconclusive = [b for b in rows if b["verdict"] == "inconclusive"]
if inconclusive:
    print("Inconclusive: " + "; ".join(
        f"`{b['name']}` ({b['tier']}, change {100 * b['change']:+.1f} %, mde {100 * b['mde']:.1f} %)"
        for b in inconclusive) + ".")
regressions = [b for b in rows if b["verdict"] == "regression"]
if regressions:
    print("Regressions (false alarms: nothing changed): " + "; ".join(
        f"`{b['name']}` ({b['tier']}, {100 * b['change']:+.1f} %)" for b in regressions) + ".")
PY
