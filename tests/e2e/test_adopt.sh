#!/usr/bin/env bash
# Adopting bench-gate in another project, as a new user would: bench-gate installed with
# `cmake --install` into a prefix (and packaged with cpack -G DEB where dpkg-deb exists), a tiny
# C++ project with a Google Benchmark suite made here (Debian's libbenchmark), and the workflow
# templates for other projects (ci/templates/github) run job by job with the variables GitHub sets
# (tests/e2e/github_runner.py), against a bare repository as origin:
#   - two nightlies store runs and push refs/notes/bench-gate to origin;
#   - a pull request (its refs/pull/N/merge commit) with a planted 25 % slowdown fails the gate,
#     with the summary, the comment body and annotations capped at 10 per level;
#   - an unchanged pull request passes.
source "$(dirname "$0")/lib.sh"
root=${BENCH_GATE_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
build=${BENCH_GATE_BUILD_DIR:-$(cd "$(dirname "$BENCH_GATE")/.." && pwd)}
runner=(python3 "$root/tests/e2e/github_runner.py")
python3 -c 'import yaml' 2> /dev/null || fail "python3-yaml is not installed (ci/setup.sh installs it)"
[[ -f /usr/include/benchmark/benchmark.h ]] || fail "libbenchmark-dev is not installed (ci/setup.sh)"

# --- 1. Install: the binary, its man page and the templates, relocatable ------------------------
prefix=$WORK/prefix
cmake --install "$build" --prefix "$prefix" > "$WORK/install.log" ||
  { cat "$WORK/install.log" >&2; fail "cmake --install failed"; }
for f in bin/bench-gate share/man/man1/bench-gate.1 share/bench-gate/templates/pr-comment.md.mustache \
  share/bench-gate/templates/nightly.md.mustache share/bench-gate/templates/README.md \
  share/bench-gate/templates/site/site.js share/bench-gate/templates/site/vendor/uPlot.iife.min.js \
  share/bench-gate/ci-templates/github/bench-gate-pr.yml \
  share/bench-gate/ci-templates/gitlab/bench-gate-mr-note.sh; do
  [[ -f $prefix/$f ]] || fail "cmake --install did not install $f"
done
"$prefix/bin/bench-gate" --version > "$WORK/version.txt"
grep -Eq '^bench-gate [0-9]+\.[0-9]+\.[0-9]+' "$WORK/version.txt" ||
  fail "bench-gate --version: $(cat "$WORK/version.txt")"
# The version is git describe's (or the project's outside git), the same as the build tree's.
[[ $("$BENCH_GATE" --version) == "$(cat "$WORK/version.txt")" ]] || fail "installed and built versions differ"
"$prefix/bin/bench-gate" compare --help > "$WORK/help.txt"
contains "$WORK/help.txt" "copies to start from: $prefix/share/bench-gate/templates"
grep -q '^\.TH BENCH-GATE "1"' "$prefix/share/man/man1/bench-gate.1" || fail "the man page has no .TH line"
pass "cmake --install: bin/bench-gate ($(cat "$WORK/version.txt")), man page, templates found beside it"

if command -v cpack > /dev/null && command -v dpkg-deb > /dev/null; then
  (cd "$WORK" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$WORK/deb" > "$WORK/cpack.log" 2>&1) ||
    { cat "$WORK/cpack.log" >&2; fail "cpack -G DEB failed"; }
  deb=$(find "$WORK/deb" -maxdepth 1 -name 'bench-gate_*.deb' | head -1)
  [[ -n $deb ]] || fail "cpack wrote no bench-gate_*.deb"
  dpkg-deb --field "$deb" Depends > "$WORK/depends.txt"
  contains "$WORK/depends.txt" "libgit2"  # computed by dpkg-shlibdeps from the binary
  contains "$WORK/depends.txt" "libssl3"
  contains "$WORK/depends.txt" "libpugixml"  # Catch2 XML (issue 16)
  contains "$WORK/depends.txt" "libsimdjson"  # the note decoder (issue 13)
  lacks "$WORK/depends.txt" "libbenchmark"
  dpkg-deb -x "$deb" "$WORK/debroot"
  "$WORK/debroot/usr/bin/bench-gate" compare --help > "$WORK/deb-help.txt"
  contains "$WORK/deb-help.txt" "$WORK/debroot/usr/share/bench-gate/templates"
  pass "cpack -G DEB: $(basename "$deb"), Depends: $(cat "$WORK/depends.txt")"
fi

# --- 2. A tiny project with a Google Benchmark suite, and its origin ---------------------------
tiny=$WORK/tiny
mkdir -p "$tiny"
cat > "$tiny/CMakeLists.txt" << 'EOF'
cmake_minimum_required(VERSION 3.16)
project(tiny CXX)
find_package(benchmark REQUIRED)
add_executable(tiny_bench bench.cpp)
target_link_libraries(tiny_bench PRIVATE benchmark::benchmark_main)
EOF
cat > "$tiny/bench.cpp" << 'EOF'
#include <benchmark/benchmark.h>
#include <cstdint>

constexpr int kScale = 400;  // work per unit of the argument

static void BM_Work(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)) * kScale;
  for (auto _ : state) {
    std::uint64_t x = 1;
    for (int i = 0; i < n; ++i) {
      x = x * 6364136223846793005ULL + 1442695040888963407ULL;
      benchmark::DoNotOptimize(x);
    }
  }
}
BENCHMARK(BM_Work)->DenseRange(1, 24);
EOF
cat > "$tiny/bench-gate.json" << 'EOF'
{
  "suite_command": ["build/tiny_bench", "--benchmark_min_time=0.01"],
  "repetitions": 10,
  "processes": 3,
  "metric": "cpu_time",
  "rules": [{"pattern": "BM_Work/*", "tier": "standard"}],
  "default_tier": "standard"
}
EOF
echo "# tiny" > "$tiny/README.md"
printf 'build/\n' > "$tiny/.gitignore"
git init -q --bare "$WORK/origin.git"
(cd "$tiny" && git init -q && git add -A && git commit -qm "tiny: a benchmark suite" &&
  git remote add origin "$WORK/origin.git" && git push -q origin main)

