#!/usr/bin/env bash
# Bad input on the real binary (issue 5): every case checks the documented exit code, exactly one
# line on stderr naming the file/revision/field at fault, no crash (exit < 124, no sanitizer
# report), no hang (timeout 60) and, where nothing may be stored, an unchanged notes ref.
# Every case runs even when an earlier one failed; the summary table lists them all.
source "$(dirname "$0")/lib.sh"
DATA=${BENCH_GATE_TEST_DATA:-$(cd "$(dirname "$0")/../data" && pwd)}
BAD=$DATA/bad
REAL=$DATA/gbench/real_1.7.1.json
BG=$BENCH_GATE
# Sanitizer builds: LeakSanitizer prints statistics of the documented libgit2 PCRE2 suppression
# (harness/src/git/libgit2.cpp) on stderr; that is not a finding and not part of the error line.
export LSAN_OPTIONS=${LSAN_OPTIONS:-print_suppressions=0}
cd "$WORK"

RESULTS=()  # "status|case|detail"
NFAIL=0
CASE_PROBLEMS=""

ref_state() { git -C "$1" rev-parse -q --verify refs/notes/bench-gate 2> /dev/null || echo absent; }

# run_bg CMD...: run under `timeout 60`; stdout → $WORK/out, stderr → $WORK/err, exit → $GOT.
run_bg() {
  set +e
  timeout 60 "$@" > "$WORK/out" 2> "$WORK/err"
  GOT=$?
  set -e
}

problem() { CASE_PROBLEMS+="${CASE_PROBLEMS:+; }$*"; }

# finish CASE [DETAIL]: record the case as passed (prints `ok: CASE`) or failed with its problems.
finish() {
  if [[ -z $CASE_PROBLEMS ]]; then
    pass "$1"
    RESULTS+=("passed|$1|${2:-}")
  else
    echo "FAIL: $1: $CASE_PROBLEMS" >&2
    RESULTS+=("FAILED|$1|$CASE_PROBLEMS")
    NFAIL=$((NFAIL + 1))
  fi
  CASE_PROBLEMS=""
}

known_issue() {
  echo "known issue: $1: $2"
  RESULTS+=("known issue (reported)|$1|$2")
}

untestable() {
  echo "not testable here: $1: $2"
  RESULTS+=("not testable|$1|$2")
}

