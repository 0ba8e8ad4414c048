#!/usr/bin/env bash
# Install the Debian (bookworm) packages bench-gate builds against. Idempotent: installs only what
# is missing, and does nothing at all on a machine that has everything.
set -euo pipefail

packages=(
  cmake g++ make git pkg-config
  libbenchmark-dev        # Google Benchmark: the suite
  nlohmann-json3-dev      # JSON model, notes, config
  libgit2-dev             # the git store (notes ref)
  libcli11-dev            # command line
  doctest-dev             # unit tests
  libkainjow-mustache-dev # Markdown report templates
  libssl-dev              # AEAD and SHA-256/BLAKE2b workloads
  libturbojpeg0-dev       # frame decoding workload
  libxxhash-dev           # XXH3 workload
  libhyperscan-dev        # PII detection: multi-pattern, linear time
  libre2-dev              # log --filter: user-given patterns, linear time
  libpugixml-dev          # Catch2 XML reports (core/adapters/catch2.cpp)
  libsimdjson-dev         # fast JSON parse path; the tool's note decoder
  rapidjson-dev           # fast JSON write path
  python3-yaml            # tests: the CI workflows parse as YAML
  help2man                # the man page installed with bench-gate
  curl jq                 # tests: the GitLab merge-request note script, changes --json (test_changes)
  cmark-gfm               # tests: reports rendered by GitHub's Markdown engine (no link, no HTML)
  valgrind                # instruction mode (callgrind); tests/e2e/test_instructions.sh
  chromium chromium-driver python3-selenium  # tests: the published site in a real browser
  golang-go               # tests: the Go adapter on real go test -bench output
  cargo librust-criterion-dev  # tests: Criterion 0.3.6 benchmarks built offline (test_criterion.sh)
)
if [[ "${BENCH_GATE_WITH_TOOLS:-0}" == 1 ]]; then
  packages+=(libbenchmark-tools python3-scipy python3-yaml clang libclang-rt-14-dev stress-ng)
  packages+=(python3-pytest-benchmark catch2)  # tests/data/{pytest-benchmark,catch2}/regenerate.sh
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "ci/setup.sh: installing ${missing[*]}" >&2
sudo=()
if [[ $(id -u) != 0 ]]; then sudo=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"; then
  "${sudo[@]}" apt-get update -q
  "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
