#include "bench_gate/advice.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "bench_gate/util/text.hpp"

namespace bg {
namespace {

constexpr double kZPower = 1.6448536269514722 + 0.8416212335729143;  // alpha 5 % one-sided, 80 %

constexpr std::array<std::pair<AdviceAction, const char*>, 6> kActionNames = {{
    {AdviceAction::none, "none"},
    {AdviceAction::repetitions, "repetitions"},
    {AdviceAction::processes, "processes"},
    {AdviceAction::blocks, "blocks"},
    {AdviceAction::paired, "paired"},
    {AdviceAction::instructions, "instructions"},
}};

// ceil that does not turn 3.0000000001 (rounding) into 4.
double whole(double x) { return std::ceil(x - 1e-9); }

}  // namespace

double within_sd_per_sample(const NoiseTerms& t) {
  const double nb = std::max(t.base_samples, 1.0), nh = std::max(t.head_samples, 1.0);
  return t.within_se / std::sqrt(1 / nb + 1 / nh);
}

double rule_se(const NoiseTerms& t, double runs, double repetitions) {
  const double w = within_sd_per_sample(t);
  return std::sqrt(2 * w * w / (runs * repetitions) + 2 * t.between_sd * t.between_sd / runs);
}

double rule_mde(double se) { return std::expm1(kZPower * se); }

double se_for_mde(double threshold) { return std::log1p(threshold) / kZPower; }

Advice advise(const NoiseTerms& t, double target_se, const Config& config) {
  Advice advice;
  const double rb = std::max(t.base_runs, 1.0), rh = std::max(t.head_runs, 1.0);
  const double within_part = t.within_se * t.within_se;
  const double between_part = t.between_sd * t.between_sd * (1 / rb + 1 / rh);
  if (std::sqrt(within_part + between_part) <= target_se || target_se <= 0) return advice;
  const double w2 = std::pow(within_sd_per_sample(t), 2);
  const double runs = std::max(rb, rh);
  const double reps = whole(std::max(t.base_samples / rb, t.head_samples / rh));
  const double target2 = target_se * target_se;
  const bool within_dominates = within_part >= between_part;
  advice.reason = std::string(within_dominates ? "within-run" : "between-run") +
                  " term dominates the se (within-run " + util::percent(std::sqrt(within_part), 2) +
                  ", between-run " + util::percent(std::sqrt(between_part), 2) + ", target " +
                  util::percent(target_se, 2) + ")";
  // Repetitions per process, the runs per side kept: 2 w^2 / (runs k) + 2 s_b^2 / runs <= target^2.
  const double between_at_runs = 2 * t.between_sd * t.between_sd / runs;
  if (within_dominates && between_at_runs < target2) {
    const double k = std::max(whole(2 * w2 / (runs * (target2 - between_at_runs))), reps + 1);
    if (k <= kMaxAdvisedRepetitions) {
      advice.action = AdviceAction::repetitions;
      advice.count = static_cast<int>(k);
      return advice;
    }
  }
  // Processes per side, the repetitions kept: (2 w^2 / reps + 2 s_b^2) / P <= target^2.
  const double processes =
      std::max(whole((2 * w2 / reps + 2 * t.between_sd * t.between_sd) / target2), runs + 1);
  if (processes <= kMaxAdvisedProcesses || config.metric == Metric::instructions) {
    advice.action = AdviceAction::processes;
    advice.count = static_cast<int>(std::min<double>(processes, kMaxAdvisedRepetitions));
    return advice;
  }
  advice.action =
      config.build_command.empty() ? AdviceAction::instructions : AdviceAction::paired;
  advice.reason += "; more than " + std::to_string(kMaxAdvisedProcesses) +
                   " processes per side would be needed (" +
                   std::to_string(static_cast<long long>(std::min(processes, 1e9))) + ")";
  return advice;
}

std::string advice_cell(const Advice& advice) {
  const std::string n = std::to_string(advice.count);
  switch (advice.action) {
    case AdviceAction::none:
      return "";
    case AdviceAction::repetitions:
      return "≈ " + n + " repetitions";
    case AdviceAction::processes:
      return n + " processes";
    case AdviceAction::blocks:
      return "≈ " + n + " blocks";
    case AdviceAction::paired:
      return "paired";
    case AdviceAction::instructions:
      return "instructions";
  }
  return "";
}

std::string advice_text(const Advice& advice) {
  const std::string n = std::to_string(advice.count);
  std::string text;
  switch (advice.action) {
    case AdviceAction::none:
      return "";
    case AdviceAction::repetitions:
      text = "about " + n + " repetitions per process (-r " + n + "), on both sides";
      break;
    case AdviceAction::processes:
      text = n + " processes per side (--processes " + n + ", config \"processes\")";
      break;
    case AdviceAction::blocks:
      // --blocks N runs at least N blocks whatever the budget; the CLI takes N up to
      // kMaxMinimumBlocks, so past it the advice names no option value it would refuse.
      text = "about " + n + " paired blocks" +
             (advice.count <= kMaxMinimumBlocks
                  ? " (--blocks " + n + ": the minimum always runs)"
                  : " (more than --blocks allows, " + std::to_string(kMaxMinimumBlocks) +
                        ": a quieter runner or instruction counts)");
      break;
    case AdviceAction::paired:
      text = "paired mode (--paired): drift between processes cancels";
      break;
    case AdviceAction::instructions:
      text = "instruction counts (--metric instructions)";
      break;
  }
  text = "would resolve: " + text;
  if (!advice.reason.empty()) text += "; " + advice.reason;
  return text;
}

std::string_view advice_action_name(AdviceAction action) {
  for (const auto& [a, name] : kActionNames) {
    if (a == action) return name;
  }
  return "none";
}

std::optional<AdviceAction> advice_action_from_name(std::string_view name) {
  for (const auto& [a, text] : kActionNames) {
    if (name == text) return a;
  }
  return std::nullopt;
}

}  // namespace bg