# check_run WANT NEEDLE: the last run_bg exited WANT; no crash or sanitizer report; for a non-zero
# WANT, stderr is one `bench-gate: error:` line containing NEEDLE (fixed strings joined by " && ").
check_run() {
  local want=$1 needle=$2
  if ((GOT >= 124)); then problem "crash or hang (exit $GOT)"; fi
  [[ $GOT == "$want" ]] || problem "exit $GOT, want $want"
  if grep -qaE 'AddressSanitizer|LeakSanitizer|runtime error:|terminate called' "$WORK/err"; then
    problem "sanitizer report or abort on stderr"
  fi
  if [[ $want != 0 ]]; then
    local lines
    lines=$(wc -l < "$WORK/err")
    [[ $lines == 1 ]] || problem "$lines lines on stderr: $(head -c 300 "$WORK/err" | tr '\n' '/')"
    grep -qa '^bench-gate: error: ' "$WORK/err" || problem "stderr is not 'bench-gate: error: ...'"
    local rest=$needle one
    while [[ -n $rest ]]; do  # NEEDLE: strings joined by " && ", each must appear
      one=${rest%% && *}
      [[ $one == "$rest" ]] && rest="" || rest=${rest#* && }
      grep -qaF -- "$one" "$WORK/err" || problem "stderr lacks '$one': $(head -c 300 "$WORK/err")"
    done
  fi
  if [[ $GOT != "$want" ]]; then
    echo "--- stderr of failing case:" >&2
    head -c 1000 "$WORK/err" >&2
  fi
}

# expect_error CASE WANT NEEDLE REPO CMD...: run CMD; check as check_run; REPO's notes ref unchanged.
expect_error() {
  local name=$1 want=$2 needle=$3 repo=$4
  shift 4
  local before after
  before=$(ref_state "$repo")
  run_bg "$@"
  after=$(ref_state "$repo")
  check_run "$want" "$needle"
  [[ $before == "$after" ]] || problem "notes ref moved ($before → $after)"
  finish "$name"
}

# --- a repository with a baseline (main) and a head commit (feature) ---------------------------------
new_repo repo
gbench_json base.json 1 5 "BM_A=1000@0.01 BM_B=2000@0.01"
gbench_json head.json 2 5 "BM_A=1000@0.01 BM_B=2000@0.01"
"$BG" -q -C repo record HEAD --input "$WORK/base.json"
BASE=$(git -C repo rev-parse HEAD)
git -C repo checkout -qb feature
commit repo "feature work"
"$BG" -q -C repo record HEAD --input "$WORK/head.json"
R="$WORK/repo"

# --- Google Benchmark input -------------------------------------------------------------------------
: > empty.json
expect_error "empty file" 2 "empty.json" "$R" "$BG" -C repo record HEAD --input "$WORK/empty.json"
printf ' \n\t\n' > blank.json
expect_error "whitespace-only file" 2 "blank.json" "$R" "$BG" -C repo record HEAD --input "$WORK/blank.json"

# Truncated JSON: a real 1.7.1 output cut where a suite killed mid-write leaves it.
size=$(wc -c < "$REAL")
for cut in 1 2 17 100 512 1000 1337 $((size / 3)) $((size / 2)) $((size - 40)) $((size - 3)) $((size - 2)); do
  head -c "$cut" "$REAL" > "cut_$cut.json"
  expect_error "truncated real 1.7.1 output at byte $cut of $size" 2 "cut_$cut.json" "$R" \
    "$BG" -C repo record HEAD --input "$WORK/cut_$cut.json"
done
# ...and cut inside a NaN token and inside a number of a generated output.
grep -b -o 'NaN' "$REAL" | head -1 | cut -d: -f1 > nan_at
head -c $(($(cat nan_at) + 2)) "$REAL" > cut_in_nan.json
expect_error "truncated inside a NaN token" 2 "cut_in_nan.json" "$R" "$BG" -C repo record HEAD --input "$WORK/cut_in_nan.json"
off=$(grep -b -o '"real_time": [0-9]' base.json | head -1 | cut -d: -f1)
head -c $((off + 15)) base.json > cut_in_number.json
expect_error "truncated inside a number" 2 "cut_in_number.json" "$R" "$BG" -C repo record HEAD --input "$WORK/cut_in_number.json"

expect_error "valid JSON, not Google Benchmark output (object)" 2 "not_gbench.json" "$R" \
  "$BG" -C repo record HEAD --input "$BAD/not_gbench.json"
expect_error "valid JSON, not Google Benchmark output (array)" 2 "top_level_array.json" "$R" \
  "$BG" -C repo record HEAD --input "$BAD/top_level_array.json"
expect_error "unknown json_schema_version" 2 "unknown_schema_version.json && json_schema_version" "$R" \
  "$BG" -C repo record HEAD --input "$BAD/unknown_schema_version.json"

expect_error "NaN in real_time" 2 "nan_real_time.json && real_time && BM_A" "$R" \
  "$BG" -C repo record HEAD --input "$BAD/nan_real_time.json"
expect_error "Infinity in cpu_time" 2 "inf_cpu_time.json && cpu_time" "$R" "$BG" -C repo record HEAD --input "$BAD/inf_cpu_time.json"
expect_error "-nan (printf style) in real_time" 2 "real_time" "$R" "$BG" -C repo record HEAD --input "$BAD/lower_nan_time.json"
# zero times are accepted since issue 16: tests/e2e/test_ingest_cases.sh checks the row they give
expect_error "negative time" 2 "negative_time.json && real_time && BM_A" "$R" "$BG" -C repo record HEAD --input "$BAD/negative_time.json"
expect_error "astronomically large time (1e300 ns)" 2 "huge_time.json && real_time && BM_A" "$R" "$BG" -C repo record HEAD --input "$BAD/huge_time.json"
sed 's/"time_unit": "ns"/"time_unit": "s"/' "$BAD/nan_counters.json" | sed 's/"real_time": 10,/"real_time": 1e300,/' > overflow_s.json
expect_error "time that overflows when converted from s to ns" 2 "overflow_s.json && real_time" "$R" \
  "$BG" -C repo record HEAD --input "$WORK/overflow_s.json"

expect_error "duplicate name from two benchmark instances" 2 "duplicate_instances.json && BM_A" "$R" \
  "$BG" -C repo record HEAD --input "$BAD/duplicate_instances.json"
expect_error "duplicate repetition_index" 2 "duplicate_repetition.json && repetition_index" "$R" \
  "$BG" -C repo record HEAD --input "$BAD/duplicate_repetition.json"
expect_error "same benchmark in two --input shards" 2 "head.json" "$R" \
  "$BG" -C repo record HEAD --input "$WORK/base.json" "$WORK/head.json"
expect_error "missing --input file" 2 "no-such-file.json" "$R" \
  "$BG" -C repo record HEAD --input "$WORK/no-such-file.json"
expect_error "--input is a directory" 2 "$WORK" "$R" "$BG" -C repo record HEAD --input "$WORK"

# Untrusted text holding a newline still yields one line on stderr (escaped as \n).
expect_error "NaN time in a benchmark whose name holds a newline" 2 'line1\nline2' "$R" \
  "$BG" -C repo record HEAD --input "$BAD/nan_time_newline_name.json"
sed 's/BM_A/two\\nlines/g; s/BM_B/BM_C/g' head.json > shard_a.json
sed 's/BM_A/two\\nlines/g' head.json > shard_b.json
expect_error "same newline name in two --input shards" 2 'two\nlines' "$R" \
  "$BG" -C repo record HEAD --input "$WORK/shard_a.json" "$WORK/shard_b.json"
expect_error "--input path holding a newline" 2 'no\nsuch.json' "$R" \
  "$BG" -C repo record HEAD --input $'no\nsuch.json'
expect_error "-C path holding a newline" 2 'dir\nname' "$R" "$BG" -C $'dir\nname' show HEAD
expect_error "config: tier name holding a newline" 2 'tiers.new\ntier' "$R" \
  "$BG" -C repo --config "$BAD/config_newline_tier.json" compare main HEAD

# A run written by `bench-gate run --output` is also accepted as --input: a bad one is refused.
printf '{"run_id": "r1", "benchmarks": [{"name": "BM_A", "real_time_ns": [5, -1], "cpu_time_ns": [5, 5]}]}\n' > bad_run.json
expect_error "bench-gate run JSON with a negative sample" 2 "real_time_ns[1]" "$R" \
  "$BG" -C repo record HEAD --input "$WORK/bad_run.json"

# NaN/Infinity counters are accepted (Google Benchmark writes them for 0/0 rates).
before=$(ref_state "$R")
run_bg "$BG" -C repo record HEAD --input "$BAD/nan_counters.json"
check_run 0 ""
[[ $(ref_state "$R") != "$before" ]] || problem "nothing stored"
"$BG" -C repo show HEAD --json > show.json 2> /dev/null || problem "show failed after NaN counters"
grep -q '"BM_A"' show.json || problem "BM_A not stored"
finish "NaN/Infinity counters accepted and stored (exit 0)"

# --- every benchmark errored: record stores it (exit 0), compare exits 4 -------------------------------
git -C repo checkout -q -b errored "$BASE"
commit repo "errored suite"
run_bg "$BG" -C repo record HEAD --input "$BAD/all_errored.json"
check_run 0 ""
grep -q "2 with errors" "$WORK/err" || problem "record does not say the benchmarks errored: $(cat "$WORK/err")"
"$BG" -C repo show HEAD --json | grep -q '"error": "key setup failed"' || problem "error message not stored"
finish "all benchmarks errored: record stores the run (exit 0)"
run_bg "$BG" -C repo compare main HEAD --no-run
check_run 4 "key setup failed"
grep -q "key setup failed" "$WORK/out" || problem "report does not show the error message"
finish "all benchmarks errored: compare exits 4; report and one stderr line name the errors"
git -C repo checkout -q feature

# --- 100,000 benchmarks -----------------------------------------------------------------------------
awk 'BEGIN {
  printf "{\n  \"context\": {\"host_name\": \"big\", \"num_cpus\": 2, \"library_build_type\": \"release\"},\n  \"benchmarks\": [\n"
  for (i = 0; i < 100000; i++) {
    printf "%s    {\"name\": \"BM_Big/%d\", \"family_index\": %d, \"per_family_instance_index\": 0, \"run_name\": \"BM_Big/%d\", \"run_type\": \"iteration\", \"repetitions\": 1, \"repetition_index\": 0, \"threads\": 1, \"iterations\": 100, \"real_time\": %d.5, \"cpu_time\": %d.25, \"time_unit\": \"ns\"}", (i ? ",\n" : ""), i, i, i, 100 + i % 997, 100 + i % 991
  }
  printf "\n  ]\n}\n"
}' > big.json
git -C repo checkout -q -b big "$BASE"
commit repo "big suite"
start=$(date +%s.%N)
run_bg "$BG" -C repo record HEAD --input "$WORK/big.json"
elapsed=$(echo "$(date +%s.%N) - $start" | bc)
check_run 0 ""
grep -q "100000 benchmarks" "$WORK/err" || problem "record did not report 100000 benchmarks: $(cat "$WORK/err")"
(($(echo "$elapsed < 30" | bc))) || problem "record took ${elapsed}s (limit 30 s)"
finish "100,000 benchmarks recorded" "$(printf '%.1f s' "$elapsed")"
echo "  (100,000 benchmarks: record took $(printf '%.1f' "$elapsed") s)"
git -C repo checkout -q -b big-base "$BASE"
commit repo "big base"
"$BG" -q -C repo record HEAD --input "$WORK/big.json"
run_bg "$BG" -C repo compare big-base big --no-run --exact
check_run 0 ""
[[ $(wc -c < "$WORK/out") -le 60000 ]] || problem "report over its 60000-character budget"
finish "100,000 benchmarks compared (report within budget)"
git -C repo checkout -q feature

