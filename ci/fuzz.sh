#!/usr/bin/env bash
# Build the libFuzzer targets (clang, ASan + UBSan) and fuzz each one for ${FUZZ_SECONDS:-60}
# seconds on a copy of its seed corpus (tests/fuzz/corpus/<target>/; the repo is never written).
# Prints executions and coverage per target; exits non-zero when any target crashes, leaks, times
# out or reports undefined behaviour. Crashing inputs are kept in ${FUZZ_WORK:-build-fuzz/fuzz-run}.
#   FUZZ_SECONDS=300 ci/fuzz.sh                 # all targets, 5 minutes each
#   FUZZ_TARGETS="fuzz_note fuzz_config" ci/fuzz.sh
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build-fuzz}
seconds=${FUZZ_SECONDS:-60}
work=${FUZZ_WORK:-$build/fuzz-run}
targets=(${FUZZ_TARGETS:-fuzz_ingest fuzz_note fuzz_config fuzz_escape fuzz_compare fuzz_report})

bash "$root/ci/setup.sh"
# clang and its libFuzzer/sanitizer runtimes (not needed by the normal build).
missing=()
for p in clang libclang-rt-14-dev; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} > 0)); then
  echo "ci/fuzz.sh: installing ${missing[*]}" >&2
  sudo=()
  if [[ $(id -u) != 0 ]]; then sudo=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"; then
    "${sudo[@]}" apt-get update -q
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
fi

cmake -S "$root" -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DBENCH_GATE_FUZZ=ON -DBENCH_GATE_BENCHES=OFF >/dev/null
cmake --build "$build" --target "${targets[@]}" -j "$(nproc)"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:suppressions=$root/tests/fuzz/ubsan.supp}

failed=()
summary=()
for target in "${targets[@]}"; do
  binary=$(find "$build/tests/fuzz" -maxdepth 1 -type f -name "$target" -perm -u+x | head -n 1)
  if [[ -z "$binary" ]]; then
    echo "ci/fuzz.sh: $target was not built" >&2
    failed+=("$target (not built)")
    continue
  fi
  corpus="$work/$target/corpus"
  artifacts="$work/$target/artifacts"
  rm -rf "$work/$target"
  mkdir -p "$corpus" "$artifacts"
  if [[ -d "$root/tests/fuzz/corpus/$target" ]]; then
    cp -R "$root/tests/fuzz/corpus/$target/." "$corpus/"
  fi
  args=(-max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048
        -print_final_stats=1 -artifact_prefix="$artifacts/")
  if [[ "$target" != fuzz_escape && "$target" != fuzz_report && -f "$root/tests/fuzz/json.dict" ]]; then
    args+=(-dict="$root/tests/fuzz/json.dict")
  fi
  log="$work/$target/fuzz.log"
  echo "=== $target: ${seconds}s on $(find "$corpus" -type f | wc -l) seed inputs" >&2
  status=0
  "$binary" "${args[@]}" "$corpus" >"$log" 2>&1 || status=$?
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*$' || true)
  coverage=$(grep -E '^#[0-9]+' "$log" | grep -o 'cov: [0-9]* ft: [0-9]*' | tail -n 1 || true)
  line="$target: ${execs:-?} execs, ${coverage:-no coverage line}, corpus $(find "$corpus" -type f | wc -l) inputs"
  if ((status != 0)); then
    line+=" — FAILED (exit $status)"
    failed+=("$target")
    echo "--- $target log (tail) ---" >&2
    grep -v -E '^(#[0-9]+|INFO:)' "$log" | tail -n 60 >&2 || true
    echo "--- crashing inputs: $(ls "$artifacts" | tr '\n' ' ')" >&2
  fi
  summary+=("$line")
done

echo "=== fuzz summary (${seconds}s per target)"
printf '%s\n' "${summary[@]}"
if ((${#failed[@]} > 0)); then
  echo "ci/fuzz.sh: FAILED: ${failed[*]} (inputs and logs in $work)" >&2
  exit 1
fi
