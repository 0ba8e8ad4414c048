#!/usr/bin/env bash
# bench-gate sync between two clones of one bare remote: runs recorded concurrently in both clones,
# for the same commit and for different commits, then synced concurrently and once more in turn.
# Every run ends up in the remote and in both clones, exactly once; git fsck stays clean.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

# run_ids_git REPO COMMIT: the run ids in COMMIT's note as git itself sees it, one per line.
run_ids_git() {
  git -C "$1" notes --ref=bench-gate show "$2" 2> /dev/null | grep -oE '"run_id": ?"[^"]*"' |
    sed -E 's/.*"([^"]*)"$/\1/' | sort || true
}
# run_ids_tool REPO COMMIT: the same through `bench-gate show --json`.
run_ids_tool() {
  "$BENCH_GATE" -C "$1" show "$2" --json 2> /dev/null | grep -oE '"run_id": ?"[^"]*"' |
    sed -E 's/.*"([^"]*)"$/\1/' | sort || true
}
# record_bg REPO REV SEED: record a run in the background; its run id lands in ids/<REPO>.<n>.
n_records=0
record_bg() {
  local repo=$1 rev=$2 seed=$3
  n_records=$((n_records + 1))
  local tag="$repo.$n_records"
  gbench_json "in-$tag.json" "$seed" 5 "sync/a=1000@0.02 sync/b=2000@0.02 sync/c=$((3000 + seed))@0.02"
  ("$BENCH_GATE" -C "$repo" record "$rev" --input "$WORK/in-$tag.json" 2> "log-$tag" &&
    sed -nE 's/.*recorded run ([0-9a-f]+) for ([0-9a-f]+).*/\1 \2/p' "log-$tag" > "ids/$tag") &
}

# A bare remote with three commits on main; clone a by path, clone b by file:// URL.
new_repo seed
commit seed "second"
commit seed "third"
git clone -q --bare seed origin.git
git clone -q origin.git a
git clone -q "file://$WORK/origin.git" b
c1=$(git -C a rev-parse HEAD~2)
c2=$(git -C a rev-parse HEAD~1)
c3=$(git -C a rev-parse HEAD)
mkdir ids