# --- names with |, backticks, newlines, <script>, non-UTF-8 and control bytes --------------------------
git -C repo checkout -q -b weird "$BASE"
commit repo "weird base"
"$BG" -q -C repo record HEAD --input "$BAD/weird_names.json"
run_bg "$BG" -C repo show HEAD --json
check_run 0 ""
for n in 'pipe|name' 'back`tick`s' 'line1\nline2' '<script>alert(1)</script>' $'bad\xef\xbf\xbd\xef\xbf\xbdutf8' 'ctrl\u0001\u001b[31mred'; do
  grep -qF -- "\"$n\"" "$WORK/out" || problem "name '$n' not stored as expected"
done
finish "odd names accepted and stored (invalid UTF-8 as U+FFFD, control bytes kept)"
commit repo "weird head"
"$BG" -q -C repo record HEAD --input "$BAD/weird_names.json"
run_bg "$BG" -C repo compare HEAD~1 HEAD --no-run --exact
check_run 0 ""
if grep -qai '<script' "$WORK/out"; then problem "raw <script in the report"; fi
if LC_ALL=C grep -qaP '[\x00-\x08\x0b-\x1f\x7f]' "$WORK/out"; then problem "raw control bytes in the report"; fi
if LC_ALL=C grep -qaP '\xff|\xfe' "$WORK/out"; then problem "raw invalid UTF-8 in the report"; fi
iconv -f UTF-8 -t UTF-8 "$WORK/out" > /dev/null 2>&1 || problem "report is not valid UTF-8"
# Table rows intact: in every table, each row has as many unescaped cell separators as its header.
awk '
  /^\|/ { line = $0; gsub(/\\\\/, "", line); gsub(/\\\|/, "", line); n = gsub(/\|/, "", line)
          if (!in_table) { want = n; in_table = 1 } else if (n != want) { bad++; print "bad row: " $0 > "/dev/stderr" } ; next }
  { in_table = 0 }
  END { exit bad > 0 }' "$WORK/out" || problem "a table row has the wrong number of cells"
