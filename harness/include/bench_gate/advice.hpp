// What would resolve an inconclusive row of the stored rule, from the term that dominates its
// standard error (rule steps 2-4 of compare.hpp): se^2 = w^2 (1/n_base + 1/n_head) + s_b^2
// (1/R_base + 1/R_head), w = the within-run spread per sample, n = samples, R = runs per side.
// Repetitions shrink only the first term, processes (runs per side) both; where neither reaches
// the target within reason, paired mode (drift between processes cancels) or instruction counts.
// The same formula gives calibrate's detectable change, so calibrate and compare agree.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "bench_gate/model.hpp"

namespace bg {

// Per side, the most the advice proposes before it points to paired mode / instruction counts.
inline constexpr int kMaxAdvisedRepetitions = 1000;  // repetitions per process
inline constexpr int kMaxAdvisedProcesses = 10;      // processes per side
// The largest `compare --blocks N` (minimum paired blocks) the CLI takes.
inline constexpr int kMaxMinimumBlocks = 200;

// The two terms of the stored rule's se for one benchmark, in log units, as measured.
struct NoiseTerms {
  double within_se = 0;            // se_within toward 'slower' (rule step 2) for these samples
  double between_sd = 0;           // s_b (rule step 3), already at least half the floor
  double base_samples = 0, head_samples = 0;  // samples per side (all runs)
  double base_runs = 0, head_runs = 0;        // runs (processes) per side
};

// The within-run spread of one sample, w = within_se / sqrt(1/n_base + 1/n_head).
double within_sd_per_sample(const NoiseTerms& t);

// The rule's se (toward 'slower') for the same noise measured as `runs` processes of
// `repetitions` repetitions each on both sides: sqrt(2 w^2 / (runs reps) + 2 s_b^2 / runs). With
// the measured counts on both sides it is the rule's se itself.
double rule_se(const NoiseTerms& t, double runs, double repetitions);

// The rule's minimum detectable effect for a standard error: exp((z_.95 + z_.80) se) - 1.
double rule_mde(double se);

// The largest se whose mde reaches `threshold` (relative): log(1 + threshold) / (z_.95 + z_.80).
double se_for_mde(double threshold);

// Choose what would bring the rule's se down to target_se (log units), both sides measured
// alike: none when it is already there; repetitions per process when the within-run term is the
// larger and repetitions alone reach the target within kMaxAdvisedRepetitions; else processes per
// side (count at least runs + 1, at most kMaxAdvisedProcesses); else paired (when the config has
// a build_command and the metric is a time) or instruction counts. `reason` names the dominant
// term with both parts in percent.
Advice advise(const NoiseTerms& t, double target_se, const Config& config);

// The compact cell of the report: "≈ 14 repetitions", "3 processes", "≈ 9 blocks", "paired",
// "instructions", "" for none. And the sentence of noise_source / JSON: "would resolve: …".
std::string advice_cell(const Advice& advice);
std::string advice_text(const Advice& advice);

// "repetitions", "processes", "blocks", "paired", "instructions", "none" (the JSON field).
std::string_view advice_action_name(AdviceAction action);
std::optional<AdviceAction> advice_action_from_name(std::string_view name);

}  // namespace bg
