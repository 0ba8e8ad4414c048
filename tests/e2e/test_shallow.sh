#!/usr/bin/env bash
# A shallow CI checkout (`git clone --depth 1` of a feature branch) can gate: it fetches the notes
# ref and the base branch at depth 1, records HEAD, compares against origin/main (no merge-base is
# visible, so origin/main itself is the baseline), syncs its run back, and `log` says where its
# history ends. Without the base commit object, a full SHA still finds the base's stored run.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

# origin: main with four commits; the developer records a baseline on main's tip (and on an older
# commit, so the notes ref has more than one commit of history), pushes main, the notes ref and a
# feature branch with two commits.
new_repo seed
git clone -q --bare seed origin.git
git clone -q origin.git dev
commit dev "main 2"
old_main=$(git -C dev rev-parse HEAD)
commit dev "main 3"
unrecorded=$(git -C dev rev-parse HEAD)
commit dev "main 4"
base=$(git -C dev rev-parse HEAD)
gbench_json old.json 1 10 "shallow/fast=1000@0.01 shallow/slow=50000@0.01"
gbench_json base.json 2 10 "shallow/fast=1000@0.01 shallow/slow=50000@0.01"
gbench_json base2.json 3 10 "shallow/fast=1000@0.01 shallow/slow=50000@0.01"
gbench_json head.json 4 10 "shallow/fast=1000@0.01 shallow/slow=62500@0.01"  # 25 % slower
"$BENCH_GATE" -q -C dev record "$old_main" --input "$WORK/old.json"
"$BENCH_GATE" -q -C dev record "$base" --input "$WORK/base.json"
"$BENCH_GATE" -q -C dev record "$base" --input "$WORK/base2.json"
git -C dev push -q origin main
git -C dev push -q origin refs/notes/bench-gate
git -C dev checkout -qb feature
commit dev "feature 1"
commit dev "feature 2"
head=$(git -C dev rev-parse HEAD)
git -C dev push -q origin feature
[[ $(git -C origin.git rev-list --count refs/notes/bench-gate) == 3 ]] || fail "origin should have 3 notes commits"
pass "origin: main with a recorded baseline (2 runs on ${base:0:10}), notes pushed, feature branch pushed"

# 1. The CI checkout: depth 1, then the notes ref and main at depth 1.
git clone -q --depth 1 --branch feature "file://$WORK/origin.git" ci
cd ci
git fetch -q --depth=1 origin +refs/notes/bench-gate:refs/notes/bench-gate +refs/heads/main:refs/remotes/origin/main
[[ -f .git/shallow ]] || fail "the CI clone is not shallow"
[[ $(git rev-parse HEAD) == "$head" ]] || fail "the CI clone is not at the feature tip"
git cat-file -e "$base^{commit}" || fail "origin/main's tip was not fetched"
! git cat-file -e "$old_main^{commit}" 2> /dev/null || fail "the CI clone unexpectedly has old history"
pass "shallow clone at ${head:0:10} with origin/main (${base:0:10}) and the notes ref fetched at depth 1"

expect_exit 0 "$BENCH_GATE" show "$base"
contains "$WORK/out" "2 runs"
expect_exit 0 "$BENCH_GATE" record HEAD --input ../head.json
expect_exit 0 "$BENCH_GATE" show HEAD
contains "$WORK/out" "1 run)"
pass "the shallow clone reads the baseline's 2 runs and records HEAD"

# No merge-base is visible (history is cut), so origin/main itself is the baseline: the 25 %
# slowdown of a standard-tier benchmark fails the gate.
expect_exit 1 "$BENCH_GATE" compare origin/main HEAD --json "$WORK/cmp.json"
lacks "$WORK/err" "merge-base"  # the expected shallow path is silent (issue 15)
contains "$WORK/out" "shallow/slow"
[[ $(jq -r .baseline_commit "$WORK/cmp.json") == "$base" ]] || fail "baseline is not origin/main's tip"
[[ $(jq -r '.benchmarks[] | select(.name == "shallow/slow") | .verdict' "$WORK/cmp.json") == regression ]] ||
  fail "shallow/slow is not a regression"
[[ $(jq -r '.benchmarks[] | select(.name == "shallow/fast") | .verdict' "$WORK/cmp.json") == unchanged ]] ||
  fail "shallow/fast is not unchanged"
pass "compare origin/main HEAD in the shallow clone exits 1 (shallow/slow regression, baseline ${base:0:10})"

# With a looser policy the same comparison passes.
echo '{"tiers": {"standard": {"threshold_percent": 50}}}' > ../loose.json
expect_exit 0 "$BENCH_GATE" --config ../loose.json compare origin/main HEAD
pass "compare with a 50 % standard threshold exits 0"