template_dir=$root/ci/templates/github
action_map=(--action "OWNER/bench-gate/ci/github/action=$root/ci/github/action")

# checkout WORKSPACE REF DEPTH: what actions/checkout does (fetch one ref, detached HEAD).
checkout() {
  git init -q "$1"
  (cd "$1" && git remote add origin "$WORK/origin.git" &&
    git fetch -q --no-tags --depth="$3" origin "+$2:refs/remotes/checkout" &&
    git checkout -q --detach refs/remotes/checkout)
}

# run_job NAME WORKFLOW JOB CONTEXT-JSON: the job in its own workspace and RUNNER_TEMP; the
# bench-gate the action would build is the installed prefix, as restored by actions/cache.
run_job() {
  local name=$1 workflow=$2 job=$3 context=$4
  mkdir -p "$WORK/$name/temp"
  cp -a "$prefix" "$WORK/$name/temp/bench-gate-tool"
  set +e
  "${runner[@]}" "$workflow" "$job" --workspace "$WORK/$name/ws" --context "$context" \
    --out "$WORK/$name/out" "${action_map[@]}" > "$WORK/$name/log" 2>&1
  echo $? > "$WORK/$name/status"
  set -e
}

context() {  # context EVENT REF TEMP [PR-NUMBER PR-HEAD-SHA]
  python3 - "$@" << 'PY'
import json, sys
event, ref, temp = sys.argv[1:4]
pr = ({"number": int(sys.argv[4]), "head": {"repo": {"full_name": "user/tiny"}, "sha": sys.argv[5]}}
      if len(sys.argv) > 4 else {})
print(json.dumps({
    "github": {"event_name": event, "ref": ref, "base_ref": "main" if pr else "",
               "repository": "user/tiny", "token": "test-token", "run_id": "4242",
               "event": {"pull_request": pr, "repository": {"default_branch": "main"}}},
    "runner": {"temp": temp, "os": "Linux"}}))
PY
}