for n in pipe back line1 script bad ctrl ok/plain; do
  grep -q "$n" "$WORK/out" || problem "name containing '$n' missing from the report"
done
finish "odd names: compare report escapes them (no raw <script, rows intact)"
# log prints plain text for the terminal (names as they are, controls neutralised); --markdown
# escapes like the report (issue 11, kind 6).
run_bg "$BG" -C repo log HEAD --limit 3 --markdown
check_run 0 ""
if grep -qai '<script' "$WORK/out"; then problem "raw <script in the log"; fi
if LC_ALL=C grep -qaP '[\x00-\x08\x0b-\x1f\x7f]' "$WORK/out"; then problem "raw control bytes in the log"; fi
run_bg "$BG" -C repo log HEAD --limit 3
check_run 0 ""
if LC_ALL=C grep -qaP '[\x00-\x08\x0b-\x1f\x7f]' "$WORK/out"; then problem "raw control bytes in the plain log"; fi
finish "odd names: log output escapes them"
run_bg "$BG" -C repo show HEAD
check_run 0 ""
if LC_ALL=C grep -qaP '[\x00-\x08\x0b-\x1f\x7f]' "$WORK/out"; then problem "raw control bytes in show"; fi
finish "odd names: show prints no raw control bytes"
git -C repo checkout -q feature

# --- revisions ----------------------------------------------------------------------------------------
expect_error "unknown revision (compare)" 2 "no-such-branch" "$R" "$BG" -C repo compare no-such-branch HEAD
expect_error "unknown revision (record)" 2 "no-such-rev" "$R" "$BG" -C repo record no-such-rev --input "$WORK/head.json"
expect_error "unknown revision (log)" 2 "nope~3" "$R" "$BG" -C repo log 'nope~3'
expect_error "unknown revision (show)" 2 "deadbeef" "$R" "$BG" -C repo show deadbeef
expect_error "revision with a newline in it" 2 "no-such" "$R" "$BG" -C repo compare $'no-such\nbranch' HEAD
missing=0123456789abcdef0123456789abcdef01234567
expect_error "record for an absent full SHA" 2 "$missing" "$R" "$BG" -C repo record $missing --input "$WORK/head.json"
expect_error "revision naming a blob, not a commit" 2 "HEAD:file.txt" "$R" \
  "$BG" -C repo record HEAD:file.txt --input "$WORK/head.json"

# Ambiguous short SHA: write blobs until two objects share a 4-hex prefix.
mkdir -p blobs
for i in $(seq 1 1500); do echo "blob $i" > "blobs/$i"; done
git -C repo hash-object -w -- "$WORK"/blobs/* > /dev/null
prefix=$(find repo/.git/objects -type f -path '*/objects/??/*' | sed 's|.*/\(..\)/\(..\).*|\1\2|' | sort | uniq -d | head -1)
if [[ -n $prefix ]] && ! git -C repo rev-parse -q --verify "$prefix" > /dev/null 2>&1; then
  expect_error "ambiguous short SHA ($prefix)" 2 "ambiguous revision '$prefix'" "$R" "$BG" -C repo compare "$prefix" HEAD
