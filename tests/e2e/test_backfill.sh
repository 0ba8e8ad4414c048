#!/usr/bin/env bash
# bench-gate backfill A..B (issue 13 item 2) on a real repository with a real build: a tiny
# project whose build_command makes its suite (a Google Benchmark stand-in) per commit. Six
# commits, one of which does not build: five recorded, the broken one reported and skipped.
# A backfill killed mid-range leaves no worktree and no half-written note, and the resumed one
# records the rest without duplicates. Also: record warns about a stale suite or a dirty tree.
source "$(dirname "$0")/lib.sh"
export TMPDIR="$WORK/tmp"
mkdir -p "$TMPDIR"

repo="$WORK/project"
mkdir -p "$repo"
git init -q "$repo"
cp "$(dirname "$0")/fake_suite.sh" "$repo/suite.sh"
cat > "$repo/build.sh" <<'SH'
#!/usr/bin/env bash
# The project's build: fails on a commit whose ns.txt says "broken"; BACKFILL_SLOW=S pauses.
set -euo pipefail
[[ -n ${BACKFILL_SLOW:-} ]] && sleep "$BACKFILL_SLOW"
ns=$(cat ns.txt)
[[ $ns == broken ]] && { echo "error: ns.txt is broken" >&2; exit 1; }
mkdir -p build
cp suite.sh build/suite
chmod +x build/suite
echo "NS=$ns" > build/params
SH
cat > "$repo/bench-gate.json" <<'JSON'
{"suite_command": ["build/suite"], "build_command": ["bash", "build.sh"], "repetitions": 3}
JSON
echo "build/" > "$repo/.gitignore"
echo 1000 > "$repo/ns.txt"
(cd "$repo" && git add -A && git commit -qm "project with a suite")
first=$(git -C "$repo" rev-parse HEAD)
for ns in 1010 1020 broken 1030 1040 1050; do
  (cd "$repo" && echo "$ns" > ns.txt && git commit -qam "ns $ns")
done
broken=$(git -C "$repo" rev-parse HEAD~3)
good=$(git -C "$repo" rev-list --first-parent "$first..HEAD" | grep -v "$broken")

notes() { git -C "$repo" notes --ref=bench-gate list | wc -l; }
runs_of() { "$BENCH_GATE" -C "$repo" show "$1" --json | jq '.runs | length'; }

# Usage errors come before anything is built.
expect_exit 2 "$BENCH_GATE" -C "$repo" backfill "$first"
one_line_error
contains "$WORK/err" "is not a range A..B"
expect_exit 2 "$BENCH_GATE" -C "$repo" backfill "nosuch..HEAD"
one_line_error
pass "a malformed range is one line, exit 2"

# Interrupted mid-range: SIGTERM while the third commit builds.
BACKFILL_SLOW=1 "$BENCH_GATE" -C "$repo" backfill "$first..HEAD" > "$WORK/bf1.out" 2> "$WORK/bf1.err" &
pid=$!
for _ in $(seq 1 300); do
  (( $(notes) >= 2 )) && break
  sleep 0.1
done
(( $(notes) >= 2 )) || { cat "$WORK/bf1.err" >&2; fail "two commits were not recorded in 30 s"; }
kill -TERM "$pid"
set +e
wait "$pid"
code=$?
set -e
[[ $code == 143 ]] || { cat "$WORK/bf1.err" >&2; fail "interrupted backfill exited $code, not 143"; }
[[ $(git -C "$repo" worktree list | wc -l) == 1 ]] || { git -C "$repo" worktree list >&2; fail "a worktree was left"; }
[[ -z $(ls -A "$TMPDIR") ]] || { ls -la "$TMPDIR" >&2; fail "temporary files were left"; }
done_before=$(notes)
for c in $(git -C "$repo" notes --ref=bench-gate list | awk '{print $2}'); do
  [[ $(runs_of "$c") == 1 ]] || fail "commit $c holds $(runs_of "$c") runs after the interrupt"
