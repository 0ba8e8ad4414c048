#!/usr/bin/env bash
# Issue 14: `bench-gate publish` in a real browser. A real repository with 30 commits, each with a
# run of the project's suite (bench-suite, a short filter) and a hostile benchmark name, published
# and loaded from file:// in Debian's headless Chromium (chromedriver, python3-selenium;
# tests/e2e/publish_browser.py): no console error, one chart per benchmark page, the search filter
# narrows the list, the hostile name shows as text. Screenshots: <build>/publish-screenshots/.
# Then bad input, and two speed figures, measured and printed (never asserted): publish for 1,000
# commits x 70 benchmarks, and the index of a 1,000-benchmark suite in Chromium.
source "$(dirname "$0")/lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
cd "$WORK"
for tool in /usr/bin/chromium /usr/bin/chromedriver; do
  [[ -x $tool ]] || fail "$tool is missing (ci/setup.sh installs chromium and chromium-driver)"
done
/usr/bin/python3 -c 'import selenium' || fail "python3-selenium is missing (ci/setup.sh installs it)"
[[ -x ${BENCH_SUITE:-} ]] || fail "the project's suite is not built: ${BENCH_SUITE:-BENCH_SUITE unset}"
shots=${BENCH_GATE_BUILD_DIR:-$WORK}/publish-screenshots
browser() { /usr/bin/python3 "$here/publish_browser.py" "$@"; }
hostile='BM_<img src=x onerror=alert(1)>'

# hostile_json OUT NS: one benchmark with the hostile name, 3 repetitions around NS.
hostile_json() {
  python3 - "$1" "$2" "$hostile" <<'PY'
import json, sys
out, ns, name = sys.argv[1], float(sys.argv[2]), sys.argv[3]
rows = [{"name": name, "run_name": name, "run_type": "iteration", "family_index": 0,
         "per_family_instance_index": 0, "repetitions": 3, "repetition_index": r, "threads": 1,
         "iterations": 100, "real_time": ns * (1 + 0.01 * r), "cpu_time": ns, "time_unit": "ns"}
        for r in range(3)]
json.dump({"context": {"date": "2026-11-30T12:00:00+00:00", "host_name": "e2e", "num_cpus": 2,
                       "mhz_per_cpu": 2800, "cpu_scaling_enabled": False, "caches": [],
                       "library_build_type": "release"}, "benchmarks": rows}, open(out, "w"))
PY
}

new_repo r
for i in $(seq 1 30); do
  ((i == 1)) || commit r "change $i: <b>subject</b> & more"
  "$BENCH_SUITE" --benchmark_filter='^hashing/' --benchmark_repetitions=2 \
    --benchmark_min_time=0.002 --benchmark_out="$WORK/run.json" --benchmark_out_format=json \
    > /dev/null 2>&1 || fail "bench-suite failed at commit $i"
  hostile_json hostile.json $((1000 + 10 * i))
  "$BENCH_GATE" -q -C r record HEAD --input "$WORK/run.json"
  "$BENCH_GATE" -q -C r record HEAD --input "$WORK/hostile.json"
done
expect_exit 0 "$BENCH_GATE" -C r publish "$WORK/site" --limit 30 \
  --commit-url 'https://github.com/OWNER/REPO/commit/{sha}'
contains "$WORK/err" "over 30 commits"
[[ -f site/vendor/uPlot.iife.min.js && -f site/vendor/uPlot.LICENSE ]] || fail "uPlot not in the site"
browser check "$WORK/site" "$shots" "$hostile" || fail "the browser checks"
pass "30 commits x the hashing suite from file://: charts, filter, hostile name as text; $(ls "$shots" | wc -l) screenshots in $shots"

