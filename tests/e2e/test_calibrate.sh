#!/usr/bin/env bash
# End to end: calibrate agrees with compare (issue 12 item 5). On a throw-away repository with the
# fake suite (tests/e2e/fake_suite.sh): calibrate --runs 3 with "processes": 3 prints, per
# benchmark, the mde compare prints for the same 3 runs per side (`compare C C --exact` on the
# runs calibrate --record stored); its rules block, pasted into bench-gate.json, loads and gates
# each benchmark on the tier calibrate named. Then the environment facts (item 6): a head run
# with a larger environment block is named in the report.
source "$(dirname "$0")/lib.sh"
FAKE=$(cd "$(dirname "$0")" && pwd)/fake_suite.sh
start=$SECONDS

repo=$WORK/repo
git init -q "$repo"
cp "$FAKE" "$repo/suite.sh"
echo "NS=1000" > "$repo/params"
printf 'pids\n' > "$repo/.gitignore"
echo '{"suite_command": ["./suite.sh"], "repetitions": 5, "processes": 3}' > "$repo/bench-gate.json"
(cd "$repo" && git add . && git commit -qm suite)
cd "$repo"

expect_exit 0 "$BENCH_GATE" -q calibrate --runs 3 -r 5 --json "$WORK/cal.json" --record
cp "$WORK/out" "$WORK/cal.txt"
contains "$WORK/cal.txt" "mde: compare's stored rule for 3 run(s) per side"
contains "$WORK/cal.txt" '"rules": ['

# The same runs, compared by compare: every benchmark's mde is calibrate's.
expect_exit 0 "$BENCH_GATE" compare HEAD HEAD --exact --no-run --json "$WORK/cmp.json" --format none
python3 - "$WORK/cal.json" "$WORK/cmp.json" <<'PY' || fail "calibrate's mde differs from compare's"
import json, sys
cal = {b["name"]: b for b in json.load(open(sys.argv[1]))["benchmarks"]}
cmp = {b["name"]: b for b in json.load(open(sys.argv[2]))["benchmarks"]}
assert set(cal) == set(cmp) == {"BM_one", "BM_two"}, (cal.keys(), cmp.keys())
for name in cal:
    a, b = cal[name]["mde"], cmp[name]["mde"]
    assert cmp[name]["base_runs"] == cmp[name]["head_runs"] == 3, cmp[name]
    assert abs(a - b) <= 1e-9 * max(a, b), (name, a, b)
    print(f"{name}: calibrate mde {a:.6%}, compare mde {b:.6%}")
PY
pass "calibrate's detectable change equals compare's for the same 3 runs per side"

# The rules block pasted into bench-gate.json loads, and compare gates on its tiers.
python3 - "$WORK/cal.txt" "$repo/bench-gate.json" "$WORK/cal.json" <<'PY' || fail "rules block"
import json, sys
text = open(sys.argv[1]).read()
block = text[text.index('"rules": ['):]
block = block[:block.index("\n]") + 2]
config = json.load(open(sys.argv[2]))
config.pop("rules", None)
pasted = "{" + json.dumps(config)[1:-1] + ",\n" + block + "\n}"
json.loads(pasted)  # valid JSON as printed
open(sys.argv[2], "w").write(pasted)
rules = json.load(open(sys.argv[3]))["rules"]
assert rules == json.loads("{" + block + "}")["rules"], "printed block and --json rules differ"
PY
expect_exit 0 "$BENCH_GATE" compare HEAD HEAD --exact --no-run --json "$WORK/cmp2.json" --format none
python3 - "$WORK/cal.json" "$WORK/cmp2.json" <<'PY' || fail "pasted rules do not gate on calibrate's tiers"
import json, sys
cal = {b["name"]: b["tier"] for b in json.load(open(sys.argv[1]))["benchmarks"]}
cmp = {b["name"]: b["tier"] for b in json.load(open(sys.argv[2]))["benchmarks"]}
for name, tier in cal.items():
    if tier != "—":
        assert cmp[name] == tier, (name, tier, cmp[name])
PY
pass "calibrate's rules block pasted into bench-gate.json loads and sets each benchmark's tier"

# A glob metacharacter in a name is escaped: the rule matches that name only.
echo '{"suite_command": ["./suite.sh"], "rules": [{"pattern": "BM_\\*x\\[1\\]", "tier": "critical"}]}' \
  > "$WORK/glob.json"
expect_exit 0 "$BENCH_GATE" --config "$WORK/glob.json" compare HEAD HEAD --exact --no-run --format none

# Environment facts: base recorded with a small environment, head measured with 6 KB more.
git add bench-gate.json && git commit -qm "rules from calibrate"
expect_exit 0 env -i PATH="$PATH" HOME="$HOME" "$BENCH_GATE" -q record -r 3 --processes 1
commit "$repo" "docs only"
big=$(head -c 6000 /dev/zero | tr '\0' 'x')
expect_exit 0 env BENCH_GATE_E2E_PADDING="$big" "$BENCH_GATE" -q compare HEAD~1 HEAD -r 3 \
  --processes 1 --no-confirm --json "$WORK/env.json"
contains "$WORK/out" "Base and head were measured in different environments"
contains "$WORK/out" "environment block:"
python3 - "$WORK/env.json" <<'PY' || fail "environment facts in the comparison JSON"
import json, sys
c = json.load(open(sys.argv[1]))
base, head = c["base_environments"][0], c["head_environments"][0]
assert head["environment_bytes"] - base["environment_bytes"] > 6000, (base, head)
assert base["working_directory_length"] == head["working_directory_length"] > 0
assert any(d.startswith("environment block:") for d in c["environment_differences"]), c["environment_differences"]
PY
pass "a head measured with a larger environment block is named in the report"
echo "test_calibrate: $((SECONDS - start)) s"
