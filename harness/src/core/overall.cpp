#include "bench_gate/overall.hpp"

#include <cmath>
#include <limits>
#include <map>

#include "bench_gate/stats.hpp"

namespace bg {
namespace {

bool compares_metric(const BenchmarkComparison& row) {
  const bool judged = row.verdict == Verdict::regression || row.verdict == Verdict::improvement ||
                      row.verdict == Verdict::unchanged || row.verdict == Verdict::inconclusive;
  return judged && row.counter.empty() && row.base_samples > 0 && row.head_samples > 0 &&
         row.base_center > 0 && row.head_center > 0 && std::isfinite(row.base_center) &&
         std::isfinite(row.head_center);
}

OverallChange geometric_mean(std::string scope, const std::vector<double>& logs) {
  OverallChange out;
  out.scope = std::move(scope);
  out.benchmarks = static_cast<int>(logs.size());
  const double m = stats::mean(logs);
  out.change = std::expm1(m);
  out.ci_low = out.ci_high = std::numeric_limits<double>::quiet_NaN();
  if (logs.size() >= 2) {
    const double n = static_cast<double>(logs.size());
    const double half = stats::student_t_quantile(0.975, n - 1) * stats::stddev(logs) / std::sqrt(n);
    out.ci_low = std::expm1(m - half);
    out.ci_high = std::expm1(m + half);
  }
  return out;
}

}  // namespace

std::vector<OverallChange> overall_changes(const std::vector<BenchmarkComparison>& rows) {
  std::vector<double> all;
  std::vector<std::string> tier_order;
  std::map<std::string, std::vector<double>> by_tier;
  for (const auto& row : rows) {
    if (!compares_metric(row)) continue;
    const double d = std::log(row.head_center / row.base_center);
    all.push_back(d);
    auto [it, inserted] = by_tier.try_emplace(row.tier);
    if (inserted) tier_order.push_back(row.tier);
    it->second.push_back(d);
  }
  std::vector<OverallChange> out;
  if (all.empty()) return out;
  out.push_back(geometric_mean("suite", all));
  for (const auto& tier : tier_order) out.push_back(geometric_mean(tier, by_tier[tier]));
  return out;
}

}  // namespace bg
