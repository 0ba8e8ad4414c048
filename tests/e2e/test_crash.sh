#!/usr/bin/env bash
# A `bench-gate record` killed with SIGKILL at a random moment never breaks the store: git fsck
# stays clean, refs/notes/bench-gate either did not move or points at a notes commit holding the
# new run (one commit on top of the old tip), `show` parses, and later records still work. At the
# end the number of stored runs equals the number of records that got their ref moved; a stale ref
# lock (killed while holding it) makes the next record fail at once naming the file; temporary
# object files left by kills are removed by `git prune`.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

KILLS=${KILLS:-100}
BUDGET=${BUDGET:-75}  # seconds for the kills: on a slow machine, fewer kills (said in the output)
BENCHES=${BENCHES:-1500}
REPS=${REPS:-10}
TARGETS=50  # commits recorded in turn: the first 50 records create notes, the next ones append

specs=""
for i in $(seq 1 "$BENCHES"); do specs+=" crash/bench_$i=$((1000 + i))"; done
gbench_json big.json 1 "$REPS" $specs
new_repo repo
cd repo
for i in $(seq 1 $TARGETS); do git commit -q --allow-empty -m "target $i"; done
mapfile -t targets < <(git rev-list --max-count=$TARGETS HEAD)
ref=refs/notes/bench-gate

runs_on() {  # runs stored for commit $1 at notes commit $2 (git's view; any fan-out)
  local path
  path=$(git ls-tree -r --name-only "$2" | awk -v id="$1" '{ p = $0; gsub("/", "", p); if (p == id) print $0 }')
  [[ -n $path ]] || { echo 0; return; }
  git cat-file blob "$2:$path" | grep -oE '"run_id": ?"' | wc -l
}
loose() { git count-objects | cut -d' ' -f1; }
ms() { date +%s%3N; }

# How long one uninterrupted record takes here (median of 3): the kills are spread over that span,
# so they land in every stage: start-up, reading the input, writing objects, moving the ref,
# exiting. Even kills: uniform over 0-130 % of it; odd kills: 85-115 % of a running estimate of
# the end of a record (where the objects are written and the ref moves, the last few per cent),
# nudged up after a kill that came too early and down after a record that finished first.
spans=()
for k in 0 1 2; do
  t0=$(ms)
  "$BENCH_GATE" -q record "${targets[$k]}" --input ../big.json
  spans+=($(($(ms) - t0)))
done
span=$(printf '%s\n' "${spans[@]}" | sort -n | sed -n 2p)
completed=3 before_objects=0 mid_write=0 after_move=0 finished=0 stale_locks=0 lock_ms=""
declare -A expected=([${targets[0]}]=1 [${targets[1]}]=1 [${targets[2]}]=1)
echo "one record of $BENCHES benchmarks x $REPS repetitions takes ${spans[*]} ms (median $span)"
end=$span
random_ms() { echo $(($1 + (RANDOM * 32768 + RANDOM) % ($2 - $1 + 1))); }