# --- 3. Nightly: two nights store runs and push them to origin --------------------------------
for night in 1 2; do
  if [[ $night == 2 ]]; then
    (cd "$tiny" && echo "more docs" >> README.md && git commit -qam "docs" && git push -q origin main)
  fi
  checkout "$WORK/night$night/ws" refs/heads/main 100
  run_job "night$night" "$template_dir/bench-gate-nightly.yml" nightly \
    "$(context schedule refs/heads/main "$WORK/night$night/temp")"
  contains "$WORK/night$night/out/steps.txt" "success: Build the benchmark suite"
  contains "$WORK/night$night/out/steps.txt" "success: Record, push and report (nightly)"
  # The job fails only on the nightly report's verdict (identical code, but a loaded machine can
  # make a regression of noise); the results are stored and pushed either way.
  if [[ $(cat "$WORK/night$night/status") != 0 ]]; then
    [[ $(cat "$WORK/night$night/temp/bench-gate-report/exit-code" 2> /dev/null) == 1 ]] ||
      { tail -50 "$WORK/night$night/log" >&2; fail "nightly $night failed"; }
    echo "note: nightly $night reported a regression between identical commits (a noisy machine)"
  fi
done
notes=$(git --git-dir="$WORK/origin.git" notes --ref=bench-gate list | wc -l)
[[ $notes == 2 ]] || fail "origin has $notes commits with stored runs, expected 2"
contains "$WORK/night1/out/summary.md" "nothing to compare with"
contains "$WORK/night2/out/summary.md" "bench-gate"
contains "$WORK/night2/temp/bench-gate-report/nightly.json" "BM_Work/16"
# The history site for the Pages deploy, by the installed bench-gate (its assets found beside it).
contains "$WORK/night2/temp/bench-gate-report/site/data/history.js" "https://github.com/user/tiny/commit/"
[[ -f $WORK/night2/temp/bench-gate-report/site/vendor/uPlot.iife.min.js ]] || fail "the site has no uPlot"
pass "nightly: 2 nights stored and pushed to origin (refs/notes/bench-gate), nightly report in the summary, history site published"

# --- 4. Pull requests: refs/pull/N/merge on origin --------------------------------------------
# open_pr N BRANCH: push BRANCH and GitHub's merge commit of it into main as refs/pull/N/merge.
open_pr() {
  (cd "$tiny" && git push -q origin "$2" && git checkout -q --detach main &&
    git merge -q --no-ff "$2" -m "Merge $2 into main" && git push -q origin "HEAD:refs/pull/$1/merge" &&
    git checkout -q main)
}
(cd "$tiny" && git checkout -q -b slower && sed -i 's/kScale = 400/kScale = 500/' bench.cpp &&
  git commit -qam "Planted: 25 % more work per benchmark" && git checkout -q main)
open_pr 7 slower
(cd "$tiny" && git checkout -q -b unchanged && echo "even more docs" >> README.md &&
  git commit -qam "docs only" && git checkout -q main)
open_pr 8 unchanged

pr7_head=$(git -C "$tiny" rev-parse slower)
pr7_merge=$(git --git-dir="$WORK/origin.git" rev-parse refs/pull/7/merge)
checkout "$WORK/pr7/ws" refs/pull/7/merge 1
run_job pr7 "$template_dir/bench-gate-pr.yml" gate \
  "$(context pull_request refs/pull/7/merge "$WORK/pr7/temp" 7 "$pr7_head")"