else
  untestable "ambiguous short SHA" "no shared 4-hex prefix among 1500 blobs"
fi

# --- not a repository; bare repository ---------------------------------------------------------------
mkdir -p "$WORK/plain/dir"
expect_error "not a git repository (record)" 2 "$WORK/plain/dir" "$WORK/plain" \
  env GIT_CEILING_DIRECTORIES="$WORK" "$BG" -C "$WORK/plain/dir" record --input "$WORK/head.json"
expect_error "not a git repository (compare)" 2 "$WORK/plain" "$WORK/plain" \
  env GIT_CEILING_DIRECTORIES="$WORK" "$BG" -C "$WORK/plain" compare main HEAD
expect_error "-C a directory that does not exist" 2 "no-such-dir" "$WORK/plain" \
  "$BG" -C "$WORK/no-such-dir" show HEAD
# Outside a repository `run` and `calibrate` still honour --config: a missing or bad file is an
# error naming it, never silently replaced by the defaults.
expect_error "run outside a repository, --config missing" 2 "no-such-config.json" "$WORK/plain" \
  env GIT_CEILING_DIRECTORIES="$WORK" "$BG" -C "$WORK/plain" --config "$WORK/no-such-config.json" run -- /bin/true
echo '{"processes": 0}' > "$WORK/bad-processes.json"
expect_error "calibrate outside a repository, bad --config" 2 "processes" "$WORK/plain" \
  env GIT_CEILING_DIRECTORIES="$WORK" "$BG" -C "$WORK/plain" --config "$WORK/bad-processes.json" calibrate -- /bin/true

git clone -q --bare repo bare.git
before=$(ref_state bare.git)
run_bg "$BG" -C bare.git record main --input "$WORK/base.json"
check_run 0 ""
run_bg "$BG" -C bare.git record feature --input "$WORK/head.json"
check_run 0 ""
[[ $(ref_state bare.git) != "$before" ]] || problem "nothing stored in the bare repository"
finish "bare repository: record --input works"
run_bg "$BG" -C bare.git compare main feature
check_run 0 ""
grep -qF 'BM\_A' "$WORK/out" || problem "no report"
finish "bare repository: compare works"
run_bg "$BG" -C bare.git log feature
check_run 0 ""
run_bg "$BG" -C bare.git show feature
check_run 0 ""
finish "bare repository: log and show work"
expect_error "bare repository: record without --input" 2 "bare" bare.git "$BG" -C bare.git record main
expect_error "bare repository: compare needing a suite run" 3 "" bare.git \
  "$BG" -C bare.git compare main "$(git -C repo rev-parse big)"

# --- notes that are not valid JSON or of an unknown schema --------------------------------------------
# Line: BASE (good run) ← bad1 (invalid note) ← bad2 (unknown schema_version) ← tip (good run).
git -C repo checkout -q -b notes "$BASE"
commit repo "bad note 1"
BAD1=$(git -C repo rev-parse HEAD)
commit repo "bad note 2"
BAD2=$(git -C repo rev-parse HEAD)
commit repo "tip"
"$BG" -q -C repo record HEAD --input "$WORK/head.json"
git -C repo notes --ref=bench-gate add -f -m '{"schema_version": 1, "runs": [' "$BAD1"
git -C repo notes --ref=bench-gate add -f -m '{"schema_version": 99, "runs": []}' "$BAD2"
short1=$(git -C repo rev-parse --short=10 "$BAD1")
short2=$(git -C repo rev-parse --short=10 "$BAD2")
# Compare from BAD2 walks over both bad notes (two warnings), from BAD1 over one.
for target in BAD1:$BAD1:$short1:1 BAD2:$BAD2:$short2:2; do
  IFS=: read -r label commit_id short nwarn <<< "$target"
  before=$(ref_state "$R")
  run_bg "$BG" -C repo compare "$commit_id" HEAD --no-run
  after=$(ref_state "$R")
  check_run 0 ""
  lines=$(wc -l < "$WORK/err")
  [[ $lines == "$nwarn" ]] || problem "$lines lines on stderr, want $nwarn warnings"
  grep -q "warning: note of commit $short" "$WORK/err" || problem "stderr does not name the bad note: $(cat "$WORK/err")"
  grep -q "$(git -C repo rev-parse --short=10 "$BASE")" "$WORK/out" || problem "report does not use the older baseline"
  [[ $before == "$after" ]] || problem "notes ref moved"
  finish "unreadable note ($label): compare warns (one line per bad note) and walks back to an older run"