# Publishing again replaces the site; a directory that is not a site is never touched.
expect_exit 0 "$BENCH_GATE" -q -C r publish "$WORK/site" HEAD~5 --limit 10
[[ $(ls site/b | wc -l) -ge 2 ]] || fail "the second publish wrote no pages"
mkdir mine && echo keep > mine/notes.txt
expect_exit 2 "$BENCH_GATE" -C r publish "$WORK/mine"
one_line_error
contains "$WORK/err" "mine: exists and is not a site bench-gate published"
[[ $(cat mine/notes.txt) == keep ]] || fail "the user's directory was changed"
expect_exit 2 "$BENCH_GATE" -C r publish "$WORK/x" --commit-url 'javascript:alert(1)//{sha}'
one_line_error
contains "$WORK/err" "--commit-url: must start with https://"
[[ ! -e x ]] || fail "a refused publish left a directory"
ls -a | grep -q '\.tmp-' && fail "a staging directory was left behind"
pass "publish replaces only its own sites; bad --commit-url is exit 2"

# Speed, measured (median of 3): 1,000 commits x 70 benchmarks, notes written by git fast-import
# from one real note of `record`.
new_repo big
gbench_json big.json 1 5 $(for i in $(seq 1 70); do printf 'BM_b%02d=%d ' "$i" $((100 * i)); done)
"$BENCH_GATE" -q -C big record HEAD --input "$WORK/big.json"
git -C big notes --ref=bench-gate show HEAD > note.json
python3 - big 999 <<'PY'
import subprocess, sys
repo, count = sys.argv[1], int(sys.argv[2])
cmds = []
for i in range(count):
    msg = f"commit {i}\n".encode()
    cmds.append(b"commit refs/heads/main\ncommitter e2e <e2e@example.com> %d +0000\ndata %d\n%s\n"
                % (1764500000 + i, len(msg), msg))
    if i == 0: cmds.append(b"from refs/heads/main^0\n")
subprocess.run(["git", "-C", repo, "fast-import", "--quiet"], input=b"".join(cmds), check=True)
first = subprocess.run(["git", "-C", repo, "rev-list", "--max-parents=0", "HEAD"], capture_output=True,
                       text=True, check=True).stdout.strip()
ids = subprocess.run(["git", "-C", repo, "rev-list", f"{first}..HEAD"], capture_output=True, text=True,
                     check=True).stdout.split()
note = open("note.json").read()
out = [b"commit refs/notes/bench-gate\ncommitter e2e <e2e@example.com> 1764600000 +0000\ndata 5\nmany\nfrom refs/notes/bench-gate^0\n"]
for n, c in enumerate(ids):
    text = note.replace(first, c).encode()
    out.append(b"N inline %s\ndata %d\n%s\n" % (c.encode(), len(text), text))
subprocess.run(["git", "-C", repo, "fast-import", "--quiet"], input=b"".join(out), check=True)
PY
[[ $(git -C big notes --ref=bench-gate list | wc -l) == 1000 ]] || fail "expected 1000 notes"
# Wall and CPU (user + sys) seconds: on a shared runner the wall time includes waiting for a core.
wall=() cpu=()
TIMEFORMAT='%R %U %S'
for _ in 1 2 3; do
  read -r r u s < <({ time "$BENCH_GATE" -q -C big publish "$WORK/big-site" --limit 1000; } 2>&1)
  wall+=("$r") cpu+=("$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.3f", u + s }')")
done
[[ $(ls big-site/b | wc -l) == 70 ]] || fail "expected 70 pages, got $(ls big-site/b | wc -l)"
median() { printf '%s\n' "$@" | sort -n | sed -n 2p; }
echo "measured: publish 1000 commits x 70 benchmarks: median wall $(median "${wall[@]}") s of" \
  "${wall[*]}; CPU $(median "${cpu[@]}") s of ${cpu[*]}; site $(du -sh big-site | cut -f1)"

# Speed, measured in Chromium: the index of a 1,000-benchmark suite (3 commits).
new_repo wide
specs=$(for i in $(seq 1 1000); do printf 'BM_w%04d=%d ' "$i" $((50 + i)); done)
for i in 1 2 3; do
  ((i == 1)) || commit wide "wide $i"
  gbench_json wide.json "$i" 3 $specs
  "$BENCH_GATE" -q -C wide record HEAD --input "$WORK/wide.json"
done
"$BENCH_GATE" -q -C wide publish "$WORK/wide-site"
echo "measured: index of a 1000-benchmark suite in headless Chromium: $(browser time "$WORK/wide-site")"
pass "speed figures measured"