# log says where history ends.
expect_exit 0 "$BENCH_GATE" log
contains "$WORK/out" "shallow clone boundary"
contains "$WORK/out" "shallow/slow"
expect_exit 0 "$BENCH_GATE" log origin/main
contains "$WORK/out" "shallow clone boundary"
pass "log names the shallow clone boundary (HEAD and origin/main)"

# The shallow clone (whose notes history is cut at depth 1 too) pushes its run back with sync;
# the remote's notes history stays complete and fsck-clean.
expect_exit 0 "$BENCH_GATE" sync origin
contains "$WORK/err" "pushed"
cd "$WORK"
git -C origin.git notes --ref=bench-gate show "$head" > head-note.json ||
  fail "origin has no note for the feature head after sync"
[[ $(grep -oE '"run_id": ?"' head-note.json | wc -l) == 1 ]] || fail "origin's feature note should hold 1 run"
[[ $(git -C origin.git notes --ref=bench-gate show "$base" | grep -oE '"run_id": ?"' | wc -l) == 2 ]] ||
  fail "origin's baseline note lost a run"
[[ $(git -C origin.git rev-list --count refs/notes/bench-gate) == 4 ]] ||
  fail "origin's notes history should be its 3 commits plus the CI's record"
git -C origin.git fsck --no-dangling > fsck.log 2>&1 || { cat fsck.log >&2; fail "git fsck in origin"; }
[[ ! -s fsck.log ]] || { cat fsck.log >&2; fail "git fsck in origin reports problems"; }
pass "sync from the shallow clone pushed its run to origin (4 notes commits, fsck clean)"

# Both sides move on: the developer records and pushes again, the CI clone records a second run;
# sync fetches the new remote notes into the shallow clone, merges, and pushes the union.
"$BENCH_GATE" -q -C dev sync origin
"$BENCH_GATE" -q -C dev record "$base" --input "$WORK/base.json"
"$BENCH_GATE" -q -C dev sync origin
"$BENCH_GATE" -q -C ci record HEAD --input "$WORK/head.json"
expect_exit 0 "$BENCH_GATE" -C ci sync origin
contains "$WORK/err" "pushed"
for repo in ci origin.git; do
  [[ $(git -C "$repo" notes --ref=bench-gate show "$base" | grep -oE '"run_id": ?"' | wc -l) == 3 ]] ||
    fail "$repo: the baseline should hold 3 runs"
  [[ $(git -C "$repo" notes --ref=bench-gate show "$head" | grep -oE '"run_id": ?"' | wc -l) == 2 ]] ||
    fail "$repo: the feature head should hold 2 runs"
  git -C "$repo" fsck --no-dangling > fsck.log 2>&1 || { cat fsck.log >&2; fail "git fsck in $repo"; }
  [[ ! -s fsck.log ]] || { cat fsck.log >&2; fail "git fsck in $repo reports problems"; }
done
[[ $(git -C ci rev-parse refs/notes/bench-gate) == $(git -C origin.git rev-parse refs/notes/bench-gate) ]] ||
  fail "the CI clone and origin disagree after sync"
pass "second round: the shallow clone fetches the remote's new notes, merges and pushes (3 + 2 runs, fsck clean)"

# 2. Only the notes ref fetched: the base commit object is absent. A full SHA still resolves (notes
# are keyed by commit id) and its stored run is the baseline; a branch name or short SHA cannot.
git clone -q --depth 1 --branch feature "file://$WORK/origin.git" bare-ci
cd bare-ci
git fetch -q --depth=1 origin +refs/notes/bench-gate:refs/notes/bench-gate
! git cat-file -e "$base^{commit}" 2> /dev/null || fail "the base commit should be absent"
expect_exit 1 "$BENCH_GATE" compare "$base" HEAD --json "$WORK/cmp2.json"
[[ $(jq -r .baseline_commit "$WORK/cmp2.json") == "$base" ]] || fail "baseline is not the absent base"
[[ $(jq -r '.benchmarks[] | select(.name == "shallow/slow") | .verdict' "$WORK/cmp2.json") == regression ]] ||
  fail "shallow/slow is not a regression against the absent base"
pass "base commit absent: compare FULL_SHA HEAD uses the base's stored runs and exits 1"
expect_exit 2 "$BENCH_GATE" compare "${base:0:12}" HEAD
one_line_error
contains "$WORK/err" "${base:0:12}"
expect_exit 2 "$BENCH_GATE" compare origin/main HEAD
one_line_error
contains "$WORK/err" "origin/main"
pass "base commit absent: a short SHA or origin/main exits 2 naming the revision"
# A full SHA with nothing stored for it (and no history to walk) is "no baseline", with a hint.
expect_exit 3 "$BENCH_GATE" -q compare "$unrecorded" HEAD --max-distance 5
one_line_error
contains "$WORK/err" "record"
pass "an absent commit with no stored run exits 3 (walking back is impossible without its history)"
