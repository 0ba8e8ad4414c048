#!/usr/bin/env bash
# The notes store never loses or misreads what it holds (issue 11, git kinds):
#   2  sync refuses (exit 2, naming commit and side) to merge a note it cannot parse
#   3  a non-note entry (README, non-hex path) in the notes tree is never taken for a note and is
#      kept through a merge
#   4  a note whose blob cannot be read is an error, never "nothing stored"
#   5  a merging sync keeps git's fan-out layout (notes made by git fast-import)
#   8  sync to a local path or file:// runs the remote's receive hooks
#   14 clear errors: symbolic notes ref, missing remote path, safe.directory; records racing git gc
source "$(dirname "$0")/lib.sh"
cd "$WORK"
git config --global user.name e2e
git config --global user.email e2e@example.com

gbench_json in.json 1 3 "BM_a=1000 BM_b=2000"
run_count() { git -C "$1" notes --ref=bench-gate show "$2" 2> /dev/null | grep -o '"run_id"' | wc -l; }

# --- kind 2: a note one side cannot parse ---------------------------------------------------------
new_repo seed
commit seed second
git clone -q --bare seed origin.git
git clone -q origin.git a
git clone -q origin.git b
c=$(git -C a rev-parse HEAD)
git -C a notes --ref=bench-gate add -m '{"schema_version": 2, "commit": "'"$c"'", "runs": [{"run_id": "NEWER-1"}]}' "$c"
"$BENCH_GATE" -q -C a sync origin
"$BENCH_GATE" -q -C b record HEAD --input "$WORK/in.json"
b_tip=$(git -C b rev-parse refs/notes/bench-gate)
expect_exit 2 "$BENCH_GATE" -C b sync origin
one_line_error
contains "$WORK/err" "$c"
contains "$WORK/err" "the remote note"
contains "$WORK/err" "schema_version 2"
git -C origin.git notes --ref=bench-gate show "$c" | grep -q NEWER-1 || fail "origin lost the schema-2 note"
[[ $(git -C b rev-parse refs/notes/bench-gate) == "$b_tip" ]] || fail "b's notes ref moved on a refused sync"
# The other way round: the unreadable note is the local one (a hand edit).
git clone -q --bare seed origin2.git
git clone -q origin2.git d
git clone -q origin2.git e
"$BENCH_GATE" -q -C e record HEAD --input "$WORK/in.json"
"$BENCH_GATE" -q -C e sync origin
git -C d notes --ref=bench-gate add -m 'hand edit: not json' HEAD
expect_exit 2 "$BENCH_GATE" -C d sync origin
one_line_error
contains "$WORK/err" "the local note"
contains "$WORK/err" "$(git -C d rev-parse HEAD)"
[[ $(git -C d notes --ref=bench-gate show HEAD) == "hand edit: not json" ]] || fail "d's hand-edited note changed"
[[ $(run_count origin2.git HEAD) == 1 ]] || fail "origin2's run lost"
pass "kind 2: sync refuses to merge a note it cannot parse, naming the commit and the side"

# --- a newer bench-gate's optional fields (schema_version 1) survive this one's record and sync ---
new_repo fut
commit fut second
"$BENCH_GATE" -q -C fut record HEAD --input "$WORK/in.json"
python3 - "$(git -C fut notes --ref=bench-gate show HEAD)" > "$WORK/future.json" <<'PY'
import json, sys
d = json.loads(sys.argv[1])
d["future_doc"] = {"epoch": 3}
r = d["runs"][0]
r["future_run"] = "kept"
r["environment"]["future_env"] = [1, 2]
r["benchmarks"][0]["future_bench"] = {"p99_ns": 7}
print(json.dumps(d))
PY
git -C fut notes --ref=bench-gate add -f -F "$WORK/future.json" HEAD
"$BENCH_GATE" -q -C fut record HEAD --input "$WORK/in.json"
git clone -q fut fut2
"$BENCH_GATE" -q -C fut2 record HEAD --input "$WORK/in.json"
"$BENCH_GATE" -q -C fut2 sync origin
python3 - "$(git -C fut notes --ref=bench-gate show HEAD)" <<'PY' || fail "a newer version's fields were dropped"
import json, sys
d = json.loads(sys.argv[1])
assert d["future_doc"] == {"epoch": 3}, d.get("future_doc")
assert len(d["runs"]) == 3, len(d["runs"])
r = [r for r in d["runs"] if "future_run" in r]
assert len(r) == 1, d["runs"]
r = r[0]
assert r["future_run"] == "kept" and r["environment"]["future_env"] == [1, 2], r
assert r["benchmarks"][0]["future_bench"] == {"p99_ns": 7}, r["benchmarks"][0]
PY
pass "a newer version's optional fields survive record and a merging sync"

