#include "bench_gate/compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <unordered_map>

#include "bench_gate/config.hpp"
#include "bench_gate/environment.hpp"
#include "bench_gate/ingest.hpp"
#include "bench_gate/note_codec.hpp"
#include "bench_gate/stats.hpp"

namespace bg {
namespace {

constexpr double kZ95 = 1.959963984540054;                           // two-sided 95 %
constexpr double kZPower = 1.6448536269514722 + 0.8416212335729143;  // alpha 5 % one-sided, 80 %
constexpr int kMaxRepetitions = 1000;

std::string percent(double fraction, int decimals = 1) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f %%", decimals, fraction * 100);
  return buffer;
}

// What one side (base or head) measured for one benchmark.
struct Side {
  bool present = false;
  std::optional<std::string> error;
  std::optional<std::string> skipped;  // skip_message of the first run that skipped it
  int unusable = 0;                    // gated values that are 0 (not usable as a time)
  // Runs that reported only aggregates: sum of their cv^2 and of their repetitions (0 = unknown).
  int aggregate_runs = 0, aggregate_unknown_reps = 0;
  double aggregate_cv2 = 0;
  long long aggregate_reps = 0;
  std::vector<std::vector<double>> run_logs;  // log samples per run that has the benchmark
  std::vector<double> samples;                // pooled, in ns
};

using SideMap = std::map<std::string, Side>;

const std::vector<double>& metric_of(const BenchmarkResult& b, const std::string& metric) {
  return metric == "cpu_time" ? b.cpu_time_ns : b.real_time_ns;
}

SideMap collect(const std::vector<const Run*>& runs, const std::string& metric) {
  SideMap sides;
  for (const Run* run : runs) {
    for (const auto& b : run->benchmarks) {
      Side& side = sides[b.name];
      side.present = true;
      if (b.error && !side.error) side.error = *b.error;
      if (b.skipped && !side.skipped) side.skipped = *b.skipped;
      const auto& values = metric_of(b, metric);
      if (values.empty()) continue;
      std::vector<double> logs;
      logs.reserve(values.size());
      for (double v : values) {
        if (v > 0 && std::isfinite(v)) {
          logs.push_back(std::log(v));
          side.samples.push_back(v);
        } else {
          ++side.unusable;
        }
      }
      const double cv = metric == "cpu_time" ? b.aggregate_cpu_cv : b.aggregate_real_cv;
      if (values.size() == 1 && (cv > 0 || b.aggregate_repetitions > 0)) {
        ++side.aggregate_runs;
        side.aggregate_cv2 += cv * cv;
        side.aggregate_reps += b.aggregate_repetitions;
        side.aggregate_unknown_reps += b.aggregate_repetitions <= 0;
      }
      if (!logs.empty()) side.run_logs.push_back(std::move(logs));
    }
  }
  return sides;
}

std::vector<double> flatten(const std::vector<std::vector<double>>& runs) {
  std::vector<double> out;
  for (const auto& r : runs) out.insert(out.end(), r.begin(), r.end());
  return out;
}

// Median of each run's log samples.
std::vector<double> run_medians(const std::vector<std::vector<double>>& runs) {
  std::vector<double> out;
  for (const auto& r : runs) out.push_back(stats::median(r));
  return out;
}

// Per-run log medians of each benchmark over the history runs (newest first), at most
// max_runs per benchmark. One pass over the history: no per-benchmark rescans.
std::unordered_map<std::string, std::vector<double>> history_medians(
    const std::vector<std::vector<Run>>& history, const std::string& metric, int max_runs) {
  std::unordered_map<std::string, std::vector<double>> out;
  if (max_runs <= 0) return out;
  std::vector<double> logs;
  for (const auto& commit_runs : history) {
    for (const auto& run : commit_runs) {
      for (const auto& b : run.benchmarks) {
        if (b.error) continue;
        auto& medians = out[b.name];
        if (static_cast<int>(medians.size()) >= max_runs) continue;
        logs.clear();
        for (double v : metric_of(b, metric)) {
          if (v > 0 && std::isfinite(v)) logs.push_back(std::log(v));
        }
        if (!logs.empty()) medians.push_back(stats::median(logs));
      }
    }
  }
  return out;
}

// Between-run noise from the history: the plain sample sd of the run medians. Not robust, on
// purpose: the false alarms the quality benchmark found (tests/quality/README.md) were
// whole-process slow episodes that a MAD-based estimate ignores by design. Re-judging the same
// 1,350 unchanged comparisons: MAD of successive differences 11 false alarms, RMS of successive
// differences without the largest 13, this 5. The price: a real step in the history counts as
// noise (more inconclusive verdicts, never a false failure) until it leaves the window.
constexpr int kMinHistoryRuns = 3;
double history_sd(const std::vector<double>& medians) { return stats::stddev(medians); }

// Group order for sorting the table.
int group_rank(Verdict v) {
  switch (v) {
    case Verdict::regression:
      return 0;
    case Verdict::failed:
      return 1;
    case Verdict::inconclusive:
      return 2;
    case Verdict::improvement:
      return 3;
    case Verdict::new_benchmark:
      return 4;
    case Verdict::removed:
      return 5;
    case Verdict::skipped:
      return 6;
    case Verdict::unchanged:
      return 7;
  }
  return 8;
}

struct Work {
  BenchmarkComparison row;
  bool comparable = false;
  double p_slower = 1, p_faster = 1;
  double padj_slower = 1, padj_faster = 1;
  double se = 0;
  double between_part = 0, within_part = 0;  // variance contributions
  int reps_per_run = 0;
};

// Every file's environment of every run, one per (machine, compiler, build type). The fingerprint
// is recomputed from the context, so runs stored before it left out the executable compare by
// machine too.
void add_environments(const std::vector<const Run*>& runs, std::vector<Environment>& out) {
  std::set<std::string> seen;
  auto add = [&](Environment e) {
    if (!e.context.empty()) e.fingerprint = environment_fingerprint(e.context);
    std::string key = e.fingerprint + "\n" + e.compiler + "\n" + e.build_type;
    if (seen.insert(key).second) out.push_back(std::move(e));
  };
  for (const Run* run : runs) {
    add(run->environment);
    for (const auto& context : run->other_contexts) add(environment_from_context(context));
  }
}

// The runs of one side that do not repeat an earlier run's measurements; a line per repeat.
std::vector<const Run*> distinct_runs(const std::vector<Run>& runs, const char* side,
                                      std::vector<std::string>& information) {
  std::vector<std::string> lines;
  const auto repeated = repeated_measurements(runs, &lines);
  for (const auto& line : lines) information.push_back(std::string(side) + ": " + line);
  std::vector<const Run*> out;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (!repeated[i]) out.push_back(&runs[i]);
  }
  return out;
}

