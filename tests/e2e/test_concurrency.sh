#!/usr/bin/env bash
# Concurrent writers on one repository: 8 `bench-gate record` processes at once, 20 records each,
# into the same commit (160 runs, none lost), then 8 processes on 8 different commits.
source "$(dirname "$0")/lib.sh"
cd "$WORK"

WRITERS=${WRITERS:-8}
ROUNDS=${ROUNDS:-20}

# run_ids REV: run ids stored for REV, one per line, through `bench-gate show --json`.
run_ids() {
  "$BENCH_GATE" -C repo show "$1" --json 2> /dev/null | grep -oE '"run_id": ?"[^"]*"' |
    sed -E 's/.*"([^"]*)"$/\1/' || true
}

# writer K REV...: record once per REV in turn; each success appends "run_id commit" to ok-K,
# each failure its stderr to fail-K.
writer() {
  local k=$1 rev
  shift
  for rev in "$@"; do
    if "$BENCH_GATE" -C repo record "$rev" --input "$WORK/in-$k.json" 2> "err-$k"; then
      sed -nE 's/.*recorded run ([0-9a-f]+) for ([0-9a-f]+).*/\1 \2/p' "err-$k" >> "ok-$k"
    else
      { echo "record $rev:"; cat "err-$k"; } >> "fail-$k"
    fi
  done
}

new_repo repo
for k in $(seq 1 "$WRITERS"); do
  gbench_json "in-$k.json" "$k" 3 "conc/a=1000 conc/b=2000 conc/writer$k=$((k * 100))"
done

# 1. Same commit: every writer records ROUNDS times, all writers at once.
head=$(git -C repo rev-parse HEAD)
revs=()
for _ in $(seq 1 "$ROUNDS"); do revs+=("$head"); done
start=$SECONDS
for k in $(seq 1 "$WRITERS"); do writer "$k" "${revs[@]}" & done
wait
if compgen -G "fail-*" > /dev/null; then head -n 20 fail-* >&2; fail "some records failed"; fi
want=$((WRITERS * ROUNDS))
cat ok-* | sort > expected.txt
[[ $(wc -l < expected.txt) == "$want" ]] || fail "expected $want successful records, got $(wc -l < expected.txt)"
run_ids "$head" | sort > stored.txt
stored=$(wc -l < stored.txt)
[[ $stored == "$want" ]] || fail "expected $want runs stored on HEAD, got $stored"
[[ -z $(uniq -d stored.txt) ]] || fail "duplicate run ids stored"
diff <(cut -d' ' -f1 expected.txt | sort) stored.txt > /dev/null || fail "stored run ids differ from the recorded ones"
pass "$WRITERS writers x $ROUNDS records on one commit: $stored runs stored, none lost, none duplicated ($((SECONDS - start)) s)"

# Git agrees: the note it sees has the same runs, the ref's history has one commit per record.
git_count=$(git -C repo notes --ref=bench-gate show "$head" | grep -oE '"run_id": ?"' | wc -l)
[[ $git_count == "$want" ]] || fail "git notes show sees $git_count runs"
commits=$(git -C repo rev-list --count refs/notes/bench-gate)
[[ $commits == "$want" ]] || fail "expected $want notes commits (one per record), got $commits"
git -C repo fsck --no-dangling > fsck.log 2>&1 || { cat fsck.log >&2; fail "git fsck"; }
[[ ! -s fsck.log ]] || { cat fsck.log >&2; fail "git fsck reports problems"; }
pass "git notes show agrees ($git_count runs); $commits notes commits in a line; git fsck clean"

# 2. Different commits: writer K records on its own commit, 5 times, all writers at once.
rm -f ok-* fail-* err-*
declare -a own
for k in $(seq 1 "$WRITERS"); do
  commit repo "commit for writer $k"
  own[k]=$(git -C repo rev-parse HEAD)
done
for k in $(seq 1 "$WRITERS"); do writer "$k" "${own[k]}" "${own[k]}" "${own[k]}" "${own[k]}" "${own[k]}" & done
wait
if compgen -G "fail-*" > /dev/null; then head -n 20 fail-* >&2; fail "some records failed"; fi
total=0
for k in $(seq 1 "$WRITERS"); do
  n=$(run_ids "${own[k]}" | sort -u | wc -l)
  [[ $n == 5 ]] || fail "writer $k's commit holds $n runs, expected 5"
  grep -qF "conc/writer$k" <("$BENCH_GATE" -C repo show "${own[k]}") || fail "writer $k's benchmarks missing"
  total=$((total + n))
done
[[ $(run_ids "$head" | wc -l) == "$want" ]] || fail "the first commit's $want runs changed"
notes=$(git -C repo notes --ref=bench-gate list | wc -l)
[[ $notes == $((WRITERS + 1)) ]] || fail "expected $((WRITERS + 1)) notes, got $notes"
pass "$WRITERS writers on $WRITERS different commits: $total runs (5 each), the first commit keeps its $want"

git -C repo fsck --no-dangling > fsck.log 2>&1 || { cat fsck.log >&2; fail "git fsck"; }
[[ ! -s fsck.log ]] || { cat fsck.log >&2; fail "git fsck reports problems"; }
pass "git fsck clean"