done
run_bg "$BG" -C repo log HEAD --limit 5
check_run 0 ""
[[ $(grep -c "warning: note of commit" "$WORK/err") == 2 ]] || problem "log does not warn once per bad note: $(cat "$WORK/err")"
[[ $(wc -l < "$WORK/err") == 2 ]] || problem "log prints more than the two warnings"
grep -qF 'BM_A' "$WORK/out" || problem "log lost the good runs"
finish "unreadable notes: log warns about each and uses the other commits"
expect_error "unreadable note: show exits 2 naming it" 2 "note of commit $short1" "$R" "$BG" -C repo show "$BAD1"
run_bg "$BG" -C repo record "$BAD1" --input "$WORK/head.json"
check_run 2 "note of commit $short1"
[[ $(git -C repo notes --ref=bench-gate show "$BAD1") == '{"schema_version": 1, "runs": [' ]] || problem "note overwritten"
finish "record onto a commit with an invalid-JSON note refuses and keeps the note"
run_bg "$BG" -C repo record "$BAD2" --input "$WORK/head.json"
check_run 2 "note of commit $short2 && schema_version 99"
[[ $(git -C repo notes --ref=bench-gate show "$BAD2") == '{"schema_version": 99, "runs": []}' ]] || problem "note overwritten"
finish "record onto a commit with an unknown schema_version note refuses and keeps the note"
git -C repo checkout -q feature

# --- configuration ----------------------------------------------------------------------------------
cfg_case() {  # CASE FILE FIELD
  expect_error "config: $1" 2 "$2 && $3" "$R" "$BG" -C repo --config "$BAD/$2" record HEAD --input "$WORK/head.json"
}
cfg_case "unknown tier in a rule" config_unknown_tier.json "rules[0].tier"
cfg_case "unknown default_tier" config_unknown_default_tier.json "default_tier"
cfg_case "bad glob" config_bad_glob.json "rules[0].pattern"
cfg_case "threshold -5" config_threshold_negative.json "tiers.critical.threshold_percent"
cfg_case "threshold 500" config_threshold_500.json "tiers.standard.threshold_percent"
cfg_case "unknown key" config_unknown_key.json "treshold"
cfg_case "invalid JSON" config_invalid_json.json "config_invalid_json.json"
expect_error "config: --config file missing" 2 "no-such-config.json" "$R" \
  "$BG" -C repo --config "$WORK/no-such-config.json" compare main HEAD
cp "$BAD/config_threshold_500.json" repo/bench-gate.json
expect_error "config: discovered bench-gate.json with a bad threshold" 2 "bench-gate.json: tiers.standard.threshold_percent" "$R" \
  "$BG" -C repo compare main HEAD
rm repo/bench-gate.json
expect_error "--notes-ref outside refs/notes/" 2 "--notes-ref" "$R" \
  "$BG" -C repo --notes-ref refs/heads/main record HEAD --input "$WORK/head.json"

printf '{"repetitions": 0}\n' > cfg_reps.json
expect_error "config: repetitions 0" 2 "cfg_reps.json: repetitions" "$R" \
  "$BG" -C repo --config "$WORK/cfg_reps.json" record HEAD --input "$WORK/head.json"
printf '{"metric": "wall_time"}\n' > cfg_metric.json
expect_error "config: unknown metric" 2 "cfg_metric.json: metric" "$R" \
  "$BG" -C repo --config "$WORK/cfg_metric.json" compare main HEAD

# --- command-line misuse and saved comparisons -------------------------------------------------------
expect_error "--shard 3/2" 2 "3/2" "$R" "$BG" -C repo record HEAD --input "$WORK/head.json" --shard 3/2
expect_error "--budget below its minimum" 2 "--budget" "$R" "$BG" -C repo compare main HEAD --budget 5
expect_error "unknown option" 2 "--frobnicate" "$R" "$BG" -C repo compare main HEAD --frobnicate
expect_error "unknown command" 2 "unknown command 'frobnicate'" "$R" "$BG" -C repo frobnicate --help
expect_error "changes --since not a day" 2 "2026-13-45" "$R" "$BG" -C repo changes --since 2026-13-45
expect_error "--format unknown" 2 "--format" "$R" "$BG" -C repo compare main HEAD --format html
expect_error "report --input: invalid JSON" 2 "broken-cmp.json" "$R" \
  bash -c "printf '{\"schema_version\": 1, \"benchmarks\": [' > '$WORK/broken-cmp.json'; exec '$BG' report --input '$WORK/broken-cmp.json'"
"$BG" -q -C repo compare main HEAD --json "$WORK/cmp.json" > /dev/null
sed 's/"verdict": "unchanged"/"verdict": "sideways"/' cmp.json > cmp-bad-verdict.json
expect_error "report --input: unknown verdict" 2 "cmp-bad-verdict.json" "$R" \
  "$BG" report --input "$WORK/cmp-bad-verdict.json"