std::string fit_text(const ComplexityFit& f) {
  char buffer[128];
  std::string text = f.big_o.empty() ? "" : "O(" + f.big_o + ")";
  if (f.big_o == "(1)") text = "O(1)";
  if (f.real_coefficient > 0) {
    std::snprintf(buffer, sizeof buffer, " coefficient %.4g ns", f.real_coefficient);
    text += buffer;
  }
  if (f.rms >= 0) {
    std::snprintf(buffer, sizeof buffer, ", RMS %.1f %%", f.rms * 100);
    text += buffer;
  }
  return text;
}

// One line per ->Complexity() family on either side: information, never gated.
void describe_complexity(const std::vector<const Run*>& base, const std::vector<const Run*>& head,
                         std::vector<std::string>& out) {
  std::map<std::string, std::pair<std::string, std::string>> fits;
  for (const Run* run : base)
    for (const auto& f : run->complexity) fits[f.name].first = fit_text(f);
  for (const Run* run : head)
    for (const auto& f : run->complexity) fits[f.name].second = fit_text(f);
  for (const auto& [name, texts] : fits) {
    out.push_back("complexity of " + name + " (not gated): base " +
                  (texts.first.empty() ? "—" : texts.first) + "; head " +
                  (texts.second.empty() ? "—" : texts.second));
  }
}

