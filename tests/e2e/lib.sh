# Shared helpers for the end-to-end tests: a throw-away git repository per test, a Google
# Benchmark JSON generator, and assertions. Source it; each test runs under `set -euo pipefail`.
set -euo pipefail

: "${BENCH_GATE:?set BENCH_GATE to the bench-gate binary}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bench-gate-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export GIT_AUTHOR_NAME=e2e GIT_AUTHOR_EMAIL=e2e@example.com GIT_COMMITTER_NAME=e2e GIT_COMMITTER_EMAIL=e2e@example.com
export GIT_CONFIG_NOSYSTEM=1 HOME="$WORK/home"
mkdir -p "$HOME"
git config --global init.defaultBranch main
git config --global protocol.file.allow always

fail() { echo "FAIL: $*" >&2; exit 1; }
pass() { echo "ok: $*"; }

# new_repo DIR: a git repository with one commit on main.
new_repo() {
  git init -q "$1"
  (cd "$1" && echo "one" > file.txt && git add file.txt && git commit -qm "first commit")
}

# commit DIR MESSAGE: one more commit.
commit() {
  local f="change-$RANDOM$RANDOM.txt"
  (cd "$1" && echo "$2" > "$f" && git add "$f" && git commit -qm "$2")
}

# gbench_json OUT SEED REPS NAME=NS[@NOISE] ...: Google Benchmark 1.7.1-style JSON with REPS
# repetitions per benchmark, times in ns around NS with relative uniform noise NOISE (default 0.01).
gbench_json() {
  local out=$1 seed=$2 reps=$3
  shift 3
  awk -v seed="$seed" -v reps="$reps" -v specs="$*" 'BEGIN {
    srand(seed)
    n = split(specs, items, " ")
    printf "{\n  \"context\": {\n    \"date\": \"2026-11-23T12:00:00+00:00\",\n    \"host_name\": \"e2e-host\",\n"
    printf "    \"executable\": \"./suite\",\n    \"num_cpus\": 2,\n    \"mhz_per_cpu\": 2800,\n"
    printf "    \"cpu_scaling_enabled\": false,\n    \"caches\": [{\"type\": \"Data\", \"level\": 1, \"size\": 32768, \"num_sharing\": 1}],\n"
    printf "    \"load_avg\": [0.5, 0.4, 0.3],\n    \"library_build_type\": \"debug\",\n    \"json_schema_version\": 1\n  },\n"
    printf "  \"benchmarks\": [\n"
    first = 1
    for (i = 1; i <= n; i++) {
      split(items[i], kv, "=")
      name = kv[1]; rest = kv[2]
      noise = 0.01
      if (index(rest, "@") > 0) { split(rest, tn, "@"); base = tn[1]; noise = tn[2] } else base = rest
      for (r = 0; r < reps; r++) {
        t = base * (1 + noise * (2 * rand() - 1))
        if (!first) printf ",\n"
        first = 0
        printf "    {\"name\": \"%s\", \"family_index\": %d, \"per_family_instance_index\": 0, \"run_name\": \"%s\", ", name, i - 1, name
        printf "\"run_type\": \"iteration\", \"repetitions\": %d, \"repetition_index\": %d, \"threads\": 1, ", reps, r
        printf "\"iterations\": 1000, \"real_time\": %.6f, \"cpu_time\": %.6f, \"time_unit\": \"ns\"}", t, t
      }
    }
    printf "\n  ]\n}\n"
  }' > "$out"
}

# expect_exit CODE CMD...: run CMD, check its exit code; stdout → $WORK/out, stderr → $WORK/err.
expect_exit() {
  local want=$1
  shift
  set +e
  "$@" > "$WORK/out" 2> "$WORK/err"
  local got=$?
  set -e
  if [[ $got != "$want" ]]; then
    echo "--- stdout" >&2; head -c 3000 "$WORK/out" >&2
    echo "--- stderr" >&2; cat "$WORK/err" >&2
    fail "expected exit $want, got $got: $*"
  fi
}

# one_line_error: stderr of the last expect_exit is exactly one line.
one_line_error() {
  local lines
  lines=$(wc -l < "$WORK/err")
  [[ $lines == 1 ]] || { cat "$WORK/err" >&2; fail "expected one line on stderr, got $lines"; }
}

contains() { grep -qF -- "$2" "$1" || { echo "--- $1:" >&2; head -c 4000 "$1" >&2; fail "'$2' not in $1"; }; }
lacks() { ! grep -qF -- "$2" "$1" || fail "'$2' unexpectedly in $1"; }

# need_tool TOOL WHAT: a test of another harness needs its real tool. Missing, the test is skipped
# (exit 77, a clear line) on a developer's machine, but fails in CI (CI set, or ci/test.sh, which
# installs every tool with ci/setup.sh).
need_tool() {
  command -v "$1" > /dev/null && return 0
  [[ -z ${CI:-}${BENCH_GATE_REQUIRE_TOOLS:-} ]] || fail "$1 is missing ($2; ci/setup.sh installs it)"
  echo "SKIP: $1 is not installed ($2; bash ci/setup.sh installs it)"
  exit 77
}
