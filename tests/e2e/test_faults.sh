#!/usr/bin/env bash
# End to end: crashes, hangs and signals (issue 11, kinds 10-14), on throw-away repositories with
# a fake suite (tests/e2e/fake_suite.sh) and the real bench-gate.
source "$(dirname "$0")/lib.sh"
FAKE=$(cd "$(dirname "$0")" && pwd)/fake_suite.sh
export TMPDIR=$WORK/tmp
mkdir -p "$TMPDIR"

# paired_repo DIR: main and branch "head" (checked out and built) with the fake suite.
paired_repo() {
  git init -q "$1"
  cp "$FAKE" "$1/suite.sh"
  echo "NS=1000" > "$1/params"
  printf 'set -e\ncp suite.sh bench\nchmod +x bench\n' > "$1/build.sh"
  printf 'bench\npids\n' > "$1/.gitignore"
  echo '{"suite_command": ["./bench"], "build_command": ["bash", "build.sh"], "repetitions": 3}' \
    > "$1/bench-gate.json"
  (cd "$1" && git add . && git commit -qm suite && git checkout -qb head && echo docs > README &&
    git add README && git commit -qm docs && bash build.sh)
}

# ---- kind 10: deeply nested JSON is exit 2 with one line, never a crash -----------------------
new_repo "$WORK/deep"
gbench_json "$WORK/ok.json" 1 5 BM_a=1000
python3 - "$WORK" <<'PY'
import json, sys
w = sys.argv[1]; d = 100000
s = open(w + "/ok.json").read()
open(w + "/deep.json", "w").write(s.replace('"context": {', '"context": {"deep": ' + "[" * d + "]" * d + ', ', 1))
open(w + "/deep-comparison.json", "w").write('{"schema_version": 1, "x": ' + "[" * d + "]" * d + "}")
PY
expect_exit 2 "$BENCH_GATE" -C "$WORK/deep" record HEAD --input "$WORK/deep.json"
one_line_error
contains "$WORK/err" "deep.json: JSON nested deeper than"
expect_exit 2 "$BENCH_GATE" report --input "$WORK/deep-comparison.json"
one_line_error
contains "$WORK/err" "deep-comparison.json: JSON nested deeper than"
"$BENCH_GATE" -q -C "$WORK/deep" record HEAD --input "$WORK/ok.json"
commit "$WORK/deep" two
"$BENCH_GATE" -q -C "$WORK/deep" record HEAD --input "$WORK/ok.json"
C=$(git -C "$WORK/deep" rev-parse HEAD~1)
python3 - "$C" "$WORK/note.json" <<'PY'
import json, sys
c, out = sys.argv[1], sys.argv[2]; d = 200000
doc = {"schema_version": 1, "commit": c, "runs": [{"run_id": "hand", "shard": "", "commit": c,
       "environment": {"context": {"x": 0}}, "benchmarks": [{"name": "BM_a", "real_time_ns": [1000, 1001], "cpu_time_ns": [1000, 1001]}]}]}
open(out, "w").write(json.dumps(doc).replace('{"x": 0}', '{"x": ' + "[" * d + "]" * d + "}"))
PY
git -C "$WORK/deep" notes --ref=bench-gate add -f -F "$WORK/note.json" "$C" 2> /dev/null
expect_exit 2 "$BENCH_GATE" -C "$WORK/deep" show HEAD~1
one_line_error
contains "$WORK/err" "note of commit ${C:0:10}"
contains "$WORK/err" "JSON nested deeper than 512 levels"
expect_exit 0 "$BENCH_GATE" -C "$WORK/deep" log
contains "$WORK/err" "JSON nested deeper than 512 levels"
set +e
"$BENCH_GATE" -C "$WORK/deep" compare HEAD~1 HEAD --no-run > "$WORK/out" 2> "$WORK/err"
rc=$?
set -e
((rc < 128)) || fail "compare with a 200k-deep baseline note crashed (exit $rc)"
pass "kind 10: nested JSON in a results file, a note and a saved comparison is refused"

# log --filter is RE2: a 40,000-character name cannot crash it; invalid patterns are exit 2.
long=$(head -c 40000 /dev/zero | tr '\0' 'a')
gbench_json "$WORK/long.json" 1 3 "$long=1000" BM_b=1000
commit "$WORK/deep" three
"$BENCH_GATE" -q -C "$WORK/deep" record HEAD --input "$WORK/long.json"
expect_exit 0 "$BENCH_GATE" -C "$WORK/deep" log --limit 1 --filter '(a|b)*c|^a+$'
contains "$WORK/out" "aaaa"
lacks "$WORK/out" "BM_b"
expect_exit 0 "$BENCH_GATE" -C "$WORK/deep" log --limit 1 --filter 'M_b'
contains "$WORK/out" "BM_b"
lacks "$WORK/out" "aaaa"
for bad in '(' 'a{2,1}' '(?=a)' '\1'; do
  expect_exit 2 "$BENCH_GATE" -C "$WORK/deep" log --filter "$bad"
  one_line_error
  contains "$WORK/err" "is not a valid RE2 regex"