void describe_environments(Comparison& c) {
  if (c.base_environments.empty() || c.head_environments.empty()) return;
  std::set<std::string> base_fp, head_fp;
  for (const auto& e : c.base_environments) base_fp.insert(e.fingerprint);
  for (const auto& e : c.head_environments) head_fp.insert(e.fingerprint);
  const Environment& base = c.base_environments.front();
  const Environment& head = c.head_environments.front();
  if (base_fp != head_fp) {
    c.environments_differ = true;
    auto base_facts = environment_facts(base.context);
    auto head_facts = environment_facts(head.context);
    for (std::size_t i = 0; i < base_facts.size() && i < head_facts.size(); ++i) {
      if (base_facts[i].second != head_facts[i].second) {
        c.environment_differences.push_back(base_facts[i].first + ": " + base_facts[i].second +
                                            " → " + head_facts[i].second);
      }
    }
    if (base_fp.size() > 1 || head_fp.size() > 1) {
      c.environment_differences.push_back("runs on one side come from several machines (" +
                                          std::to_string(base_fp.size()) + " base, " +
                                          std::to_string(head_fp.size()) + " head fingerprints)");
    }
    if (c.environment_differences.empty()) {
      c.environment_differences.push_back("fingerprints differ");
    }
  }
  // Compared as sets: several files of one run (one per executable) in any order are one machine.
  auto joined = [](const std::vector<Environment>& envs, std::string Environment::*field) {
    std::set<std::string> values;
    for (const auto& e : envs) values.insert(e.*field);
    std::string text;
    for (const auto& v : values) text += (text.empty() ? "" : ", ") + v;
    return text;
  };
  for (auto [name, field] : {std::pair{"compiler", &Environment::compiler},
                             std::pair{"build_type", &Environment::build_type}}) {
    const std::string b = joined(c.base_environments, field), h = joined(c.head_environments, field);
    if (b != h) {
      c.environments_differ = true;
      c.environment_differences.push_back(std::string(name) + ": " + b + " → " + h);
    }
  }
}

}  // namespace

std::string verdict_name(Verdict v) {
  switch (v) {
    case Verdict::regression:
      return "regression";
    case Verdict::improvement:
      return "improvement";
    case Verdict::unchanged:
      return "unchanged";
    case Verdict::inconclusive:
      return "inconclusive";
    case Verdict::new_benchmark:
      return "new";
    case Verdict::removed:
      return "removed";
    case Verdict::failed:
      return "failed";
    case Verdict::skipped:
      return "skipped";
  }
  return "unknown";
}

std::optional<Verdict> verdict_from_name(std::string_view name) {
  for (Verdict v :
       {Verdict::regression, Verdict::improvement, Verdict::unchanged, Verdict::inconclusive,
        Verdict::new_benchmark, Verdict::removed, Verdict::failed, Verdict::skipped}) {
    if (verdict_name(v) == name) return v;
  }
  return std::nullopt;
}

std::string decision_rule_text(const Config& config) {
  char alpha[32];
  std::snprintf(alpha, sizeof alpha, "%g", config.alpha);
  return "Metric " + config.metric +
         ", compared in log space. Per side the samples of all runs are pooled; change = head "
         "median / base median - 1. Standard error se = sqrt(se_within^2 + s_b^2 (1/R_base + "
         "1/R_head)), R = runs per side: se_within is the distance from the Hodges-Lehmann "
         "estimate of the log shift to the end of its 95 % (Mann-Whitney) interval on the side "
         "being tested (lower end for 'slower', upper for 'faster') / 1.96; s_b, the run-to-run "
         "noise, comes "
         "from >= 3 earlier runs on the baseline line (sample sd of their log run medians; pooled "
         "with the sd of repeated runs of the same commit when those disagree more), else from "
         "the repeated runs, else the noise "
         "floor of " +
         percent(config.noise_floor) + ", and is never below " + percent(config.noise_floor / 2) +
         ". 95 % interval: exp(log(1 + change) -+ 1.96 se_lower/upper) - 1. Regression: change "
         "above the "
         "tier threshold and the one-sided p-value of 'slower' (z = log(1 + change) / se), after "
         "correction, below " +
         alpha +
         "; improvement likewise for 'faster'. Otherwise inconclusive when the minimum "
         "detectable effect exp(2.486 se) - 1 (80 % power, one-sided 5 %) exceeds the "
         "threshold, or the change exceeds it without significance; else unchanged. Regressions "
         "in fail tiers fail the gate; in warn tiers they are reported only.";
}

