#!/usr/bin/env bash
# Issue 13 items 1 and 4 on a real git repository: a 60-commit first-parent history with runs
# recorded by `bench-gate record --input` (two runs per recorded commit, between-run noise of
# this machine's measured sizes: tests/quality/README.md), steps planted at known commits, some
# commits never recorded. `changes` must name the right commit ranges, `--since` and `--json`
# must work, and `log` must be plain text on a terminal with one cell per recorded commit and the
# change points marked.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
new_repo r

# run_json OUT SEED COMMIT: one run's Google Benchmark JSON for commit number COMMIT (1-based):
#   BM_quiet_step  1000 ns, between-run sd 0.7 %, +8 % from commit 30 (in an unrecorded stretch)
#   BM_noisy_step  5000 ns, between-run sd 4.3 %, -10 % from commit 45
#   BM_flat         200 ns, between-run sd 1.7 %, never changes
run_json() {
  local specs
  specs=$(awk -v seed="$2" -v c="$3" 'function gauss() { return sqrt(-2 * log(1 - rand())) * cos(6.283185307 * rand()) }
    BEGIN { srand(seed)
      q = 1000 * exp(0.007 * gauss()) * (c >= 30 ? 1.08 : 1)
      n = 5000 * exp(0.043 * gauss()) * (c >= 45 ? 0.90 : 1)
      f = 200 * exp(0.017 * gauss())
      printf "BM_quiet_step=%.3f@0.004 BM_noisy_step=%.3f@0.01 BM_flat=%.3f@0.006", q, n, f }')
  # shellcheck disable=SC2086
  gbench_json "$1" "$2" 5 $specs
}

for c in $(seq 2 60); do
  case $c in
    30) commit r "make BM_quiet_step slower" ;;
    45) commit r "speed up BM_noisy_step" ;;
    33) commit r $'subject with \e[31mESC, <b>html</b> and BM_under_score' ;;
    *) commit r "commit $c" ;;
  esac
  [[ $c -ge 28 && $c -le 31 ]] && continue   # an unrecorded stretch: the step lies in it
  for p in 1 2; do
    run_json "run.json" "$((c * 10 + p))" "$c"
    "$BENCH_GATE" -q -C r record HEAD --input run.json
  done
done
pass "60 commits, 55 recorded with 2 runs each"

expect_exit 0 "$BENCH_GATE" -C r changes
cp "$WORK/out" changes.txt
contains changes.txt "BM_quiet_step  +"
contains changes.txt "in 5 commits"
contains changes.txt "make BM_quiet_step slower"
contains changes.txt "BM_noisy_step  -"
contains changes.txt "speed up BM_noisy_step"
lacks changes.txt "BM_flat"
lacks changes.txt $'\e'
lacks changes.txt 'BM\_'
pass "changes: both steps in the right ranges, the unchanged benchmark has none, plain text"

step45=$(git -C r rev-parse HEAD~15)
step30=$(git -C r rev-parse HEAD~30)
expect_exit 0 "$BENCH_GATE" -C r changes --json
jq -e '.change_points | length == 2' "$WORK/out" > /dev/null || fail "two change points expected"
jq -e --arg c "$step45" '.change_points[0].benchmark == "BM_noisy_step" and .change_points[0].after.commit == $c and .change_points[0].range == [.change_points[0].after]' "$WORK/out" > /dev/null ||
  fail "BM_noisy_step at HEAD~15 expected: $(jq -c '.change_points[0]' "$WORK/out")"
jq -e --arg c "$step30" '.change_points[1].benchmark == "BM_quiet_step" and ([.change_points[1].range[].commit] | index($c)) != null and (.change_points[1].range | length) == 5' "$WORK/out" > /dev/null ||
  fail "BM_quiet_step in a range holding HEAD~30 expected: $(jq -c '.change_points[1]' "$WORK/out")"
jq -e '.change_points[1].ci_low < 0.08 and .change_points[1].ci_high > 0.08 and .change_points[1].p_value < 0.001' "$WORK/out" > /dev/null ||
  fail "the +8 % step's interval must hold 8 %"
pass "changes --json: commits, ranges, interval and p"

expect_exit 0 "$BENCH_GATE" -C r changes --since HEAD~20 --json
jq -e '[.change_points[].benchmark] == ["BM_noisy_step"]' "$WORK/out" > /dev/null || fail "--since REV"
expect_exit 0 "$BENCH_GATE" -C r changes --since 2999-01-01
contains "$WORK/out" "No change points."
expect_exit 2 "$BENCH_GATE" -C r changes --since 2026-13-45
one_line_error
contains "$WORK/err" "--since: '2026-13-45' is not a date"
expect_exit 2 "$BENCH_GATE" -C r changes --since no-such-rev
one_line_error
expect_exit 2 "$BENCH_GATE" -C r changes --since HEAD --limit 5 --filter '(?=x)'
one_line_error
pass "changes --since REV|DATE, bad input is one line and exit 2"

expect_exit 0 "$BENCH_GATE" -C r log --limit 60
cp "$WORK/out" log.txt
contains log.txt "Benchmarks over 55 commits with stored runs (of 60 read)"
lacks log.txt 'BM\_'
lacks log.txt '&lt;'
quiet=$(grep '^BM_quiet_step' log.txt)
[[ $quiet == *"│"* ]] || fail "no change point mark in: $quiet"
[[ $quiet == *"+8."*" at "* ]] || fail "no change point column in: $quiet"
flat=$(grep '^BM_flat' log.txt)
[[ $flat != *"│"* ]] || fail "a change point on BM_flat: $flat"
[[ $flat != *"·"* ]] || fail "dots for unrecorded commits: $flat"
expect_exit 0 "$BENCH_GATE" -C r log --limit 60 --format markdown
contains "$WORK/out" 'BM\_quiet\_step'
expect_exit 0 "$BENCH_GATE" -C r log --limit 60 --format json
jq -e '(.commits | length) == 55 and .commits_read == 60 and ([.series[] | select(.benchmark == "BM_quiet_step") | .change_points | length] == [1])' "$WORK/out" > /dev/null ||
  fail "log --format json"
pass "log: plain text, one cell per recorded commit, change points marked; markdown and json"

# The nightly report: the commits since the baseline and what moved among them.
expect_exit 0 "$BENCH_GATE" -C r compare HEAD~16 HEAD --exact --no-run --template nightly --json nightly.json
cp "$WORK/out" nightly.md
contains nightly.md "### What moved since the previous nightly (1)"
contains nightly.md "| BM\_noisy\_step | -"
contains nightly.md "### Commits since the baseline"
contains nightly.md "- $(git -C r rev-parse --short=12 HEAD) commit 60"
contains nightly.md "_6 more left out._"
contains nightly.md "baseline $(git -C r rev-parse --short=12 HEAD~16) (the base commit itself"
jq -e '(.line_commits | length) == 16 and (.change_points | length) == 1 and .change_points[0].benchmark == "BM_noisy_step"' nightly.json > /dev/null ||
  fail "nightly comparison JSON: line_commits and change_points"
expect_exit 0 "$BENCH_GATE" -C r report --input nightly.json --template nightly
contains "$WORK/out" "### What moved since the previous nightly (1)"
pass "nightly report: commits since the baseline, change points after it, also from the saved JSON"