done
pass "kind 10: log --filter on a 40k-character name, invalid patterns exit 2"

# ---- kind 11: a child left holding the suite's stdout does not make bench-gate wait ------------
paired_repo "$WORK/fork"
start=$SECONDS
FAKE_MODE=fork expect_exit 0 timeout 60 "$BENCH_GATE" -q -C "$WORK/fork" run -r 1 --output "$WORK/run.json"
((SECONDS - start < 15)) || fail "run waited $((SECONDS - start)) s for the suite's child"
contains "$WORK/run.json" "BM_one"
FAKE_MODE=fork expect_exit 0 timeout 60 "$BENCH_GATE" -q -C "$WORK/fork" run -r 1 --timeout 5
FAKE_MODE=fork expect_exit 0 timeout 60 "$BENCH_GATE" -q -C "$WORK/fork" record HEAD
((SECONDS - start < 40)) || fail "run/record waited $((SECONDS - start)) s for the suite's children"
expect_exit 0 "$BENCH_GATE" -C "$WORK/fork" show HEAD
contains "$WORK/out" "BM_one"
for pid in $(cat "$WORK/fork/pids"); do kill "$pid" 2> /dev/null || true; done
rm -f "$WORK/fork/pids"
pass "kind 11: a suite whose child holds stdout is finished when it exits"

