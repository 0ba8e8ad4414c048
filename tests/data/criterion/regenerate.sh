#!/usr/bin/env bash
# Regenerate the Criterion fixtures from the real tool: Debian's Criterion 0.3.6, built offline
# (apt-get install cargo librust-criterion-dev; ../shared/notes/criterion-offline.md) from crate/.
#   target/criterion/.../base/   `cargo bench -- --save-baseline base` of crate/ as committed
#   target/criterion/.../head/   the same with SCALE = 130 in src/lib.rs (~30 % more work)
#   target/criterion/.../same/   the base code measured again
# Measured with BENCH_GATE_CPU_TIME=1 (the thread's CPU time through Criterion's custom-measurement
# API, crate/benches/work.rs): in wall time, on the shared 2-core machine they were made on, a
# benchmark's 30 samples spread by a factor 10, which tests the machine's load, not bench-gate.
# Trimmed to what bench-gate reads (benchmark.json, sample.json of each saved baseline).
# cargo-criterion is not packaged in Debian: base.jsonl / head.jsonl are its
# `--message-format=json` stream (schema: the cargo-criterion book, "External Tools") built by
# this script from the same real samples (iters -> iteration_count, times -> measured_values) and
# estimates (mean, median, ... with their confidence intervals), one benchmark-complete message
# per benchmark plus a group-complete message, as cargo-criterion writes them.
set -euo pipefail
cd "$(dirname "$0")"
here=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PATH=/usr/bin:/bin CARGO_HOME=$work/cargo-home BENCH_GATE_CPU_TIME=1
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$work/target}
rm -rf "$CARGO_TARGET_DIR/criterion"
cargo --version
bench() {  # bench SCALE BASELINE
  rm -rf "$work/crate" && cp -r "$here/crate" "$work/crate"
  sed -i "s/^pub const SCALE: u64 = 100;$/pub const SCALE: u64 = $1;/" "$work/crate/src/lib.rs"
  (cd "$work/crate" && cargo bench -q --bench work -- --save-baseline "$2" --noplot) > /dev/null
}
bench 100 base
bench 130 head
bench 100 same
rm -rf target
(cd "$CARGO_TARGET_DIR" && find criterion -path '*/base/*' -o -path '*/head/*' -o -path '*/same/*' |
   grep -E '/(base|head|same)/(benchmark|sample)\.json$') | while read -r f; do
  mkdir -p "target/$(dirname "$f")" && cp "$CARGO_TARGET_DIR/$f" "target/$f"
done
python3 - "$CARGO_TARGET_DIR/criterion" <<'PY'
import json, os, sys
root = sys.argv[1]
def ci(e):
    return {"estimate": e["point_estimate"], "lower_bound": e["confidence_interval"]["lower_bound"],
            "upper_bound": e["confidence_interval"]["upper_bound"], "unit": "ns"}
for side in ("base", "head"):
    lines, groups = [], {}
    for d, _, files in sorted(os.walk(root)):
        if os.path.basename(d) != side or "benchmark.json" not in files:
            continue
        meta = json.load(open(os.path.join(d, "benchmark.json")))
        sample = json.load(open(os.path.join(d, "sample.json")))
        est = json.load(open(os.path.join(d, "estimates.json")))
        tp = meta.get("throughput") or {}
        lines.append({"reason": "benchmark-complete", "id": meta["full_id"],
                      "report_directory": "target/criterion/reports/" + meta["directory_name"],
                      "iteration_count": [int(i) for i in sample["iters"]],
                      "measured_values": sample["times"], "unit": "ns",
                      "throughput": [{"per_iteration": v, "unit": k.lower()} for k, v in tp.items()],
                      "typical": ci(est["slope"] or est["mean"]), "mean": ci(est["mean"]),
                      "median": ci(est["median"]), "median_abs_dev": ci(est["median_abs_dev"]),
                      "slope": ci(est["slope"]) if est.get("slope") else None, "change": None})
        groups.setdefault(meta["group_id"], []).append(meta["full_id"])
    for group, ids in groups.items():
        lines.append({"reason": "group-complete", "group_name": group, "benchmarks": ids,
                      "report_directory": "target/criterion/reports/" + group})
    with open(side + ".jsonl", "w") as out:
        for line in lines:
            out.write(json.dumps(line, separators=(",", ":")) + "\n")
PY
