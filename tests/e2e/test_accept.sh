#!/usr/bin/env bash
# Acknowledged regressions (issue 13 item 3): a `Bench-Gate-Accept` commit trailer or
# `bench-gate accept` turns a regression within its bound into the verdict `accepted` (exit 0,
# the reason shown escaped, who and which commit); a bigger slowdown still fails; the next
# nightly raises no alarm for the accepted step; a malformed trailer is one line naming the commit.
source "$(dirname "$0")/lib.sh"
cd "$WORK"
new_repo repo
cd repo
cat > bench-gate.json <<'JSON'
{"default_tier": "standard"}
JSON
git add bench-gate.json && git commit -qm "gate config"

# record_at SEED PARSE_NS: one run for HEAD with BM_Parse/8 at PARSE_NS, BM_Other at 2000 ns.
record_at() {
  gbench_json "$WORK/r$1.json" "$1" 10 "BM_Parse/8=$2@0.005" "BM_Other=2000@0.005"
  "$BENCH_GATE" -q record HEAD --input "$WORK/r$1.json"
}
for seed in 1 2 3; do
  commit . "steady $seed"
  record_at "$seed" 1000
done
c3=$(git rev-parse HEAD)

# A pull request that makes the parser 12 % slower, on purpose.
git checkout -q -b pr
echo parser > parser.txt && git add parser.txt
git commit -qm "parser: validate UTF-8" -m "Costs about 12 %." \
  -m 'Bench-Gate-Accept: BM_Parse/* up to +15% validates <b>UTF-8</b> | `x` [link](http://e.vil)'
record_at 4 1120
c4=$(git rev-parse HEAD)
expect_exit 0 "$BENCH_GATE" compare main pr
contains "$WORK/out" "Accepted regressions (1)"
contains "$WORK/out" "accepted up to +15.0 % by e2e"
contains "$WORK/out" "&lt;b&gt;UTF"
lacks "$WORK/out" "<b>UTF"
lacks "$WORK/out" "](http://e.vil)"
contains "$WORK/out" "${c4:0:12}"
expect_exit 0 "$BENCH_GATE" compare main pr --format json
[[ $(jq -r '.benchmarks[] | select(.name == "BM_Parse/8") | .verdict' "$WORK/out") == accepted ]] ||
  fail "the JSON verdict is not 'accepted'"
jq -e '.benchmarks[] | select(.name == "BM_Parse/8") | .change > 0.10 and .change < 0.15' "$WORK/out" > /dev/null ||
  fail "the accepted change is not the measured +12 %"
pass "an accepted +12 % passes, shown with its reason (escaped), author and commit"

# The same trailer on a +25 % slowdown: beyond the bound, still a regression.
git checkout -q -b pr-big main
echo big > parser.txt && git add parser.txt
git commit -qm "parser: much slower" -m 'Bench-Gate-Accept: BM_Parse/* up to +15% only a bit slower'
record_at 5 1250
expect_exit 1 "$BENCH_GATE" compare main pr-big
contains "$WORK/out" "❌ regression"
contains "$WORK/out" "beyond the accepted bound"
pass "+25 % under a +15 % acceptance fails"

# The accepted commit lands; the next nightly (tonight vs last night) raises no alarm.
git checkout -q main
git merge -q --ff-only pr
commit . "nightly 1"
record_at 6 1120
c5=$(git rev-parse HEAD)
expect_exit 0 "$BENCH_GATE" compare "$c3" "$c5" --exact --template nightly
contains "$WORK/out" "Accepted (1)"
expect_exit 0 "$BENCH_GATE" compare "$c4" "$c5" --exact --template nightly --format json
[[ $(jq -r '.benchmarks[] | select(.name == "BM_Parse/8") | .verdict' "$WORK/out") == unchanged ]] ||
  fail "the night after the accepted step: BM_Parse/8 is not unchanged"
# Its noise is not taken from runs before the accepted step (which would call it noisy).
jq -r '.benchmarks[] | select(.name == "BM_Parse/8") | .noise_source' "$WORK/out" > "$WORK/noise"
lacks "$WORK/noise" "earlier runs"
jq -r '.benchmarks[] | select(.name == "BM_Other") | .noise_source' "$WORK/out" > "$WORK/noise"
contains "$WORK/noise" "earlier runs"
pass "the next nightly: no alarm, history of BM_Parse/8 starts at the accepted commit"

# bench-gate accept: stored beside the notes (an entry older readers keep), synced with them.
commit . "tables grow"
record_at 7 1250
c6=$(git rev-parse HEAD)
expect_exit 1 "$BENCH_GATE" compare "$c5" "$c6"
expect_exit 2 "$BENCH_GATE" accept "$c6" 'BM_Parse/*' --up-to lots --reason x
one_line_error
contains "$WORK/err" "accept --up-to: 'lots' is not a slowdown bound"
expect_exit 0 "$BENCH_GATE" accept "$c6" 'BM_Parse/*' --up-to 15% --reason 'bigger <tables>'
expect_exit 0 "$BENCH_GATE" compare "$c5" "$c6"
contains "$WORK/out" "bigger &lt;tables&gt;"
git ls-tree --name-only refs/notes/bench-gate | grep -q '^accept-' || fail "no accept- entry in the notes tree"
"$BENCH_GATE" -q record "$c5" --input "$WORK/r6.json" 2> /dev/null || true  # another writer
git notes --ref=bench-gate list > /dev/null                                   # git still reads the ref
git ls-tree --name-only refs/notes/bench-gate | grep -q '^accept-' || fail "record lost the acceptance"
git init -q --bare "$WORK/remote.git"
git remote add origin "$WORK/remote.git"
expect_exit 0 "$BENCH_GATE" sync origin
git --git-dir="$WORK/remote.git" ls-tree --name-only refs/notes/bench-gate | grep -q '^accept-' ||
  fail "sync did not carry the acceptance"
pass "bench-gate accept: stored as a notes-tree entry, kept by record, carried by sync"

# A malformed trailer: one line naming the commit, exit 2.
echo x > other.txt && git add other.txt
git commit -qm "broken trailer" -m 'Bench-Gate-Accept: BM_Parse/* up to lots of percent'
record_at 8 1250
bad=$(git rev-parse HEAD)
expect_exit 2 "$BENCH_GATE" compare "$c6" "$bad"
one_line_error
contains "$WORK/err" "commit ${bad:0:12}: Bench-Gate-Accept: the bound 'lots' has no '%'"
pass "a malformed trailer is exit 2 naming the commit"

# Once landed (older than the baseline), the malformed trailer is a warning: later gates still run.
commit . "after the broken trailer"
record_at 9 1250
expect_exit 0 "$BENCH_GATE" compare "$bad" HEAD
contains "$WORK/err" "warning: commit ${bad:0:12}: Bench-Gate-Accept: the bound 'lots' has no '%'"
contains "$WORK/err" "(ignored in history)"
pass "a malformed trailer in landed history is a warning, not an error"