void sort_rows(std::vector<BenchmarkComparison>& rows) {
  std::stable_sort(rows.begin(), rows.end(),
                   [](const BenchmarkComparison& a, const BenchmarkComparison& b) {
                     int ra = group_rank(a.verdict), rb = group_rank(b.verdict);
                     if (ra != rb) return ra < rb;
                     if (a.verdict == Verdict::regression && a.change != b.change) {
                       return a.change > b.change;
                     }
                     if (a.verdict == Verdict::improvement && a.change != b.change) {
                       return a.change < b.change;
                     }
                     return a.name < b.name;
                   });
}

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
  char text[32];
  std::snprintf(text, sizeof text, "%g", alpha);
  const std::string a = text;
  out.description = "Holm step-down over the one-sided 'slower' p-values of " +
                    std::to_string(holm_family.size()) +
                    " benchmarks in failing tiers (family-wise error rate " + a +
                    "); Benjamini-Hochberg (false discovery rate " + a + ") over " +
                    std::to_string(warn_family.size()) +
                    " warn-tier 'slower' p-values and, for improvements, over " +
                    std::to_string(p_faster.size()) + " 'faster' p-values";
  return out;
}

Comparison compare_runs(const CompareInput& input) {
  const Config& config = input.config;
  Comparison c;
  c.rule = decision_rule_text(config);
  const auto base_runs = distinct_runs(input.base_runs, "base", c.information);
  const auto head_runs = distinct_runs(input.head_runs, "head", c.information);
  add_environments(base_runs, c.base_environments);
  add_environments(head_runs, c.head_environments);
  describe_environments(c);
  describe_complexity(base_runs, head_runs, c.information);

  SideMap base = collect(base_runs, config.metric);
  SideMap head = collect(head_runs, config.metric);
  std::set<std::string> names;
  for (const auto& [name, side] : base) names.insert(name);
  for (const auto& [name, side] : head) names.insert(name);

  std::vector<Work> work;
  work.reserve(names.size());
  const double floor_of_floor = 0.5 * config.noise_floor;
  const auto history = history_medians(input.history, config.metric, config.history_runs);
  for (const auto& name : names) {
    Work w;
    BenchmarkComparison& row = w.row;
    row.name = name;
    const TierSpec& tier = tier_for(config, name);
    row.tier = tier.name;
    row.threshold = tier.threshold;
    row.action = tier.action;
    const Side* b = base.count(name) ? &base.at(name) : nullptr;
    const Side* h = head.count(name) ? &head.at(name) : nullptr;
    if (b) {
      row.base_samples = static_cast<int>(b->samples.size());
      row.base_runs = static_cast<int>(b->run_logs.size());
      if (!b->samples.empty()) row.base_center = stats::median(b->samples);
    }
    if (h) {
      row.head_samples = static_cast<int>(h->samples.size());
      row.head_runs = static_cast<int>(h->run_logs.size());
      if (!h->samples.empty()) row.head_center = stats::median(h->samples);
    }
    if ((b && b->error) || (h && h->error)) {
      row.verdict = Verdict::failed;
      std::string message;
      if (h && h->error) message = "head: " + *h->error;
      if (b && b->error)
        message += (message.empty() ? "" : "; ") + std::string("base: ") + *b->error;
      row.message = message;
      work.push_back(std::move(w));
      continue;
    }
    if ((b && b->skipped) || (h && h->skipped)) {  // never compared, never a suite failure
      row.verdict = Verdict::skipped;
      if (h && h->skipped && b && !b->skipped) {
        row.message = "newly skipped in head (measured in base): " + *h->skipped;
      } else if (h && h->skipped) {
        row.message = "skipped: " + *h->skipped;
      } else {
        row.message = "skipped in base: " + *b->skipped;
      }
      work.push_back(std::move(w));
      continue;
    }
    if (!b || !h) {
      const auto& missing = b ? input.head_missing_shards : input.base_missing_shards;
      if (!missing.empty()) {
        row.verdict = Verdict::inconclusive;
        std::string list;
        for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
        row.noise_source =
            std::string("not measured: the ") + (b ? "head" : "base") + " run lacks " + list;
        row.message = row.noise_source;
        work.push_back(std::move(w));
        continue;
      }
      row.verdict = b ? Verdict::removed : Verdict::new_benchmark;
      work.push_back(std::move(w));
      continue;
    }
    if ((b->samples.empty() && b->unusable) || (h->samples.empty() && h->unusable)) {
      // Only the gated metric must be usable: one row says it is not, the file stands.
      row.verdict = Verdict::inconclusive;
      const char* where = b->samples.empty() && b->unusable
                              ? (h->samples.empty() && h->unusable ? "base and head" : "base")
                              : "head";
      row.message = "not comparable: " + config.metric + " is 0 in every repetition of " + where +
                    " (below the timer's resolution, or not measured); gate on another metric";
      row.noise_source = row.message;
      work.push_back(std::move(w));
      continue;
    }
    if (b->samples.empty() || h->samples.empty()) {
      row.verdict = Verdict::failed;
      row.message = std::string(b->samples.empty() ? "base" : "head") + ": no samples";
      work.push_back(std::move(w));
      continue;
    }
    w.comparable = true;
    const double log_change = std::log(row.head_center / row.base_center);
    row.change = std::expm1(log_change);

    // Within-run uncertainty.
    std::vector<double> base_logs = flatten(b->run_logs);
    std::vector<double> head_logs = flatten(h->run_logs);
    const double nb = static_cast<double>(base_logs.size());
    const double nh = static_cast<double>(head_logs.size());
    // Within-run uncertainty per direction: the HL interval is asymmetric when one side has a few
    // outlying repetitions (a slow episode inside a run), so "slower" is judged by the distance
    // from the estimate down to the interval's lower end and "faster" by the one up to its upper
    // end -- with no between-run noise this is exactly the Mann-Whitney interval's own verdict.
    double se_within_low = 0, se_within_high = 0;
    std::string within_text;
    bool hl_ok = false;
    if (base_logs.size() >= 2 && head_logs.size() >= 2) {
      auto hl = stats::hodges_lehmann(head_logs, base_logs, 0.95);
      if (hl.ci_valid) {
        se_within_low = std::max(hl.shift - hl.ci_low, 0.0) / kZ95;
        se_within_high = std::max(hl.ci_high - hl.shift, 0.0) / kZ95;
        hl_ok = true;
        within_text = "within-run HL (" + std::to_string(base_logs.size()) + "+" +
                      std::to_string(head_logs.size()) + " samples)";
      }
    }
    if (!hl_ok && (b->aggregate_runs > 0 || h->aggregate_runs > 0)) {
      // Aggregates only: the file's own cv (a relative sd, ~ the sd of the logs) over the
      // repetitions behind each aggregate; 2 repetitions assumed where the file does not say.
      const double runs = b->aggregate_runs + h->aggregate_runs;
      const double sigma = std::sqrt((b->aggregate_cv2 + h->aggregate_cv2) / runs);
      auto reps = [](const Side& side) {
        return std::max<double>(1.0, static_cast<double>(side.aggregate_reps) +
                                         2.0 * side.aggregate_unknown_reps +
                                         static_cast<double>(side.samples.size()) -
                                         side.aggregate_runs);
      };
      if (sigma > 0) {
        hl_ok = true;
        // The sample is a median: its spread is sqrt(pi/2) times a mean's; and the cv itself comes
        // from few repetitions, so widen by t/z (Cornish-Fisher, df = n_base + n_head - 2). The
        // full data of the same runs is never judged less confidently.
        const double df = std::max(1.0, reps(*b) + reps(*h) - 2);
        const double t_over_z = 1 + (kZ95 * kZ95 + 1) / (4 * df);
        se_within_low = se_within_high = sigma * std::sqrt(M_PI / 2) * t_over_z *
                                         std::sqrt(1 / reps(*b) + 1 / reps(*h));
        within_text = "within-run cv " + percent(sigma) + " reported by the aggregates (" +
                      std::to_string(static_cast<long long>(reps(*b))) + "+" +
                      std::to_string(static_cast<long long>(reps(*h))) + " repetitions" +
                      (b->aggregate_unknown_reps + h->aggregate_unknown_reps
                           ? ", 2 assumed per run where the file does not say"
                           : "") +
                      ")";
      }
    }
    if (!hl_ok) {
      // Pooled within-run MAD of the log samples around each run's median.
      std::vector<double> deviations;
      for (const Side* side : {b, h}) {
        for (const auto& r : side->run_logs) {
          if (r.size() < 2) continue;
          double m = stats::median(r);
          for (double x : r) deviations.push_back(std::fabs(x - m));
        }
      }
      double sigma = deviations.empty() ? 0 : 1.4826 * stats::median(deviations);
      if (sigma > 0) {
        within_text = "within-run MAD (" + std::to_string(base_logs.size()) + "+" +
                      std::to_string(head_logs.size()) + " samples, too few for an HL interval)";
      } else {
        sigma = config.noise_floor;
        within_text = "within-run spread unknown (" + std::to_string(base_logs.size()) + "+" +
                      std::to_string(head_logs.size()) + " samples), noise floor " +
                      percent(config.noise_floor) + " assumed";
      }
      se_within_low = se_within_high = sigma * std::sqrt(1 / nb + 1 / nh);
    }

    // Between-run noise.
    double s_b = 0;
    std::string between_text;
    auto hist = history.find(name);
    int hist_runs = hist == history.end() ? 0 : static_cast<int>(hist->second.size());
    // Same-commit runs (several processes on one side) show the noise of *this* measurement: when
    // they disagree more than the history says (one process hit a slow episode), pool them in.
    double same_commit_sd = -1, same_commit_df = 0;
    if (b->run_logs.size() >= 2 || h->run_logs.size() >= 2) {
      double sum_sq = 0;
      double df = 0;
      for (const Side* side : {b, h}) {
        if (side->run_logs.size() < 2) continue;
        auto medians = run_medians(side->run_logs);
        double sd = stats::stddev(medians);
        sum_sq += sd * sd * static_cast<double>(medians.size() - 1);
        df += static_cast<double>(medians.size() - 1);
      }
      same_commit_sd = std::sqrt(sum_sq / df);
      same_commit_df = df;
    }
    const std::string same_commit_text = "from " + std::to_string(b->run_logs.size()) + "+" +
                                         std::to_string(h->run_logs.size()) + " same-commit runs";
    if (hist_runs >= kMinHistoryRuns) {
      s_b = history_sd(hist->second);
      between_text = "from " + std::to_string(hist_runs) + " earlier runs";
      if (same_commit_sd > s_b) {
        // Pool the two variances by their degrees of freedom: one disagreeing pair of runs (one
        // degree of freedom) must not outvote a history of ten, yet a +160 % episode still does.
        const double df_h = hist_runs - 1.0;
        s_b = std::sqrt((df_h * s_b * s_b + same_commit_df * same_commit_sd * same_commit_sd) /
                        (df_h + same_commit_df));
        between_text = "from " + std::to_string(hist_runs) + " earlier runs (" +
                       percent(history_sd(hist->second)) + ") pooled with " +
                       std::to_string(b->run_logs.size()) + "+" +
                       std::to_string(h->run_logs.size()) + " same-commit runs (" +
                       percent(same_commit_sd) + "), which disagree more";
      }
    } else if (same_commit_sd >= 0) {
      s_b = same_commit_sd;
      between_text = same_commit_text;
    } else {
      s_b = config.noise_floor;
      between_text = "assumed noise floor (no history, one run per side)";
    }
    if (s_b < floor_of_floor) {
      s_b = floor_of_floor;
      between_text += ", raised to half the noise floor";
    }
    const double rb = static_cast<double>(b->run_logs.size());
    const double rh = static_cast<double>(h->run_logs.size());
    w.between_part = s_b * s_b * (1 / rb + 1 / rh);
    // se toward "no change" on the slower side (lower end) and on the faster side (upper end).
    const double se_low =
        std::max(std::sqrt(se_within_low * se_within_low + w.between_part), 1e-12);
    const double se_high =
        std::max(std::sqrt(se_within_high * se_within_high + w.between_part), 1e-12);
    w.within_part = se_within_low * se_within_low;
    w.se = se_low;
    row.noise_source = within_text + " + between-run " + percent(s_b) + " " + between_text;

    row.ci_low = std::expm1(log_change - kZ95 * se_low);
    row.ci_high = std::expm1(log_change + kZ95 * se_high);
    w.p_slower = 1 - stats::normal_cdf(log_change / se_low);
    w.p_faster = stats::normal_cdf(log_change / se_high);
    row.p_value = row.change >= 0 ? w.p_slower : w.p_faster;
    row.mde = std::expm1(kZPower * se_low);  // the smallest slowdown found with 80 % power
    w.reps_per_run = static_cast<int>(std::ceil(std::max(nb / rb, nh / rh)));
    work.push_back(std::move(w));
  }

  // Multiple comparisons.
  c.correction = adjust_comparable(work, config.alpha, [](const Work& w) {
    return std::pair{w.p_slower, w.p_faster};
  });

  // Verdicts.
  for (auto& w : work) {
    if (!w.comparable) continue;
    BenchmarkComparison& row = w.row;
    row.p_adjusted = row.change >= 0 ? w.padj_slower : w.padj_faster;
    const bool slower_significant = w.padj_slower < config.alpha;
    if (row.change > row.threshold && slower_significant) {
      row.verdict = Verdict::regression;
    } else if (row.change < -row.threshold && w.padj_faster < config.alpha) {
      row.verdict = Verdict::improvement;
    } else if (row.mde > row.threshold || row.change > row.threshold) {
      row.verdict = Verdict::inconclusive;
      double ratio = row.mde / row.threshold;
      double needed = std::ceil(static_cast<double>(w.reps_per_run) * ratio * ratio);
      row.repetitions_needed = static_cast<int>(
          std::min<double>(kMaxRepetitions, std::max(needed, w.reps_per_run + 1.0)));
      // Can repetitions alone bring the MDE under the threshold? Only the within-run part shrinks.
      const double between_mde = std::expm1(kZPower * std::sqrt(w.between_part));
      if (between_mde >= row.threshold) {
        row.noise_source +=
            "; between-run noise dominates: more runs per side (not more "
            "repetitions) are needed";
      } else if (w.between_part > w.within_part) {
        row.noise_source +=
            "; between-run noise dominates: more runs per side help more than "
            "repetitions";
      }
    } else {
      row.verdict = Verdict::unchanged;
    }
  }

  // Exit code.
  bool head_failed = false, failing_regression = false;
  for (const auto& w : work) {
    const Side* h = head.count(w.row.name) ? &head.at(w.row.name) : nullptr;
    if (w.row.verdict == Verdict::failed && h && (h->error || h->samples.empty()))
      head_failed = true;
    if (w.row.verdict == Verdict::regression && w.row.action == TierAction::fail) {
      failing_regression = true;
    }
  }
  c.exit_code = head_failed          ? ExitCode::suite_failed
                : failing_regression ? ExitCode::regression
                                     : ExitCode::pass;

  c.benchmarks.reserve(work.size());
  for (auto& w : work) c.benchmarks.push_back(std::move(w.row));
  sort_rows(c.benchmarks);
  return c;
}

}  // namespace bg
