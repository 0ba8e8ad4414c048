#include "bench_gate/verdict.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <utility>

#include "bench_gate/stats.hpp"
#include "bench_gate/util/text.hpp"

namespace bg {
namespace {

constexpr std::array<std::pair<Verdict, const char*>, 9> kVerdictNames = {{
    {Verdict::regression, "regression"},
    {Verdict::improvement, "improvement"},
    {Verdict::unchanged, "unchanged"},
    {Verdict::inconclusive, "inconclusive"},
    {Verdict::new_benchmark, "new"},
    {Verdict::removed, "removed"},
    {Verdict::failed, "failed"},
    {Verdict::skipped, "skipped"},
    {Verdict::accepted, "accepted"},
}};

// Group order for sorting the table.
int group_rank(Verdict v) {
  switch (v) {
    case Verdict::regression:
      return 0;
    case Verdict::failed:
      return 1;
    case Verdict::accepted:
      return 2;
    case Verdict::inconclusive:
      return 3;
    case Verdict::improvement:
      return 4;
    case Verdict::new_benchmark:
      return 5;
    case Verdict::removed:
      return 6;
    case Verdict::skipped:
      return 7;
    case Verdict::unchanged:
      return 8;
  }
  return 9;
}

Verdict verdict_of(const Candidate& c, double padj_slower, double padj_faster, double alpha) {
  const BenchmarkComparison& row = c.row;
  if (row.change > row.threshold && padj_slower < alpha) return Verdict::regression;
  if (row.change < -row.threshold && padj_faster < alpha) return Verdict::improvement;
  // "unchanged" is a claim that the change stays within the threshold: the interval must show
  // it (the upper end of the 95 % interval, in the worsening direction, at most the threshold).
  if (row.mde > row.threshold || row.change > row.threshold || row.ci_high > row.threshold)
    return Verdict::inconclusive;
  return Verdict::unchanged;
}

// The multiple-comparison correction of `decide`, on parallel vectors (one entry per comparable
// benchmark); outputs in the same order, with the text for Comparison.correction.
struct CorrectedPValues {
  std::vector<double> slower, faster;
  std::string description;
};

CorrectedPValues correct_p_values(const std::vector<double>& p_slower,
                                  const std::vector<double>& p_faster,
                                  const std::vector<TierAction>& actions, double alpha) {
  std::vector<std::size_t> holm_family, warn_family;
  for (std::size_t i = 0; i < actions.size(); ++i) {
    (actions[i] == TierAction::fail ? holm_family : warn_family).push_back(i);
  }
  CorrectedPValues out;
  out.slower.assign(p_slower.size(), 1.0);
  auto adjust_slower = [&](const std::vector<std::size_t>& family, bool holm) {
    std::vector<double> p;
    for (auto i : family) p.push_back(p_slower[i]);
    auto adjusted = holm ? stats::holm_adjust(p) : stats::bh_adjust(p);
    for (std::size_t k = 0; k < family.size(); ++k) out.slower[family[k]] = adjusted[k];
  };
  adjust_slower(holm_family, true);
  adjust_slower(warn_family, false);
  out.faster = stats::bh_adjust(p_faster);
  const std::string a = util::shortest(alpha);
  out.description = "Holm step-down over the one-sided 'slower' p-values of " +
                    std::to_string(holm_family.size()) +
                    " benchmarks in failing tiers (family-wise error rate " + a +
                    "); Benjamini-Hochberg (false discovery rate " + a + ") over " +
                    std::to_string(warn_family.size()) +
                    " warn-tier 'slower' p-values and, for improvements, over " +
                    std::to_string(p_faster.size()) + " 'faster' p-values";
  return out;
}

// The advice of an inconclusive row: from its noise terms (stored rule) toward the se its mde
// needs, or toward significance of the observed change when the mde is already small enough.
void advise_row(Candidate& candidate, std::size_t family, const Config& config) {
  BenchmarkComparison& row = candidate.row;
  if (candidate.noise) {
    double target = se_for_mde(row.threshold);
    if (row.mde <= row.threshold && row.change > 0) {
      const double m = static_cast<double>(std::max<std::size_t>(family, 1));
      target = std::min(target, std::log1p(row.change) /
                                    stats::normal_quantile(1 - config.alpha / m));
    }
    candidate.advice = advise(*candidate.noise, target, config);
  }
  row.advice = candidate.advice;
  if (row.advice.action == AdviceAction::repetitions || row.advice.action == AdviceAction::blocks)
    row.repetitions_needed = row.advice.count;
  if (row.advice.action != AdviceAction::none) row.noise_source += "; " + advice_text(row.advice);
}

}  // namespace

std::string verdict_name(Verdict v) {
  for (const auto& [verdict, name] : kVerdictNames) {
    if (verdict == v) return name;
  }
  return "unknown";
}

std::optional<Verdict> verdict_from_name(std::string_view name) {
  for (const auto& [verdict, text] : kVerdictNames) {
    if (name == text) return verdict;
  }
  return std::nullopt;
}

void decide(std::vector<Candidate> candidates, const Config& config, Comparison& c) {
  std::vector<std::size_t> comparable;
  std::vector<double> p_slower, p_faster;
  std::vector<TierAction> actions;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (!candidates[i].comparable) continue;
    comparable.push_back(i);
    p_slower.push_back(candidates[i].p_slower);
    p_faster.push_back(candidates[i].p_faster);
    actions.push_back(candidates[i].row.action);
  }
  const CorrectedPValues corrected = correct_p_values(p_slower, p_faster, actions, config.alpha);
  const auto holm_size =
      static_cast<std::size_t>(std::count(actions.begin(), actions.end(), TierAction::fail));
  const std::size_t warn_size = actions.size() - holm_size;
  c.correction = corrected.description;
  for (std::size_t k = 0; k < comparable.size(); ++k) {
    Candidate& candidate = candidates[comparable[k]];
    BenchmarkComparison& row = candidate.row;
    const double padj_slower = corrected.slower[k], padj_faster = corrected.faster[k];
    row.p_adjusted = row.change >= 0 ? padj_slower : padj_faster;
    row.verdict = verdict_of(candidate, padj_slower, padj_faster, config.alpha);
    if (row.verdict == Verdict::inconclusive) {
      const std::size_t family = row.action == TierAction::fail ? holm_size : warn_size;
      advise_row(candidate, family, config);
    }
  }
  c.benchmarks.clear();
  c.benchmarks.reserve(candidates.size());
  for (auto& candidate : candidates) c.benchmarks.push_back(std::move(candidate.row));
  c.exit_code = gate_exit_code(c.benchmarks);
  sort_rows(c.benchmarks);
}

