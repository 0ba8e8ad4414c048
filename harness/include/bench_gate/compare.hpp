// The stored decision rule: compare the stored runs of a baseline and a head commit, with the
// noise of earlier runs on the baseline's line. Per benchmark: change of the median, a 95 %
// interval from a within-run term (Hodges–Lehmann / Mann–Whitney, Hollander & Wolfe ch. 4) and a
// between-run term, one-sided p-values, and the minimum detectable effect; then the verdict step
// of verdict.hpp. The rule in words has ONE source, decision_rule_steps(): the report prints it
// and a unit test checks the README's copy against it, so no other copy is kept here.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bench_gate/advice.hpp"
#include "bench_gate/model.hpp"
#include "bench_gate/verdict.hpp"

namespace bg {

struct CompareInput {
  std::vector<Run> base_runs;             // runs of the baseline commit (shards already combined)
  std::vector<Run> head_runs;             // runs of the head commit
  std::vector<std::vector<Run>> history;  // runs of earlier commits on the baseline's
                                          // first-parent line, newest first (may be empty)
  Config config;
  // Shards a side's runs lack ("shard 2/3 of run …"): a benchmark absent from such a side was
  // not measured, so it is inconclusive (named as such), never new or removed.
  std::vector<std::string> base_missing_shards, head_missing_shards;
};

// Decide every benchmark present on either side. Fills benchmarks (sorted: regressions worst
// first, then failed, inconclusive, improvements, new, removed, unchanged; by name within a
// group), rule, correction, exit_code, base/head_environments, environments_differ and
// environment_differences. Revisions and commits are left for the caller.
Comparison compare_runs(const CompareInput& input);

// The terms of the rule's se (steps 2-4) that compare_runs computes for every benchmark it can
// compare, by name: calibrate scales them to other run counts (advice.hpp rule_se), so that its
// detectable change is compare's for the same runs.
std::map<std::string, NoiseTerms> stored_noise_terms(const CompareInput& input);

// The decision rule in words for the given config, one step per entry (what the README's
// "decision rule" section shows for the default config), and joined (Comparison.rule).
std::vector<std::string> decision_rule_steps(const Config& config);
// The steps for counter rows and budgets, only when the config's rules have them (appended to
// the text, not to the README's default rule).
std::vector<std::string> gate_rule_steps(const Config& config);
std::string decision_rule_text(const Config& config);

}  // namespace bg
