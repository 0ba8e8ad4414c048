#!/usr/bin/env bash
# A stand-in for a Google Benchmark binary, for tests/e2e/test_faults.sh: --benchmark_list_tests,
# --benchmark_out=FILE, --benchmark_repetitions=N, --benchmark_filter=RE. Times from ./params
# (NS=...) next to it. FAKE_MODE adds misbehaviour:
#   sleep=S     sleep S seconds in a child process before writing results
#   fork        leave a child (sleep 600) holding stdout and stderr, then exit at once
#   lines=MB    write MB MiB of 100-byte lines to stdout
#   spew=MB     write MB MiB to stdout without a newline
#   garbage     write a results file that is not JSON, exit 0
# Every process it starts is appended to ./pids (the suite's own pid first).
here=$(cd "$(dirname "$0")" && pwd)
NS=1000; [[ -f $here/params ]] && source "$here/params"
out="" reps=1 filter="" list=0
for a in "$@"; do case $a in
  --benchmark_list_tests=true) list=1;;
  --benchmark_out=*) out=${a#*=};;
  --benchmark_repetitions=*) reps=${a#*=};;
  --benchmark_filter=*) filter=${a#*=};;
esac; done
names=(BM_one BM_two)
sel=(); for n in "${names[@]}"; do if [[ -z $filter ]] || [[ $n =~ $filter ]]; then sel+=("$n"); fi; done
if ((list)); then printf '%s\n' "${sel[@]}"; exit 0; fi
echo $$ >> "$here/pids"
case ${FAKE_MODE:-} in
  sleep=*) sleep "${FAKE_MODE#sleep=}" & echo $! >> "$here/pids"; wait;;
  fork) sleep 600 & echo $! >> "$here/pids";;
  lines=*) yes "$(printf 'x%.0s' {1..99})" | head -c "$(( ${FAKE_MODE#lines=} * 1024 * 1024 ))";;
  spew=*) head -c "$(( ${FAKE_MODE#spew=} * 1024 * 1024 ))" /dev/zero | tr '\0' 'x';;
  garbage) echo "this is not json at all" > "$out"; echo "garbage on stdout"; exit 0;;
esac
{
  printf '{"context": {"host_name": "fake", "num_cpus": 2, "library_build_type": "release"}, "benchmarks": ['
  first=1
  for n in "${sel[@]}"; do for ((r = 0; r < reps; r++)); do
    t=$(( NS + (RANDOM % 10) ))
    ((first)) || printf ','; first=0
    printf '{"name": "%s", "run_name": "%s", "run_type": "iteration", "repetitions": %d, "repetition_index": %d, "threads": 1, "iterations": 100, "real_time": %d, "cpu_time": %d, "time_unit": "ns"}' "$n" "$n" "$reps" "$r" "$t" "$t"
  done; done
  printf ']}\n'
} > "$out"
for n in "${sel[@]}"; do echo "$n  $NS ns"; done