ExitCode gate_exit_code(const std::vector<BenchmarkComparison>& rows) {
  bool head_failed = false, failing_regression = false;
  for (const auto& row : rows) {
    if (row.verdict == Verdict::failed &&
        (row.failed_side == FailedSide::head || row.failed_side == FailedSide::both)) {
      head_failed = true;
    }
    if (row.verdict == Verdict::regression && row.action == TierAction::fail)
      failing_regression = true;
  }
  return head_failed          ? ExitCode::suite_failed
         : failing_regression ? ExitCode::regression
                              : ExitCode::pass;
}

ExitCode run_exit_code(const std::vector<Run>& runs) {
  for (const auto& run : runs) {
    for (const auto& b : run.benchmarks) {
      if (b.error) return ExitCode::suite_failed;
    }
  }
  return ExitCode::pass;
}

double worsening(const BenchmarkComparison& row) {
  return row.direction == Direction::bigger_is_better ? 1 / (1 + row.change) - 1 : row.change;
}

void sort_rows(std::vector<BenchmarkComparison>& rows) {
  std::stable_sort(rows.begin(), rows.end(),
                   [](const BenchmarkComparison& a, const BenchmarkComparison& b) {
                     const int ra = group_rank(a.verdict), rb = group_rank(b.verdict);
                     if (ra != rb) return ra < rb;
                     const double wa = worsening(a), wb = worsening(b);
                     if (a.verdict == Verdict::regression && wa != wb) return wa > wb;
                     if (a.verdict == Verdict::improvement && wa != wb) return wa < wb;
                     return a.name < b.name;
                   });
}

}  // namespace bg