# --- templates --------------------------------------------------------------------------------------
expect_error "template with a syntax error" 2 "template_syntax_error.mustache" "$R" \
  "$BG" -C repo compare main HEAD --template "$BAD/template_syntax_error.mustache"
expect_error "template with an unknown variable" 2 "template_unknown_variable.mustache:3 && no_such_variable" "$R" \
  "$BG" -C repo compare main HEAD --template "$BAD/template_unknown_variable.mustache"
expect_error "template file missing" 2 "no-such.mustache" "$R" \
  "$BG" -C repo compare main HEAD --template "$WORK/no-such.mustache"

# --- the suite command --------------------------------------------------------------------------------
git -C repo checkout -q -b suite "$BASE"
commit repo "suite cases"
expect_error "suite command does not exist" 2 "no-such-suite" "$R" \
  "$BG" -q -C repo record HEAD -- "$WORK/no-such-suite"
printf '#!/bin/sh\necho "boom: cannot open data file" >&2\nexit 3\n' > failing-suite.sh
chmod +x failing-suite.sh
expect_error "suite command exits non-zero" 4 "boom: cannot open data file" "$R" \
  "$BG" -q -C repo record HEAD -- "$WORK/failing-suite.sh"
printf '#!/bin/sh\nfor a in "$@"; do [ "$a" = --benchmark_list_tests=true ] && { echo BM_Hang; exit 0; }; done\nsleep 987 & sleep 986\n' > hanging-suite.sh
chmod +x hanging-suite.sh
before=$(ref_state "$R")
start=$(date +%s)
run_bg "$BG" -q -C repo record HEAD --timeout 2 -- "$WORK/hanging-suite.sh"
took=$(($(date +%s) - start))
check_run 4 "timed out && hanging-suite.sh"
[[ $(ref_state "$R") == "$before" ]] || problem "notes ref moved"
((took <= 10)) || problem "took ${took}s"
sleep 0.5
if pgrep -f 'sleep 98[67]' > /dev/null; then problem "the suite's process group survived the timeout"; fi
finish "suite hangs: --timeout 2 kills its whole process group, exit 4" "${took} s"
printf '#!/bin/sh\nsleep 985\n' > hanging-list.sh
chmod +x hanging-list.sh
expect_error "suite hangs while listing: --timeout 2" 4 "timed out" "$R" \
  "$BG" -q -C repo compare main HEAD --timeout 2 -- "$WORK/hanging-list.sh"
# README: `record [REV] ... -- COMMAND`; without REV the command after -- must not become REV.
run_bg "$BG" -q -C repo record -- "$WORK/failing-suite.sh"
[[ $GOT == 4 ]] || problem "exit $GOT, want 4: the word after -- must not become REV"
finish "record -- COMMAND without REV runs COMMAND"
expect_error "record without --input on a commit that is not checked out" 2 "not the checked-out commit" "$R" \
  "$BG" -q -C repo record main -- "$WORK/failing-suite.sh"
git -C repo checkout -q feature

# --- --output to a FIFO: written through while read; one line (exit 2), not a hang, when unread ----
run_bg "$BG" -q -C repo compare main HEAD --output "$WORK/plain.md"
want_fifo=$GOT
mkfifo "$WORK/out.fifo"
cat "$WORK/out.fifo" > "$WORK/fifo.read" &
reader=$!
run_bg "$BG" -q -C repo compare main HEAD --output "$WORK/out.fifo"
wait "$reader" || true
check_run "$want_fifo" ""
[[ -p $WORK/out.fifo ]] || problem "the FIFO was replaced by a $(stat -c %F "$WORK/out.fifo")"
[[ $(wc -l < "$WORK/fifo.read") == $(wc -l < "$WORK/plain.md") ]] ||
  problem "the reader got $(wc -l < "$WORK/fifo.read") lines, the file $(wc -l < "$WORK/plain.md")"
finish "--output to a FIFO with a reader: the report goes through, the FIFO stays"
fifo_start=$SECONDS
run_bg "$BG" -q -C repo compare main HEAD --output "$WORK/out.fifo"
check_run 2 "out.fifo: a FIFO that no process opened for reading"
[[ -p $WORK/out.fifo ]] || problem "the FIFO was replaced"
((SECONDS - fifo_start < 30)) || problem "took $((SECONDS - fifo_start)) s"
finish "--output to a FIFO nobody reads: one line, exit 2 after 10 s (was: waited forever)"