# Both clones record at once: two runs each for c1 (the same commit), and c2 in a, c3 in b.
record_bg a "$c1" 1
record_bg a "$c1" 2
record_bg a "$c2" 3
record_bg b "$c1" 4
record_bg b "$c1" 5
record_bg b "$c3" 6
wait
[[ $(cat ids/* | wc -l) == 6 ]] || { tail -n +1 log-* >&2; fail "not every record succeeded"; }
cat ids/* | sort > expected.txt
for repo in a b; do
  got=$(cat ids/"$repo".* | wc -l)
  stored=0
  for c in "$c1" "$c2" "$c3"; do stored=$((stored + $(run_ids_tool "$repo" "$c" | wc -l))); done
  [[ $stored == "$got" ]] || fail "clone $repo stores $stored runs, recorded $got"
done
pass "6 concurrent records in two clones (3 each): each clone stores its own 3 runs"

# Both sync at once (one of them may find the remote moved under it and retry), then each in turn
# so that both see the other's runs.
("$BENCH_GATE" -C a sync origin 2> sync-a.log) &
pa=$!
("$BENCH_GATE" -C b sync origin 2> sync-b.log) &
pb=$!
wait $pa || { cat sync-a.log >&2; fail "concurrent sync in a failed"; }
wait $pb || { cat sync-b.log >&2; fail "concurrent sync in b failed"; }
pass "two concurrent syncs succeed ($(tr '\n' ' ' < sync-a.log)| $(tr '\n' ' ' < sync-b.log))"
for repo in a b a; do
  expect_exit 0 "$BENCH_GATE" -C "$repo" sync origin
done
pass "sequential syncs a, b, a succeed"

# Every run, exactly once, everywhere.
for repo in origin.git a b; do
  : > "got-$repo.txt"
  for c in "$c1" "$c2" "$c3"; do
    tool=$(run_ids_tool "$repo" "$c")
    gitview=$(run_ids_git "$repo" "$c")
    [[ $tool == "$gitview" ]] || fail "$repo: bench-gate show and git notes show disagree on ${c:0:10}"
    [[ -z $(printf '%s\n' "$tool" | sort | uniq -d) ]] || fail "$repo: duplicate run on ${c:0:10}"
    for id in $tool; do echo "$id ${c:0:12}" >> "got-$repo.txt"; done
  done
  sort -o "got-$repo.txt" "got-$repo.txt"
  diff expected.txt "got-$repo.txt" > /dev/null ||
    { diff expected.txt "got-$repo.txt" >&2; fail "$repo does not hold exactly the 6 recorded runs"; }
  count_c1=$(run_ids_tool "$repo" "$c1" | wc -l)
  [[ $count_c1 == 4 ]] || fail "$repo: expected 4 runs on c1, got $count_c1"
  pass "$repo holds all 6 runs exactly once (4 on the shared commit, 1 each on c2 and c3)"
done

# The three notes refs are the same commit: both clones converged on the remote's tip.
tip=$(git -C origin.git rev-parse refs/notes/bench-gate)
[[ $(git -C a rev-parse refs/notes/bench-gate) == "$tip" ]] || fail "a's notes ref differs from origin's"
[[ $(git -C b rev-parse refs/notes/bench-gate) == "$tip" ]] || fail "b's notes ref differs from origin's"
pass "a, b and origin point refs/notes/bench-gate at the same commit"

# The history keeps both sides: the tip descends from every notes commit a and b wrote.
for repo in a b; do
  while read -r old; do
    git -C origin.git merge-base --is-ancestor "$old" "$tip" ||
      fail "origin's notes history lost $repo's notes commit $old"
  done < <(git -C "$repo" reflog show --format=%H refs/notes/bench-gate)
done
pass "origin's notes history contains every notes commit of both clones"

for repo in origin.git a b; do
  git -C "$repo" fsck --no-dangling > "fsck-$repo.log" 2>&1 || { cat "fsck-$repo.log" >&2; fail "git fsck in $repo"; }
  [[ ! -s "fsck-$repo.log" ]] || { cat "fsck-$repo.log" >&2; fail "git fsck in $repo reports problems"; }
done
pass "git fsck is clean in origin, a and b"

# Git's own client can fetch what bench-gate pushed and reads every run.
git clone -q origin.git c
git -C c fetch -q origin refs/notes/bench-gate:refs/notes/bench-gate
[[ $(run_ids_git c "$c1" | wc -l) == 4 ]] || fail "a fresh git clone does not see the 4 runs on c1"
pass "a fresh clone fetching the notes ref with git sees every run"

# Records and syncs all at once: in each of 3 rounds, both clones record two runs (one on the
# shared commit, one on their own) while both sync. Records race the merge of the local ref;
# syncs race each other's pushes. After a final sync in turn, everything is everywhere.
for round in 1 2 3; do
  record_bg a "$c1" $((10 * round + 1))
  record_bg a "$c2" $((10 * round + 2))
  record_bg b "$c1" $((10 * round + 3))
  record_bg b "$c3" $((10 * round + 4))
  ("$BENCH_GATE" -q -C a sync origin 2>> sync-a.log || echo "a round $round" >> sync-failed) &
  ("$BENCH_GATE" -q -C b sync origin 2>> sync-b.log || echo "b round $round" >> sync-failed) &
  wait
done
[[ ! -e sync-failed ]] || { cat sync-failed sync-a.log sync-b.log >&2; fail "a sync failed while records ran"; }
[[ $(cat ids/* | wc -l) == 18 ]] || { tail -n +1 log-* >&2; fail "not every record succeeded"; }
for repo in a b a; do "$BENCH_GATE" -q -C "$repo" sync origin; done
cat ids/* | sort > expected.txt
for repo in origin.git a b; do
  : > "got-$repo.txt"
  for c in "$c1" "$c2" "$c3"; do
    for id in $(run_ids_tool "$repo" "$c"); do echo "$id ${c:0:12}" >> "got-$repo.txt"; done
  done
  sort -o "got-$repo.txt" "got-$repo.txt"
  diff expected.txt "got-$repo.txt" > /dev/null ||
    { diff expected.txt "got-$repo.txt" >&2; fail "$repo does not hold exactly the 18 recorded runs"; }
  git -C "$repo" fsck --no-dangling > "fsck-$repo.log" 2>&1 && [[ ! -s "fsck-$repo.log" ]] ||
    { cat "fsck-$repo.log" >&2; fail "git fsck in $repo"; }
done
tip=$(git -C origin.git rev-parse refs/notes/bench-gate)
pass "3 rounds of 4 records racing 2 syncs: origin, a and b hold all 18 runs exactly once (fsck clean)"

# Another sync with nothing new changes nothing.
expect_exit 0 "$BENCH_GATE" -C b sync origin
[[ $(git -C origin.git rev-parse refs/notes/bench-gate) == "$tip" ]] || fail "an idle sync moved origin's ref"
pass "an idle sync leaves the remote's ref where it was"
