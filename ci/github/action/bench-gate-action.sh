#!/usr/bin/env bash
# The steps of the bench-gate GitHub Action (action.yml beside this file), one function per step.
# Every input arrives in an environment variable, never pasted into the script; GitHub's own
# variables (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_PATH, RUNNER_TEMP, ...) are used as GitHub
# sets them, so tests/e2e/test_adopt.sh runs these steps outside GitHub by setting them itself.
#
#   bench-gate-action.sh key      cache key of the tool build: OS, bench-gate version, source hash
#   bench-gate-action.sh build    build and install bench-gate tool-only into BG_PREFIX (unless
#                                 the cache restored it), put it on PATH
#   bench-gate-action.sh pr       fetch the notes ref and the base branch, compare, write the
#                                 report, the job summary, the PR comment body and annotations
#   bench-gate-action.sh nightly  record HEAD, sync the notes ref to origin, publish the history
#                                 site (output `site`), nightly report
#   bench-gate-action.sh gate     exit with the gate's verdict (after the comment is posted)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source_dir=${BG_SOURCE:-$(cd "$here/../../.." && pwd)}
out=${BG_OUT:-${RUNNER_TEMP:-/tmp}/bench-gate}
marker='<!-- bench-gate -->'

say() { echo "bench-gate action: $*" >&2; }
output() { echo "$1=$2" >> "${GITHUB_OUTPUT:-/dev/null}"; }
summary() { cat >> "${GITHUB_STEP_SUMMARY:-/dev/null}"; }

# Extra arguments for record/compare (e.g. "--repetitions 10"), split on whitespace; no globbing.
extra_args=()
if [[ -n ${BG_ARGS:-} ]]; then
  set -f
  read -r -a extra_args <<< "$BG_ARGS"
  set +f
fi