# --- kind 3: non-note entries in the notes tree ----------------------------------------------------
rm -rf seed origin.git origin2.git a b d e
new_repo seed
commit seed second
git clone -q --bare seed origin.git
git clone -q origin.git a
git clone -q origin.git b
c1=$(git -C a rev-parse HEAD~1)
c2=$(git -C a rev-parse HEAD)
"$BENCH_GATE" -q -C a record "$c1" --input "$WORK/in.json"
"$BENCH_GATE" -q -C a record "$c2" --input "$WORK/in.json"
# Add a README and a non-hex directory beside the notes, as a user may with plain git.
readme=$(echo "these notes belong to bench-gate" | git -C a hash-object -w --stdin)
other=$(echo "not a note" | git -C a hash-object -w --stdin)
(cd a && export GIT_INDEX_FILE="$WORK/notes-index" && git read-tree refs/notes/bench-gate &&
  git update-index --add --cacheinfo "100644,$readme,README" &&
  git update-index --add --cacheinfo "100644,$other,docs/zz-not-hex" &&
  t=$(git write-tree) &&
  git update-ref refs/notes/bench-gate "$(git commit-tree "$t" -p refs/notes/bench-gate -m readme)")
expect_exit 0 "$BENCH_GATE" -C a show "$c2"
lacks "$WORK/out" "these notes belong"
expect_exit 0 "$BENCH_GATE" -C a log --limit 5
lacks "$WORK/out" "these notes belong"
lacks "$WORK/err" "these notes belong"
"$BENCH_GATE" -q -C a sync origin
"$BENCH_GATE" -q -C b record "$c2" --input "$WORK/in.json"   # diverged: the next sync merges
"$BENCH_GATE" -q -C b sync origin
for repo in b origin.git; do
  [[ $(git -C $repo rev-parse refs/notes/bench-gate:README) == "$readme" ]] || fail "$repo: README lost or changed by the merge"
  [[ $(git -C $repo rev-parse refs/notes/bench-gate:docs/zz-not-hex) == "$other" ]] || fail "$repo: docs/zz-not-hex lost"
  [[ $(run_count $repo "$c2") == 2 ]] || fail "$repo: note of c2 should hold 2 runs"
  [[ $(run_count $repo "$c1") == 1 ]] || fail "$repo: note of c1 should hold 1 run"
  git -C $repo notes --ref=bench-gate show "$c1" | grep -q "these notes belong" && fail "$repo: README text written as the note of c1"
done
git -C origin.git fsck --no-progress 2> /dev/null || fail "origin fails git fsck"
pass "kind 3: a README and a non-hex path in the notes tree are kept through a merge, never read as notes"

# --- kind 4: a note whose blob cannot be read ------------------------------------------------------
new_repo r4
for i in 1 2 3; do "$BENCH_GATE" -q -C r4 record HEAD --input "$WORK/in.json"; done
blob=$(git -C r4 notes --ref=bench-gate list HEAD)
tip=$(git -C r4 rev-parse refs/notes/bench-gate)
mv "r4/.git/objects/${blob:0:2}/${blob:2}" "$WORK/saved-blob"
expect_exit 2 "$BENCH_GATE" -C r4 show HEAD
one_line_error
contains "$WORK/err" "$(git -C r4 rev-parse HEAD)"
contains "$WORK/err" "missing or corrupt"
expect_exit 2 "$BENCH_GATE" -C r4 record HEAD --input "$WORK/in.json"
contains "$WORK/err" "$(git -C r4 rev-parse HEAD)"
[[ $(git -C r4 rev-parse refs/notes/bench-gate) == "$tip" ]] || fail "record moved the notes ref over an unreadable note"
mv "$WORK/saved-blob" "r4/.git/objects/${blob:0:2}/${blob:2}"
[[ $(run_count r4 HEAD) == 3 ]] || fail "the 3 earlier runs are no longer at the notes tip"
pass "kind 4: an unreadable note blob is an error (exit 2 naming the commit); record writes nothing over it"

