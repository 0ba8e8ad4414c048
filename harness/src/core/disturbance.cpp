#include "bench_gate/disturbance.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "bench_gate/stats.hpp"
#include "bench_gate/util/ids.hpp"
#include "bench_gate/util/text.hpp"

namespace bg {
namespace {

// MAD * 1.4826 estimates a normal distribution's sd.
constexpr double kMadToSd = 1.4826;

struct Moved {
  std::string name;
  double shift = 0;
};

double mean_of(const std::vector<double>& v) {
  double sum = 0;
  for (double x : v) sum += x;
  return sum / static_cast<double>(v.size());
}

// The benchmarks of `medians` above their prediction bound (the rule in disturbance.hpp), and
// how many were compared.
std::vector<Moved> moved_slower(const std::unordered_map<std::string, double>& medians,
                                const ReferenceMedians& reference, int& compared,
                                ReferenceSpread spread = ReferenceSpread::mean_sd) {
  std::vector<Moved> out;
  compared = 0;
  for (const auto& [name, median] : medians) {
    const auto found = reference.find(name);
    if (found == reference.end() ||
        static_cast<int>(found->second.size()) < kDisturbanceMinReference) {
      continue;
    }
    ++compared;
    const std::vector<double>& r = found->second;
    const double m = static_cast<double>(r.size());
    const bool robust = spread == ReferenceSpread::median_mad &&
                        static_cast<int>(r.size()) >= kDisturbanceRobustMinReference;
    const double center = robust ? stats::median(r) : mean_of(r);
    const double sd = std::max(robust ? kMadToSd * stats::mad(r) : stats::stddev(r),
                               kDisturbanceNoiseFloor);
    const double bound =
        stats::student_t_quantile(1 - kDisturbanceExceedance, m - 1) * sd * std::sqrt(1 + 1 / m);
    const double shift = median - center;
    if (shift > bound && shift > kDisturbanceMinShift) out.push_back({name, shift});
  }
  return out;
}

// P(X >= k) for X ~ Binomial(n, p), summed in log space.
double binomial_upper_tail(int k, int n, double p) {
  if (k <= 0) return 1;
  double tail = 0;
  for (int j = k; j <= n; ++j) {
    const double log_pmf = std::lgamma(n + 1.0) - std::lgamma(j + 1.0) - std::lgamma(n - j + 1.0) +
                           j * std::log(p) + (n - j) * std::log1p(-p);
    tail += std::exp(log_pmf);
  }
  return std::min(tail, 1.0);
}

}  // namespace

std::unordered_map<std::string, double> run_log_medians(const Run& run, Metric metric) {
  std::unordered_map<std::string, double> out;
  std::vector<double> logs;
  for (const auto& b : run.benchmarks) {
    if (b.error || b.skipped) continue;
    logs.clear();
    for (double v : samples_of(b, metric)) {
      if (v > 0 && std::isfinite(v)) logs.push_back(std::log(v));
    }
    if (!logs.empty()) out[b.name] = stats::median(logs);
  }
  return out;
}

void add_to_reference(ReferenceMedians& reference, const Run& run, Metric metric) {
  for (const auto& [name, median] : run_log_medians(run, metric)) reference[name].push_back(median);
}

RunDisturbance assess_run(const Run& run, const ReferenceMedians& reference, Metric metric,
                          ReferenceSpread spread) {
  RunDisturbance out;
  out.run_id = run.run_id;
  std::vector<Moved> moved =
      moved_slower(run_log_medians(run, metric), reference, out.compared, spread);
  out.moved = static_cast<int>(moved.size());
  if (out.compared == 0) return out;
  if (!moved.empty()) {
    std::vector<double> shifts;
    for (const auto& m : moved) shifts.push_back(m.shift);
    out.median_shift = stats::median(shifts);
  }
  out.p_value = binomial_upper_tail(out.moved, out.compared, kDisturbanceExceedance);
  out.disturbed = out.moved >= kDisturbanceMinMoved && out.p_value < kDisturbanceAlpha;
  char p_text[32];
  std::snprintf(p_text, sizeof p_text, "%.2g", out.p_value);
  out.text = std::to_string(out.moved) + " of " + std::to_string(out.compared) +
             " benchmarks slower together beyond their noise" +
             (out.moved > 0 ? " (median " + util::signed_percent(std::expm1(out.median_shift)) +
                                  ", p = " + p_text + ")"
                            : std::string());
  return out;
}

bool shift_reproduced(const Run& first, const Run& again, const ReferenceMedians& reference,
                      Metric metric) {
  int compared = 0;
  const std::vector<Moved> moved = moved_slower(run_log_medians(first, metric), reference, compared);
  if (moved.empty()) return false;
  const auto medians = run_log_medians(again, metric);
  std::size_t shown_again = 0;
  for (const auto& m : moved) {
    const auto found = medians.find(m.name);
    if (found == medians.end()) continue;
    const double center = mean_of(reference.at(m.name));
    if (found->second - center >= 0.5 * m.shift) ++shown_again;
  }
  return 2 * shown_again >= moved.size();
}

std::vector<std::vector<Run>> drop_disturbed_history(const std::vector<std::vector<Run>>& history,
                                                     Metric metric,
                                                     std::vector<std::string>& dropped) {
  // Every run's medians once; the reference of run k is every other run's.
  std::vector<std::unordered_map<std::string, double>> medians;
  for (const auto& commit_runs : history) {
    for (const auto& run : commit_runs) medians.push_back(run_log_medians(run, metric));
  }
  std::vector<std::vector<Run>> kept(history.size());
  std::size_t k = 0;
  for (std::size_t c = 0; c < history.size(); ++c) {
    for (const auto& run : history[c]) {
      ReferenceMedians reference;
      for (std::size_t other = 0; other < medians.size(); ++other) {
        if (other == k) continue;
        for (const auto& [name, m] : medians[other]) reference[name].push_back(m);
      }
      ++k;
      const RunDisturbance d = assess_run(run, reference, metric);
      if (d.disturbed) {
        dropped.push_back("run " + util::short_id(run.run_id) + " of " + util::short_id(run.commit) +
                          ": " + d.text);
      } else {
        kept[c].push_back(run);
      }
    }
  }
  std::erase_if(kept, [](const std::vector<Run>& runs) { return runs.empty(); });
  return kept;
}

std::string disturbance_rule_text() {
  return "a run is disturbed when more of its benchmarks lie above the one-sided " +
         util::percent(1 - kDisturbanceExceedance) +
         " prediction bound of earlier runs (and more than " + util::percent(kDisturbanceMinShift) +
         " above their mean) than chance allows: at least " +
         std::to_string(kDisturbanceMinMoved) + ", binomial p < " +
         util::shortest(kDisturbanceAlpha) +
         "; a disturbed HEAD run is re-measured, and the shift is the code's only if another "
         "process shows it again";
}

}  // namespace bg