done
contains "$WORK/bf1.err" "backfill [2/6, ETA"
pass "SIGTERM mid-range: exit 143, no worktree or temporary file left, $done_before whole notes"

# Resumed: the rest is recorded, nothing twice; the broken commit is reported and skipped.
expect_exit 0 "$BENCH_GATE" -C "$repo" backfill "$first..HEAD"
contains "$WORK/err" "$done_before already recorded"
contains "$WORK/err" "warning: backfill: ${broken:0:12} skipped: build_command 'bash build.sh' exited with status 1: error: ns.txt is broken"
[[ $(notes) == 5 ]] || fail "expected 5 notes, got $(notes)"
for c in $good; do
  [[ $(runs_of "$c") == 1 ]] || fail "commit $c holds $(runs_of "$c") runs"
done
[[ $(git -C "$repo" worktree list | wc -l) == 1 ]] || fail "a worktree was left"
# Each commit was measured with its own build: the stored medians follow ns.txt.
median=$("$BENCH_GATE" -C "$repo" show HEAD --json | jq '.runs[0].benchmarks[0].real_time_ns | sort | .[1]')
[[ $median -ge 1050 && $median -lt 1060 ]] || fail "HEAD's median is $median, not ~1050"
pass "resumed: 5 commits with one run each, the broken build reported and skipped"

# Run again: only the broken commit is tried again (not fatal: the range has runs).
# --every 2 --again appends to every 2nd commit counted back from B.
expect_exit 0 "$BENCH_GATE" -C "$repo" backfill "$first..HEAD"
contains "$WORK/err" "1 to record, 5 already recorded"
contains "$WORK/err" "recorded 0, failed 1, already recorded 5"
expect_exit 0 "$BENCH_GATE" -C "$repo" backfill "$first..HEAD" --every 2 --again
contains "$WORK/err" "3 to record"
[[ $(runs_of HEAD) == 2 && $(runs_of HEAD~1) == 1 && $(runs_of HEAD~2) == 2 ]] ||
  fail "--every 2 --again did not append to HEAD, HEAD~2"
pass "nothing twice; --every 2 --again"

# Every commit failing, none recorded before: exit 4.
(cd "$repo" && echo broken > ns.txt && git commit -qam "broken again")
expect_exit 4 "$BENCH_GATE" -C "$repo" backfill HEAD~1..HEAD
contains "$WORK/err" "recorded 0, failed 1"
pass "every build failing: exit 4"

# record on the checked-out commit: a suite older than a tracked file, or a dirty tree, warns.
(cd "$repo" && git checkout -q HEAD~1 && bash build.sh)
expect_exit 0 "$BENCH_GATE" -C "$repo" record
lacks "$WORK/err" "warning"
touch -d '+2 seconds' "$repo/ns.txt"
expect_exit 0 "$BENCH_GATE" -C "$repo" record
contains "$WORK/err" "warning: record: the suite $repo/build/suite is older than ns.txt"
expect_exit 0 "$BENCH_GATE" -C "$repo" record --allow-stale
lacks "$WORK/err" "warning"
echo 1 >> "$repo/suite.sh"
expect_exit 0 "$BENCH_GATE" -C "$repo" record
contains "$WORK/err" "warning: record: the work tree has local changes to tracked files"
pass "record warns about a stale suite and a dirty tree (--allow-stale: no warning)"

# compare runs HEAD's suite when HEAD has no stored run: a suite older than the tree warns there
# too (a new user's stale binary once passed a 45 % slower branch silently).
(cd "$repo" && git checkout -q -- suite.sh && git commit -q --allow-empty -m "nothing stored yet")
touch -d '+4 seconds' "$repo/ns.txt"
"$BENCH_GATE" -C "$repo" compare HEAD~1 HEAD --no-confirm > "$WORK/out" 2> "$WORK/err" || true
contains "$WORK/err" "warning: compare: HEAD: the suite $repo/build/suite is older than ns.txt"
pass "compare warns when the suite it runs for HEAD is older than the tree"