# --- read-only repository (bind mount, read-only, in a private mount namespace) -------------------------
ro_ns() {  # CMD: run CMD with ro-repo/.git bind-mounted read-only in a private mount namespace
  unshare -m --propagation private bash -c "mount --bind '$WORK/ro-repo/.git' '$WORK/ro-repo/.git' &&
    mount -o remount,bind,ro '$WORK/ro-repo/.git' && $1"
}
if unshare -m --propagation private true 2> /dev/null; then
  cp -a repo ro-repo
  before=$(ref_state ro-repo)
  if ro_ns "touch '$WORK/ro-repo/.git/probe'" 2> /dev/null || [[ -e ro-repo/.git/probe ]]; then
    untestable "read-only repository" "the read-only bind mount stayed writable"
  else
    set +e
    ro_ns "timeout 60 '$BG' -C '$WORK/ro-repo' record HEAD --input '$BAD/nan_counters.json' > '$WORK/out' 2> '$WORK/err'"
    GOT=$?
    set -e
    check_run 2 ""
    [[ $(ref_state ro-repo) == "$before" ]] || problem "notes ref moved"
    git -C ro-repo fsck > fsck.err 2>&1 || problem "git fsck failed: $(head -3 fsck.err)"
    finish "read-only repository: record fails in one line (exit 2)"
    echo "  (stderr: $(head -c 300 "$WORK/err"))"
    set +e
    ro_ns "timeout 60 '$BG' -C '$WORK/ro-repo' compare main HEAD > '$WORK/out' 2> '$WORK/err'"
    GOT=$?
    set -e
    check_run 0 ""
    finish "read-only repository: compare still works"
  fi
else
  untestable "read-only repository" "no mount namespace (unshare -m) here"
fi

# --- full disk: RLIMIT_FSIZE, and a tiny tmpfs ----------------------------------------------------------
new_repo full-repo
"$BG" -q -C full-repo record HEAD --input "$WORK/base.json"
commit full-repo "full disk"
before=$(ref_state full-repo)
set +e
(
  trap '' XFSZ
  ulimit -f 256  # 256 KiB per file: the 100,000-benchmark note does not fit
  timeout 60 "$BG" -C full-repo record HEAD --input "$WORK/big.json" > "$WORK/out" 2> "$WORK/err"
)
GOT=$?
set -e
check_run 2 ""
[[ $(ref_state full-repo) == "$before" ]] || problem "notes ref moved"
git -C full-repo fsck > fsck.err 2>&1 || problem "git fsck failed: $(head -3 fsck.err)"
finish "full disk (ulimit -f, EFBIG): record fails in one line, exit 2, ref unchanged, fsck clean"
echo "  (stderr: $(head -c 300 "$WORK/err"))"

mkdir -p "$WORK/tiny"
if unshare -m --propagation private true 2> /dev/null; then
  set +e
  unshare -m --propagation private bash -c "mkdir -p '$WORK/tiny' && mount -t tmpfs -o size=512k tmpfs '$WORK/tiny' || exit 98
             cp -a '$WORK/full-repo' '$WORK/tiny/r' 2> /dev/null || exit 97
             before=\$(git -C '$WORK/tiny/r' rev-parse -q --verify refs/notes/bench-gate || echo absent)
             timeout 60 '$BG' -C '$WORK/tiny/r' record HEAD --input '$WORK/big.json' > '$WORK/out' 2> '$WORK/err'
             rc=\$?
             after=\$(git -C '$WORK/tiny/r' rev-parse -q --verify refs/notes/bench-gate || echo absent)
             [ \"\$before\" = \"\$after\" ] || echo moved > '$WORK/tiny-moved'
             git -C '$WORK/tiny/r' fsck > '$WORK/tiny-fsck' 2>&1 || echo fsck > '$WORK/tiny-moved'
             exit \$rc"
  GOT=$?
  set -e
  if [[ $GOT == 98 || $GOT == 97 ]]; then
    untestable "full disk (tmpfs)" "cannot mount a tmpfs here (exit $GOT)"
  else
    check_run 2 ""
    [[ ! -e tiny-moved ]] || problem "$(cat tiny-moved): notes ref moved or fsck failed $(head -3 tiny-fsck)"
    finish "full disk (512 KiB tmpfs, ENOSPC): record fails in one line, exit 2, ref unchanged, fsck clean"
    echo "  (stderr: $(head -c 300 "$WORK/err"))"
  fi
fi

# --- summary ------------------------------------------------------------------------------------------
echo
echo "| # | case | result | detail |"
echo "| --- | --- | --- | --- |"
i=0
npass=0
nuntestable=0
nknown=0
for row in "${RESULTS[@]}"; do
  IFS='|' read -r status name detail <<< "$row"
  i=$((i + 1))
  [[ $status == passed ]] && npass=$((npass + 1))
  [[ $status == "not testable" ]] && nuntestable=$((nuntestable + 1))
  [[ $status == known* ]] && nknown=$((nknown + 1))
  echo "| $i | $name | $status | $detail |"
done
echo
echo "bad-input cases: $i tried, $npass passed, $NFAIL failed, $nknown known issues, $nuntestable not testable here"
((NFAIL == 0)) || fail "$NFAIL bad-input case(s) failed"
