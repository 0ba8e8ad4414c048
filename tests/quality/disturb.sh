#!/usr/bin/env bash
# A neighbour for the quality benchmark's --disturb mode (tests/quality/README.md): runs COMMAND;
# in SHARE percent of the calls (drawn from SEED and a call counter kept in STATE, so a run of the
# driver is repeatable), Debian's stress-ng runs beside it for exactly its duration -- a memory
# bandwidth stressor (stream) and a cache thrasher (cache), the two kinds of load that moved this
# machine's benchmarks most (alloc +52 %, a 64 KiB memcopy +85 %) -- and a line goes to STATE.log.
# usage: disturb.sh SHARE SEED STATE -- COMMAND [ARG...]
set -uo pipefail
share=$1 seed=$2 state=$3
shift 3
[[ ${1-} == -- ]] && shift
n=$(($(cat "$state" 2>/dev/null || echo 0) + 1))
echo "$n" >"$state"
RANDOM=$((seed * 7919 + n))
if ((RANDOM % 100 >= share)); then
  exec "$@"
fi
echo "call $n disturbed: $*" >>"$state.log"
stress-ng --quiet --stream 1 --cache 1 --timeout 3600 &
neighbour=$!
sleep 0.2  # the stressors are up before the measured process starts
rc=0
"$@" || rc=$?
kill "$neighbour" 2>/dev/null
wait "$neighbour" 2>/dev/null
exit "$rc"