step_key() {
  local version hash
  version=$(sed -n 's/^project([b]ench_gate VERSION \([0-9.]*\).*/\1/p' "$source_dir/CMakeLists.txt")
  hash=$(cd "$source_dir" && find CMakeLists.txt cmake harness templates -type f -print0 |
    sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
  local os=${ImageOS:-$(. /etc/os-release && echo "$ID-$VERSION_ID")}
  output key "bench-gate-${RUNNER_OS:-Linux}-$os-$version-$hash"
  output version "$version"
}

# Debian/Ubuntu packages the tool-only build needs (and, on a cache hit, the runtime libraries).
install_dependencies() {
  if [[ ${BG_INSTALL_DEPENDENCIES:-true} != true ]]; then return; fi
  if ! command -v apt-get > /dev/null; then
    say "no apt-get: install cmake, a C++20 compiler, libgit2, OpenSSL, nlohmann-json, simdjson, CLI11, kainjow-mustache, RE2 and pugixml yourself"
    return
  fi
  local sudo=()
  if [[ $(id -u) != 0 ]]; then sudo=(sudo); fi
  local packages=(cmake g++ make pkg-config git libgit2-dev libssl-dev nlohmann-json3-dev
    libcli11-dev libkainjow-mustache-dev libre2-dev libpugixml-dev libsimdjson-dev help2man)
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2> /dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return
  say "installing ${missing[*]}"
  "${sudo[@]}" apt-get update -q > /dev/null
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends \
    "${missing[@]}" > /dev/null
}

step_build() {
  local prefix=${BG_PREFIX:?BG_PREFIX: where to install bench-gate}
  local binary=$prefix/bin/bench-gate
  if [[ -x $binary ]] && ldd "$binary" | grep -q 'not found'; then
    install_dependencies  # a cache hit on a fresh runner: the shared libraries are missing
  fi
  if [[ -x $binary ]] && "$binary" --version > /dev/null 2>&1; then
    say "using the cached $("$binary" --version)"
  else
    install_dependencies
    local build=${BG_BUILD_DIR:-${RUNNER_TEMP:-/tmp}/bench-gate-build}
    cmake -S "$source_dir" -B "$build" -DCMAKE_BUILD_TYPE=Release \
      -DBENCH_GATE_BENCHES=OFF -DBENCH_GATE_TESTS=OFF > /dev/null
    cmake --build "$build" --target bench-gate -j"$(nproc)"
    cmake --install "$build" --prefix "$prefix" > /dev/null
    say "built and installed $("$binary" --version) in $prefix"
  fi
  echo "$prefix/bin" >> "${GITHUB_PATH:-/dev/null}"
  output bench-gate "$binary"
}

# The binary, from PATH (GITHUB_PATH takes effect in the next step) or the prefix.
bench_gate() {
  if [[ -n ${BG_PREFIX:-} && -x $BG_PREFIX/bin/bench-gate ]]; then
    "$BG_PREFIX/bin/bench-gate" "$@"
  else
    bench-gate "$@"
  fi
}

# Write the job summary and the file the annotations go to; print the annotations (capped by
# bench-gate: at most 10 per level) so that GitHub turns them into annotations.
publish() {
  local report=$1 code=$2
  if [[ -s $report ]]; then
    summary < "$report"
  else
    echo "bench-gate exited with code $code and wrote no report: see the job log." | summary
  fi
  if [[ -s $out/annotations.txt ]]; then cat "$out/annotations.txt"; fi
  echo "$code" > "$out/exit-code"
  output exit-code "$code"
  output report "$report"
  output dir "$out"
  say "bench-gate exited with $code"
}

step_pr() {
  local base=${BG_BASE_REF:?BG_BASE_REF: the base branch of the pull request (github.base_ref)}
  local depth=${BG_BASE_DEPTH:-100}
  mkdir -p "$out"
  rm -f "$out"/{report.md,comparison.json,annotations.txt,comment.md,pr-number,exit-code}
  # CI checkouts fetch neither refs/notes/* nor the base branch's history: fetch both.
  if ! git fetch --no-tags --depth="$depth" origin \
    "+refs/notes/bench-gate:refs/notes/bench-gate" \
    "+refs/heads/${base}:refs/remotes/origin/${base}"; then
    echo "::warning title=bench-gate::no refs/notes/bench-gate on origin yet; run the nightly workflow once"
    git fetch --no-tags --depth="$depth" origin "+refs/heads/${base}:refs/remotes/origin/${base}"
  fi
  # Gate with the base branch's policy, so that a pull request cannot loosen its own gate.
  local config=()
  if [[ -n ${BG_CONFIG:-} ]]; then
    config=(--config "$BG_CONFIG")
  elif [[ ${BG_POLICY_FROM_BASE:-true} == true ]]; then
    local path
    for path in bench-gate.json baselines/bench-gate.json; do
      if git cat-file -e "origin/${base}:${path}" 2> /dev/null; then
        git show "origin/${base}:${path}" > "$out/policy.json"
        config=(--config "$out/policy.json")
        say "gating with ${path} from the base branch"
        break
      fi
    done
  fi
  # The checkout is GitHub's merge commit (refs/pull/N/merge): the report names the pull request's
  # head (github.event.pull_request.head.sha) and its subject, fetched alone for that.
  local head=()
  if [[ ${BG_PR_HEAD:-} =~ ^[0-9a-f]{40}$ ]]; then
    git fetch --no-tags --depth=1 origin "$BG_PR_HEAD" 2> /dev/null ||
      say "could not fetch the pull request's head ${BG_PR_HEAD:0:12}: the report names it without its subject"
    head=(--pr-head "$BG_PR_HEAD")
  fi
  local code=0
  bench_gate compare "origin/${base}" HEAD --output "$out/report.md" --json "$out/comparison.json" \
    --format github "${head[@]}" "${config[@]}" "${extra_args[@]}" > "$out/annotations.txt" || code=$?
  publish "$out/report.md" "$code"
  # The sticky comment's body: the report behind a hidden marker, or fixed text (nothing from the
  # pull request) when there is none. The PR number travels with it for the fork workflow.
  {
    echo "$marker"
    if [[ -s $out/report.md ]]; then
      cat "$out/report.md"
    else
      echo "**bench-gate**: exit code $code; no report was written. See the job log."
    fi
  } > "$out/comment.md"
  if [[ ${BG_PR_NUMBER:-} =~ ^[0-9]+$ ]]; then echo "$BG_PR_NUMBER" > "$out/pr-number"; fi
}

step_nightly() {
  mkdir -p "$out"
  rm -f "$out"/{nightly.md,nightly.json,annotations.txt,exit-code}
  local config=()
  if [[ -n ${BG_CONFIG:-} ]]; then config=(--config "$BG_CONFIG"); fi
  # Run the suite for HEAD and store the run(s) in the local notes ref.
  bench_gate record HEAD "${config[@]}" "${extra_args[@]}"
  # Fetch origin's notes ref, merge (no run is ever lost), push; retried when someone pushed
  # meanwhile. bench-gate authenticates to https remotes with GITHUB_TOKEN from the environment.
  bench_gate sync "${BG_REMOTE:-origin}"
  # The static history site (bench-gate publish) for the workflow's Pages deploy; never fails
  # the night: the results are stored already.
  rm -rf "$out/site"
  if bench_gate publish "$out/site" HEAD --limit "${BG_SITE_LIMIT:-100}" "${config[@]}" \
      --commit-url "${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-OWNER/REPO}/commit/{sha}"; then
    output site "$out/site"
  else
    echo "::warning title=bench-gate::the history site was not published; see the log"
  fi
  # Against the previous recorded commit of the first-parent line; exit 3 on the first night.
  local code=0
  if ! git rev-parse --quiet --verify 'HEAD~1^{commit}' > /dev/null; then
    echo "bench-gate: HEAD has no parent here (the first commit, or a checkout with fetch-depth: 1): results stored, nothing to compare with" |
      tee "$out/nightly.md" >&2
    publish "$out/nightly.md" 3
    return
  fi
  bench_gate compare HEAD~1 HEAD --template nightly --no-run --output "$out/nightly.md" \
    --json "$out/nightly.json" --format github "${config[@]}" > "$out/annotations.txt" || code=$?
  publish "$out/nightly.md" "$code"
}

step_gate() {
  local code=${BG_EXIT:-$(cat "$out/exit-code" 2> /dev/null || echo missing)}
  case "$code" in
    0) echo "bench-gate: passed" ;;
    3) echo "::warning title=bench-gate::no stored baseline to compare with yet (exit 3); passing. The nightly workflow records one." ;;
    1) echo "::error title=bench-gate::a benchmark regressed beyond its tier (exit 1); see the report"; exit 1 ;;
    2) echo "::error title=bench-gate::usage or input error (exit 2); see the log"; exit 1 ;;
    4) echo "::error title=bench-gate::the benchmark suite failed (exit 4); see the log"; exit 1 ;;
    *) echo "::error title=bench-gate::no verdict (exit code ${code}); see the log"; exit 1 ;;
  esac
}

case "${1:-}" in
  key) step_key ;;
  build) step_build ;;
  pr) step_pr ;;
  nightly) step_nightly ;;
  gate) step_gate ;;
  *) echo "usage: $0 key|build|pr|nightly|gate" >&2; exit 2 ;;
esac