# ---- kind 12: suite output is streamed in bounded memory and linear time -----------------------
# measure MODE: run the fake suite once through bench-gate; prints "exit maxrss_kib cpu_seconds".
measure() {
  FAKE_MODE=$1 python3 - "$BENCH_GATE" "$WORK/fork" <<'PY'
import resource, subprocess, sys
bg, repo = sys.argv[1], sys.argv[2]
rc = subprocess.run([bg, "-q", "-C", repo, "run", "-r", "1", "--output", repo + "/../m.json"],
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print(rc, u.ru_maxrss, round(u.ru_utime + u.ru_stime, 2))
PY
}
# Under AddressSanitizer (ci/sanitize.sh) memory and time are the sanitizer's: only the exit.
sanitized=0
# (ci/sanitize.sh exports ASAN_OPTIONS; clang links the ASan runtime statically, so ldd alone
# does not show it)
if [[ -n ${ASAN_OPTIONS:-} ]] || ldd "$BENCH_GATE" 2> /dev/null | grep -q libasan ||
  grep -qa __asan_init "$BENCH_GATE"; then
  sanitized=1
fi
read -r rc rss cpu <<< "$(measure lines=256)"
echo "256 MiB of lines: exit $rc, max RSS $rss KiB, CPU $cpu s"
[[ $rc == 0 ]] || fail "run with 256 MiB of output exited $rc"
((sanitized || rss < 96 * 1024)) || fail "256 MiB of suite output took $rss KiB of memory"
read -r rc rss cpu <<< "$(measure spew=128)"
echo "128 MiB without a newline: exit $rc, max RSS $rss KiB, CPU $cpu s"
[[ $rc == 0 ]] || fail "run with 128 MiB of output without newlines exited $rc"
((sanitized || rss < 96 * 1024)) || fail "128 MiB of output without newlines took $rss KiB of memory"
python3 -c "import sys; sys.exit(0 if $sanitized or float('$cpu') < 8 else 1)" ||
  fail "128 MiB of output without newlines took $cpu s of CPU"
pass "kind 12: suite output in bounded memory and linear time"

# ---- kind 14 (suite part): a suite that writes garbage instead of JSON is exit 4 ---------------
FAKE_MODE=garbage expect_exit 4 "$BENCH_GATE" -q -C "$WORK/fork" run -r 1
one_line_error
contains "$WORK/err" "output of suite"
FAKE_MODE=garbage expect_exit 4 "$BENCH_GATE" -C "$WORK/fork" record HEAD
pass "kind 14: garbage from the suite is exit 4 (suite failed)"

# ---- kind 13: SIGINT/SIGTERM stop the suite, remove the worktree and temp files ----------------
paired_repo "$WORK/sig"
# Run with SIGINT at its default disposition (a background job of a script ignores it).
DFL='import signal,os,sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])'
# started_pids: the processes the suites (of HEAD, of the baseline's worktree) or builds started.
started_pids() { cat "$WORK/sig/pids" "$TMPDIR"/*/tree/pids 2> /dev/null || true; }
# wait_started: until a suite or build process started; sets $started.
wait_started() {
  for _ in $(seq 150); do started=$(started_pids); [[ -n $started ]] && return; sleep 0.1; done
  fail "the suite never started"
}
check_clean() {
  [[ -z $(ls -A "$TMPDIR") ]] || fail "$1: left in TMPDIR: $(ls -A "$TMPDIR" | tr '\n' ' ')"
  [[ $(git -C "$WORK/sig" worktree list | wc -l) == 1 ]] || fail "$1: worktree left: $(git -C "$WORK/sig" worktree list)"
  [[ -z $(ls -A "$WORK/sig/.git/worktrees" 2> /dev/null) ]] || fail "$1: .git/worktrees entry left"
  local p state alive=""
  for p in $started; do
    # Alive: exists and is not a zombie (killed, waiting for its new parent to reap it).
    state=$(sed 's/.*) //' "/proc/$p/stat" 2> /dev/null | cut -d' ' -f1 || true)
    if [[ -n $state && $state != Z ]]; then alive+=" $p"; kill -9 "$p" 2> /dev/null || true; fi
  done
  [[ -z $alive ]] || { cat "$WORK/err" >&2; fail "$1: suite or build processes still running:$alive"; }
  rm -f "$WORK/sig/pids"
}
for sig in INT TERM HUP; do
  FAKE_MODE=sleep=30 python3 -c "$DFL" "$BENCH_GATE" -C "$WORK/sig" compare main HEAD --paired \
    --blocks 2 > "$WORK/out" 2> "$WORK/err" &
  pid=$!
  wait_started
  kill -"$sig" "$pid"
  set +e; wait "$pid"; rc=$?; set -e
  want=$((128 + $(kill -l "$sig")))
  [[ $rc == "$want" ]] || { cat "$WORK/err" >&2; fail "compare --paired, SIG$sig: exit $rc, not $want"; }
  contains "$WORK/err" "interrupted by signal"
  check_clean "compare --paired, SIG$sig"
done
# compare --confirm re-measuring a stored regression, paired with a build of the baseline.
gbench_json "$WORK/base.json" 1 10 BM_one=1000 BM_two=1000
gbench_json "$WORK/slow.json" 2 10 BM_one=2000 BM_two=1000
"$BENCH_GATE" -q -C "$WORK/sig" record main --input "$WORK/base.json"
"$BENCH_GATE" -q -C "$WORK/sig" record HEAD --input "$WORK/slow.json"
FAKE_MODE=sleep=30 python3 -c "$DFL" "$BENCH_GATE" -C "$WORK/sig" compare main HEAD --confirm \
  > "$WORK/out" 2> "$WORK/err" &
pid=$!
wait_started
kill -INT "$pid"
set +e; wait "$pid"; rc=$?; set -e
[[ $rc == 130 ]] || { cat "$WORK/err" >&2; fail "compare --confirm, SIGINT: exit $rc"; }
contains "$WORK/err" "re-measuring 1 regression(s), paired"
check_clean "compare --confirm, SIGINT"
git -C "$WORK/sig" notes --ref=bench-gate remove main HEAD 2> /dev/null
# During the baseline build (a build.sh of the baseline that sleeps in a child).
printf 'set -e\necho $$ >> pids\nsleep 30 & echo $! >> pids; wait\n' > "$WORK/sig/slow-build.sh"
sed -i 's/"build.sh"/"slow-build.sh"/' "$WORK/sig/bench-gate.json"
git -C "$WORK/sig" checkout -q main
git -C "$WORK/sig" add slow-build.sh bench-gate.json && git -C "$WORK/sig" commit -qm "slow build"
git -C "$WORK/sig" checkout -q head && git -C "$WORK/sig" merge -q --no-edit main
python3 -c "$DFL" "$BENCH_GATE" -C "$WORK/sig" compare main HEAD --paired > "$WORK/out" 2> "$WORK/err" &
pid=$!
wait_started
kill -INT "$pid"
set +e; wait "$pid"; rc=$?; set -e
[[ $rc == 130 ]] || { cat "$WORK/err" >&2; fail "compare --paired, SIGINT during the build: exit $rc"; }
check_clean "compare --paired, SIGINT during the build"
# record runs the suite in the checkout: SIGTERM stops it and removes the results file.
FAKE_MODE=sleep=30 "$BENCH_GATE" -C "$WORK/sig" record HEAD > "$WORK/out" 2> "$WORK/err" &
pid=$!
wait_started
kill -TERM "$pid"
set +e; wait "$pid"; rc=$?; set -e
[[ $rc == 143 ]] || { cat "$WORK/err" >&2; fail "record, SIGTERM: exit $rc"; }
check_clean "record, SIGTERM"
expect_exit 3 "$BENCH_GATE" -C "$WORK/sig" show HEAD
pass "kind 13: SIGINT/SIGTERM/SIGHUP stop the suite or build and remove every temporary"