# --- kind 5: a merging sync keeps git's fan-out layout ---------------------------------------------
rm -rf seed origin.git a b
new_repo seed
commit seed second
git clone -q --bare seed origin.git
"$BENCH_GATE" -q -C seed record HEAD --input "$WORK/in.json"
note_text=$(git -C seed notes --ref=bench-gate show HEAD)
# 3000 commits and a note on each, written by git fast-import (git's own fan-out).
python3 - "$note_text" > stream <<'PY'
import sys
note = sys.argv[1].encode()
out = sys.stdout.buffer
n = 3000
out.write(b"blob\nmark :1\ndata 2\nx\n\n")
for i in range(n):
    msg = b"c%d" % i
    out.write(b"commit refs/heads/many\nmark :%d\ncommitter e2e <e2e@example.com> %d +0000\n" % (i + 2, 1700000000 + i))
    out.write(b"data %d\n%s\n" % (len(msg), msg))
    if i == 0:
        out.write(b"M 100644 :1 f\n")
    out.write(b"\n")
out.write(b"commit refs/notes/bench-gate\ncommitter e2e <e2e@example.com> 1700009999 +0000\ndata 5\nnotes\n")
for i in range(n):
    out.write(b"N inline :%d\ndata %d\n%s\n" % (i + 2, len(note), note))
out.write(b"\n")
PY
git -C origin.git fast-import --quiet < stream
flat_entries() { git -C "$1" ls-tree --name-only refs/notes/bench-gate | awk 'length($0) != 2' | wc -l; }
[[ $(flat_entries origin.git) == 0 ]] || fail "fast-import did not fan out (test setup)"
git clone -q origin.git a
git clone -q origin.git b
"$BENCH_GATE" -q -C a sync origin
"$BENCH_GATE" -q -C b sync origin
"$BENCH_GATE" -q -C a record HEAD --input "$WORK/in.json"
"$BENCH_GATE" -q -C b record HEAD~1 --input "$WORK/in.json"
"$BENCH_GATE" -q -C a sync origin
"$BENCH_GATE" -q -C b sync origin   # diverged from origin: a merge commit written by bench-gate
[[ $(git -C b cat-file -p refs/notes/bench-gate | grep -c '^parent ') == 2 ]] || fail "expected a merge commit"
for repo in b origin.git; do
  [[ $(flat_entries $repo) == 0 ]] || fail "$repo: the merged notes tree is no longer fanned out ($(flat_entries $repo) flat entries)"
  [[ $(git -C $repo notes --ref=bench-gate list | wc -l) == 3002 ]] || fail "$repo: expected 3002 notes"
done
[[ $(run_count origin.git "$(git -C a rev-parse HEAD)") == 1 ]] || fail "a's run missing"
[[ $(run_count origin.git "$(git -C a rev-parse HEAD~1)") == 1 ]] || fail "b's run missing"
[[ $(run_count origin.git "$(git -C origin.git rev-parse many~1234)") == 1 ]] || fail "a fast-import note missing"
pass "kind 5: a merging sync keeps git's fan-out layout over 3002 notes"

# --- kind 8: sync to a local path or file:// runs the remote's receive hooks -----------------------
rm -rf seed origin.git a b
new_repo seed
git clone -q --bare seed origin.git
git clone -q origin.git a
"$BENCH_GATE" -q -C a record HEAD --input "$WORK/in.json"
printf '#!/bin/sh\necho "notes are frozen here" >&2\nexit 1\n' > origin.git/hooks/pre-receive
chmod +x origin.git/hooks/pre-receive
for remote in origin "$WORK/origin.git" "file://$WORK/origin.git"; do
  expect_exit 2 "$BENCH_GATE" -C a sync "$remote"
  one_line_error
  contains "$WORK/err" "pre-receive"
  contains "$WORK/err" "notes are frozen here"
  git -C origin.git rev-parse -q --verify refs/notes/bench-gate > /dev/null && fail "the refusing hook was bypassed ($remote)"