start=$SECONDS
new=$(git rev-parse $ref)
kills=0
for i in $(seq 1 "$KILLS"); do
  if ((SECONDS - start > BUDGET)); then
    echo "time budget of $BUDGET s spent after $kills kills (a loaded machine); stopping there"
    break
  fi
  kills=$i
  target=${targets[$((i % TARGETS))]}
  old=$new
  old_runs=${expected[$target]:-0}
  objects=$(loose)
  if ((i % 2 == 0)); then delay=$(random_ms 0 $((span * 13 / 10))); else delay=$(random_ms $((end * 85 / 100)) $((end * 115 / 100))); fi
  "$BENCH_GATE" -q record "$target" --input ../big.json 2> /dev/null &
  pid=$!
  sleep "$((delay / 1000)).$(printf '%03d' $((delay % 1000)))"
  kill -9 $pid 2> /dev/null || true
  set +e
  { wait $pid; } 2> /dev/null
  rc=$?
  set -e
  [[ $rc == 0 || $rc == 137 ]] || fail "kill $i: record exited $rc"

  if [[ -e .git/$ref.lock ]]; then
    # Killed while holding the ref's lock, as git itself can be. The ref is intact; once the lock
    # is old, a writer stops waiting and names the file to remove (aged here with touch).
    stale_locks=$((stale_locks + 1))
    touch -d '-1 minute' ".git/$ref.lock"
    t0=$(ms)
    expect_exit 2 "$BENCH_GATE" record "$target" --input ../big.json
    one_line_error
    contains "$WORK/err" "$ref.lock"
    lock_ms=$(($(ms) - t0))
    rm -f ".git/$ref.lock"
  fi
  read -r new parents < <(git rev-list --parents -n 1 $ref) || fail "kill $i: $ref is unreadable"
  if [[ $new == "$old" ]]; then
    [[ $rc == 137 ]] || fail "kill $i: record succeeded but the ref did not move"
    if [[ $(loose) == "$objects" ]]; then
      before_objects=$((before_objects + 1))
      end=$((end * 105 / 100 + 1))
    else
      mid_write=$((mid_write + 1))
    fi
  else
    [[ $parents == "$old" ]] || fail "kill $i: the new notes commit is not (only) on top of the old tip"
    got=$(git notes --ref=bench-gate show "$target" | grep -oE '"run_id": ?"' | wc -l)
    [[ $got == $((old_runs + 1)) ]] || fail "kill $i: the note has $got runs, expected $((old_runs + 1))"
    [[ $(git diff --name-only "$old" "$new" | wc -l) == 1 ]] || fail "kill $i: more than one note changed"
    expected[$target]=$got
    completed=$((completed + 1))
    if [[ $rc == 137 ]]; then
      after_move=$((after_move + 1))
    else
      finished=$((finished + 1))
      end=$((end * 95 / 100))
    fi
  fi
  git fsck --no-dangling > ../fsck.log 2>&1 || { cat ../fsck.log >&2; fail "kill $i: git fsck failed"; }
  [[ ! -s ../fsck.log ]] || { cat ../fsck.log >&2; fail "kill $i: git fsck reports problems"; }
  set +e
  "$BENCH_GATE" -q show "$target" > /dev/null 2> ../show.err
  rc=$?
  set -e
  [[ $rc == 0 || ($rc == 3 && $old_runs == 0) ]] || { cat ../show.err >&2; fail "kill $i: show exits $rc"; }
done
pass "$kills kills in $((SECONDS - start)) s (end of a record estimated at $end ms): $before_objects before any object was written, $mid_write after writing objects but before the ref moved, $after_move after the ref moved, $finished finished first; $stale_locks left a stale ref lock${lock_ms:+ (then record refused in $lock_ms ms, naming the lock file)}"
((kills >= 20)) || fail "only $kills kills in the time budget"
pass "after every kill: git fsck clean, $ref unchanged or one commit ahead holding the new run, show parses"

# Recording still works, and the store holds exactly the records whose ref moved (plus this one).
"$BENCH_GATE" -q record "${targets[1]}" --input ../big.json
completed=$((completed + 1))
total=0
while read -r _ annotated; do
  total=$((total + $(runs_on "$annotated" $ref)))
done < <(git notes --ref=bench-gate list)
[[ $total == "$completed" ]] || fail "stored runs: $total, completed records: $completed"
git fsck --no-dangling > ../fsck.log 2>&1 && [[ ! -s ../fsck.log ]] || { cat ../fsck.log >&2; fail "final git fsck"; }
pass "a record after the kills succeeds; $total runs stored = $completed completed records; git fsck clean"

# Kills mid-write leave libgit2's temporary object files (.git/objects/tmp_object_git2_*), which
# git's own housekeeping removes (`git prune`, run by `git gc`, deletes tmp_* files once expired).
leftovers=$(find .git/objects -maxdepth 1 -name 'tmp_*' | wc -l)
git prune --expire=now
[[ -z $(find .git/objects -maxdepth 2 -name 'tmp_*') ]] || fail "git prune left temporary object files"
[[ $(git rev-parse $ref) == $(git rev-list -n 1 $ref) ]] && "$BENCH_GATE" -q show "${targets[1]}" > /dev/null ||
  fail "the store broke after git prune"
pass "$leftovers temporary object files left by kills; git prune removes them, the store stays intact"
