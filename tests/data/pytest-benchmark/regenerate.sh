#!/usr/bin/env bash
# Regenerate the pytest-benchmark fixtures from the real tool (Debian: apt-get install
# python3-pytest-benchmark), on bench_work.py:
#   base.json  --benchmark-json (every round kept in stats.data), BENCH_N=20000
#   head.json  the same tests with 30 % more work (BENCH_N=26000): a real slowdown
#   same.json  base measured again
#   stats_only.json  --benchmark-autosave without --benchmark-save-data: stats, no raw data
# (/usr/bin/python3: Debian's interpreter, which has the package)
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp bench_work.py "$tmp/"
run() {  # N OUT [pytest options]
  local n=$1 out=$2
  shift 2
  (cd "$tmp" && BENCH_N=$n /usr/bin/python3 -m pytest -q -p no:cacheprovider bench_work.py \
    --benchmark-min-rounds=15 --benchmark-max-time=0.02 --benchmark-json="$tmp/$out" "$@" > /dev/null)
  trim "$tmp/$out" "$out"
}

# The tool's output as written, less the CPU flag list and commit_info (size, and this machine's
# details); every benchmark entry and round is kept.
trim() {
  python3 - "$1" "$2" << 'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
doc["commit_info"] = {}
doc["machine_info"].get("cpu", {}).pop("flags", None)
json.dump(doc, open(sys.argv[2], "w"), indent=4)
PY
}
/usr/bin/python3 -m pytest --version
run 20000 base.json
run 26000 head.json
run 20000 same.json
(cd "$tmp" && BENCH_N=20000 /usr/bin/python3 -m pytest -q -p no:cacheprovider bench_work.py \
  --benchmark-min-rounds=15 --benchmark-max-time=0.02 --benchmark-autosave \
  --benchmark-storage="file://$tmp/storage" > /dev/null)
saved=$(find "$tmp/storage" -name '*.json' | head -1)
trim "$saved" stats_only.json
if grep -q '"data"' stats_only.json; then
  echo "stats_only.json has raw data" >&2
  exit 1
fi