done
rm origin.git/hooks/pre-receive
printf '#!/bin/sh\necho "$1" >> "%s/hook-log"\n' "$WORK" > origin.git/hooks/update
chmod +x origin.git/hooks/update
git clone -q origin.git b
"$BENCH_GATE" -q -C b record HEAD --input "$WORK/in.json"
"$BENCH_GATE" -q -C a sync origin
"$BENCH_GATE" -q -C b sync "file://$WORK/origin.git"   # a merge pushed with a lease
contains hook-log "refs/notes/bench-gate"
[[ $(wc -l < hook-log) == 2 ]] || fail "the update hook should have run for both pushes"
[[ $(run_count origin.git HEAD) == 2 ]] || fail "origin should hold both runs"
# Concurrent syncs through the hook path still lose no run.
for i in 1 2 3; do
  "$BENCH_GATE" -q -C a record HEAD --input "$WORK/in.json"
  "$BENCH_GATE" -q -C b record HEAD --input "$WORK/in.json"
done
"$BENCH_GATE" -q -C a sync origin & p1=$!
"$BENCH_GATE" -q -C b sync origin & p2=$!
wait $p1 || fail "concurrent sync of a failed"
wait $p2 || fail "concurrent sync of b failed"
"$BENCH_GATE" -q -C a sync origin
[[ $(run_count origin.git HEAD) == 8 ]] || fail "origin should hold 8 runs, has $(run_count origin.git HEAD)"
pass "kind 8: local and file:// syncs run the remote's receive hooks (refusal: exit 2 with the hook's words)"

# --- kind 14: clear errors, and records racing git gc ----------------------------------------------
new_repo r14
"$BENCH_GATE" -q -C r14 record HEAD --input "$WORK/in.json"
git -C r14 update-ref refs/notes/real "$(git -C r14 rev-parse refs/notes/bench-gate)"
git -C r14 symbolic-ref refs/notes/bench-gate refs/notes/real
start=$SECONDS
expect_exit 2 "$BENCH_GATE" -C r14 record HEAD --input "$WORK/in.json"
one_line_error
contains "$WORK/err" "symbolic ref"
lacks "$WORK/err" "other writers"
(( SECONDS - start < 10 )) || fail "a symbolic notes ref took $((SECONDS - start)) s to refuse"
git -C r14 symbolic-ref --delete refs/notes/bench-gate
git -C r14 update-ref refs/notes/bench-gate refs/notes/real
expect_exit 2 "$BENCH_GATE" -C r14 sync "$WORK/no-such-remote.git"
one_line_error
contains "$WORK/err" "$WORK/no-such-remote.git does not exist"
lacks "$WORK/err" "unsupported URL protocol"
git -C r14 remote add gone "$WORK/gone.git"
expect_exit 2 "$BENCH_GATE" -C r14 sync gone
contains "$WORK/err" "does not exist"
if [[ $(id -u) == 0 ]] && id nobody > /dev/null 2>&1; then
  cp -r r14 foreign && chown -R nobody foreign
  expect_exit 2 "$BENCH_GATE" -C foreign show HEAD
  one_line_error
  contains "$WORK/err" "safe.directory"
  lacks "$WORK/err" "not a git repository"
  pass "kind 14: safe.directory refusal named"
fi
# Records racing git gc / pack-refs (which rename packed-refs and its lock) all succeed.
( for _ in $(seq 1 40); do git -C r14 pack-refs --all --prune 2> /dev/null; git -C r14 gc --quiet 2> /dev/null; done ) & gc=$!
for i in $(seq 1 25); do
  "$BENCH_GATE" -q -C r14 record HEAD --input "$WORK/in.json" || fail "record $i failed racing git gc"
done
wait $gc || true
[[ $(run_count r14 HEAD) == 26 ]] || fail "expected 26 runs after records racing git gc, got $(run_count r14 HEAD)"
pass "kind 14: symbolic notes ref, missing remote path: one clear line; records racing git gc succeed"