report=$WORK/pr7/temp/bench-gate-report
[[ $(cat "$WORK/pr7/status") == 1 ]] || { tail -50 "$WORK/pr7/log" >&2; fail "the gate passed a 25 % slowdown"; }
[[ -f $report/exit-code ]] || { tail -40 "$WORK/pr7/log" >&2; fail "the pull-request job wrote no exit code"; }
[[ $(cat "$report/exit-code") == 1 ]] || fail "compare exited $(cat "$report/exit-code") on the slowdown, expected 1"
contains "$WORK/pr7/out/summary.md" "Regressions"
head -1 "$report/comment.md" | grep -qxF '<!-- bench-gate -->' || fail "the comment body lacks the marker"
contains "$report/comment.md" "BM\\_Work/"
# The comment names the pull request's head and its subject, not GitHub's merge commit (the
# checkout is refs/pull/7/merge at depth 1: the action passes github.event.pull_request.head.sha).
contains "$report/comment.md" "Pull request head **${pr7_head:0:12}** “Planted: 25 % more work per benchmark”"
contains "$report/comment.md" "measured as HEAD (${pr7_merge:0:12}), its merge into the base"
lacks "$report/comment.md" "Merge slower into main"
[[ $(cat "$report/pr-number") == 7 ]] || fail "pr-number is not 7"
# Annotations: at most 10 per level, worst first; past 10, nine rows and a line saying how many
# more. With 24 benchmarks 25 % slower, regressions (errors) or inconclusive ones (warnings) are
# more than 10, so at least one level is capped.
python3 - "$report/comparison.json" "$report/annotations.txt" << 'PY' || fail "annotations are not capped as documented"
import json, re, sys
benchmarks = json.load(open(sys.argv[1]))["benchmarks"]
lines = open(sys.argv[2]).read().splitlines()
rows = {"error": [b for b in benchmarks if b["verdict"] == "regression"],
        "warning": [b for b in benchmarks if b["verdict"] == "inconclusive"]}
capped = 0
for level, found in rows.items():
    shown = [l for l in lines if l.startswith(f"::{level} ")]
    assert len(shown) == min(10, len(found)), (level, len(shown), len(found))
    if len(found) > 10:
        capped += 1
        more = len(found) - 9
        assert shown[9].startswith(f"::{level} title=bench-gate%3A {more} more::{more} more "), shown[9]
    names = [re.search(r"::(BM_Work/\d+):", l).group(1) for l in shown[:9] if "BM_Work" in l]
    changes = {b["name"]: abs(b["change"]) for b in found}
    assert [changes[n] for n in names] == sorted((changes[n] for n in names), reverse=True), names
    assert not names or changes[names[0]] == max(changes.values()), "worst not first"
assert capped >= 1, f"no level had more than 10 rows: {[len(v) for v in rows.values()]}"
print(f"regressions {len(rows['error'])}, inconclusive {len(rows['warning'])}, capped levels {capped}")
PY
contains "$WORK/pr7/out/annotations.txt" "a benchmark regressed beyond its tier (exit 1)"
contains "$WORK/pr7/out/steps.txt" "not emulated: actions/github-script@v7"  # the comment step ran
pass "PR with a 25 % slowdown: gate failed (exit 1), annotations capped at 10 per level, worst first, the PR head named"

checkout "$WORK/pr8/ws" refs/pull/8/merge 1
run_job pr8 "$template_dir/bench-gate-pr.yml" gate \
  "$(context pull_request refs/pull/8/merge "$WORK/pr8/temp" 8 "$(git -C "$tiny" rev-parse unchanged)")"
[[ $(cat "$WORK/pr8/status") == 0 ]] ||
  { cat "$WORK/pr8/temp/bench-gate-report/report.md" >&2; tail -30 "$WORK/pr8/log" >&2; fail "the gate failed an unchanged PR"; }
[[ $(cat "$WORK/pr8/temp/bench-gate-report/exit-code") == 0 ]] || fail "compare did not exit 0 on an unchanged PR"
lacks "$WORK/pr8/temp/bench-gate-report/annotations.txt" "::error"
contains "$WORK/pr8/out/summary.md" "bench-gate"
pass "unchanged PR: gate passed (exit 0), no ::error annotation"
