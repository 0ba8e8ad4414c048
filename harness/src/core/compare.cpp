#include "bench_gate/compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "bench_gate/config.hpp"
#include "bench_gate/environment.hpp"
#include "bench_gate/gates.hpp"
#include "bench_gate/ingest.hpp"
#include "bench_gate/note_codec.hpp"
#include "bench_gate/stats.hpp"
#include "bench_gate/verdict.hpp"
#include "bench_gate/util/text.hpp"

namespace bg {
namespace {

constexpr double kZ95 = 1.959963984540054;                           // two-sided 95 %
constexpr double kZPower = 1.6448536269514722 + 0.8416212335729143;  // alpha 5 % one-sided, 80 %

// The floor of the noise terms: counts of instructions barely move between processes, so their
// floor is a small absolute one (instruction_noise_floor, 0.1 %), never zero (no division by zero,
// no interval narrower than what near-identical samples can show).
double noise_floor_of(const Config& config) {
  return config.metric == Metric::instructions ? config.instruction_noise_floor
                                               : config.noise_floor;
}

// What a row gates: the metric, or one counter (decided on its reciprocal when bigger is
// better, so that "worse" is always "larger", as for a time).
struct Quantity {
  Metric metric = Metric::real_time;
  std::string counter;  // "" = the metric
  bool invert = false;
};

const std::vector<double>* values_of(const BenchmarkResult& b, const Quantity& q) {
  if (q.counter.empty()) return &samples_of(b, q.metric);
  for (const auto& [name, values] : b.counters) {
    if (name == q.counter) return &values;
  }
  return nullptr;
}

// What one side (base or head) measured for one benchmark.
struct Side {
  bool present = false;
  std::optional<std::string> error;
  std::optional<std::string> skipped;  // skip_message of the first run that skipped it
  std::string label;                   // the first non-empty label
  int unusable = 0;                    // gated values that are 0 (not usable as a time)
  // Runs that reported only aggregates: sum of their cv^2 and of their repetitions (0 = unknown).
  int aggregate_runs = 0, aggregate_unknown_reps = 0;
  double aggregate_cv2 = 0;
  long long aggregate_reps = 0;
  std::vector<std::vector<double>> run_logs;  // log samples per run that has the benchmark
  std::vector<double> samples;                // pooled, in ns (reciprocals when inverted)
  std::vector<double> bytes_per_second, items_per_second;  // per run, where reported
};

using SideMap = std::map<std::string, Side>;

// The aggregates-only facts of one run's benchmark (time metrics only: counters have no cv).
void add_aggregates(Side& side, const BenchmarkResult& b, Metric metric, std::size_t values) {
  const double cv = metric == Metric::cpu_time ? b.aggregate_cpu_cv : b.aggregate_real_cv;
  if (values == 1 && (cv > 0 || b.aggregate_repetitions > 0)) {
    ++side.aggregate_runs;
    side.aggregate_cv2 += cv * cv;
    side.aggregate_reps += b.aggregate_repetitions;
    side.aggregate_unknown_reps += b.aggregate_repetitions <= 0;
  }
}

SideMap collect(const std::vector<const Run*>& runs, const Quantity& q) {
  SideMap sides;
  for (const Run* run : runs) {
    for (const auto& b : run->benchmarks) {
      const std::vector<double>* found = values_of(b, q);
      // A counter row exists where the counter was reported, or where the benchmark failed or
      // was skipped (so the row says so instead of "removed").
      if (!found && !b.error && !b.skipped) continue;
      Side& side = sides[b.name];
      side.present = true;
      if (b.error && !side.error) side.error = *b.error;
      if (b.skipped && !side.skipped) side.skipped = *b.skipped;
      if (side.label.empty()) side.label = suite_label(b.label);
      if (b.bytes_per_second > 0) side.bytes_per_second.push_back(b.bytes_per_second);
      if (b.items_per_second > 0) side.items_per_second.push_back(b.items_per_second);
      if (!found || found->empty()) continue;
      std::vector<double> logs;
      logs.reserve(found->size());
      for (double v : *found) {
        if (v > 0 && std::isfinite(v)) {
          logs.push_back(q.invert ? -std::log(v) : std::log(v));
          side.samples.push_back(q.invert ? 1 / v : v);
        } else {
          ++side.unusable;
        }
      }
      if (q.counter.empty()) add_aggregates(side, b, q.metric, found->size());
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
    const std::vector<std::vector<Run>>& history, const Quantity& q, int max_runs) {
  std::unordered_map<std::string, std::vector<double>> out;
  if (max_runs <= 0) return out;
  std::vector<double> logs;
  for (const auto& commit_runs : history) {
    for (const auto& run : commit_runs) {
      for (const auto& b : run.benchmarks) {
        const std::vector<double>* values = b.error ? nullptr : values_of(b, q);
        if (!values) continue;
        auto& medians = out[b.name];
        if (static_cast<int>(medians.size()) >= max_runs) continue;
        logs.clear();
        for (double v : *values) {
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


// Every file's environment of every run, one per (machine, compiler, build type). The fingerprint
// is recomputed from the context, so runs stored before it left out the executable compare by
// machine too.
void add_environments(const std::vector<const Run*>& runs, std::vector<Environment>& out) {
  std::set<std::string> seen;
  auto add = [&](Environment e) {
    if (!e.context.empty()) e.fingerprint = environment_fingerprint(e.context);
    std::string key = e.fingerprint + "\n" + e.compiler + "\n" + e.build_type + "\n" +
                      e.compiler_flags + "\n" + std::to_string(e.environment_bytes) + "\n" +
                      std::to_string(e.working_directory_length) + "\n" + e.aslr + "\n" +
                      e.cpu_governor;
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
  // The measuring process's facts (environment size, working directory, ASLR, governor, flags).
  for (auto& line : process_fact_differences(c.base_environments, c.head_environments)) {
    c.environments_differ = true;
    c.environment_differences.push_back(std::move(line));
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

std::vector<std::string> decision_rule_steps(const Config& config) {
  const std::string floor = util::percent(noise_floor_of(config));
  const std::string half_floor = util::percent(noise_floor_of(config) / 2);
  const std::string alpha = util::shortest(config.alpha);
  std::string what =
      config.metric == Metric::instructions
          ? "Metric instructions (per iteration of the measured loop, counted by callgrind; "
            "one loop per benchmark per suite process), compared in log space. Per side the "
            "counts of all its runs are pooled; change = head median / base median - 1."
          : "Metric " + std::string(metric_name(config.metric)) +
                ", compared in log space. Per side the samples (repetitions) of all its runs are "
                "pooled; change = head median / base median - 1.";
  std::string chosen;
  for (const auto& rule : config.rules) {
    if (rule.metric && *rule.metric != config.metric) {
      chosen += (chosen.empty() ? "" : ", ") + rule.pattern + ": " +
                std::string(metric_name(*rule.metric));
    }
  }
  if (!chosen.empty()) {
    what += " Rules choose another metric for the benchmarks they match (" + chosen +
            "); those rows are compared on it, with its noise floor.";
  }
  return {
      what,
      "Within-run term, per direction: the distance from the Hodges-Lehmann estimate of the log "
      "shift to the end of its 95 % Mann-Whitney interval on the side being tested (lower end "
      "for 'slower', upper end for 'faster'), divided by 1.96. With too few samples for that "
      "interval: 1.4826 x the MAD of the log samples around their run's median, else the noise "
      "floor of " + floor + ". A benchmark reported only as aggregates (one median per run): its "
      "own cv x sqrt(pi/2) x (1 + (1.96^2 + 1) / (4 df)) x sqrt(1/n_base + 1/n_head), n = the "
      "repetitions behind the aggregates (2 assumed where the file does not say), df = n_base + "
      "n_head - 2.",
      "Between-run term s_b: the sample sd of the log run medians of >= 3 earlier runs on the "
      "baseline's first-parent line; when repeated runs of the same commits disagree more, the "
      "two variances are pooled by their degrees of freedom. Without such history: the sd of "
      "the same-commit runs, else the noise floor of " + floor + ". Never below " + half_floor +
          ".",
      "se = sqrt(se_within^2 + s_b^2 (1/R_base + 1/R_head)), R = runs per side. 95 % interval: "
      "exp(log(1 + change) -+ 1.96 se) - 1; one-sided p of 'slower' and 'faster' from z = "
      "log(1 + change) / se.",
      "Correction: Holm step-down over the 'slower' p-values of fail-action tiers (family-wise "
      "error rate " + alpha + "); Benjamini-Hochberg (false discovery rate " + alpha +
          ") over warn-tier 'slower' p-values and over all 'faster' p-values.",
      "Regression: change above the tier threshold and the adjusted p of 'slower' below " +
          alpha +
          "; improvement likewise for 'faster'. Otherwise inconclusive when the minimum "
          "detectable effect exp(2.486 se) - 1 (80 % power, one-sided 5 %) exceeds the "
          "threshold, or the change exceeds it without significance, or the 95 % interval "
          "reaches past the threshold; else unchanged (a change within the threshold, shown by "
          "the interval).",
      "Regressions in fail-action tiers fail the gate (exit 1); in warn-action tiers they are "
      "reported only. A benchmark that reported an error in head fails the suite (exit 4). A "
      "skipped benchmark (skipped, with its message) and one whose metric is 0 in every "
      "repetition (inconclusive, saying so) are never compared and never fail the gate.",
  };
}

std::vector<std::string> gate_rule_steps(const Config& config) {
  bool counters = false, budgets = false;
  for (const auto& rule : config.rules) {
    counters = counters || !rule.counter.empty();
    budgets = budgets || rule.budget.has_value();
  }
  std::vector<std::string> steps;
  if (counters) {
    steps.push_back(
        "Counters (rules with \"counter\"): each is its own row NAME [counter], decided by the "
        "steps above on the counter's samples, with the rule's tier and threshold (else the "
        "benchmark's). A bigger-is-better counter (bytes_per_second, items_per_second, or "
        "\"direction\": \"bigger\") is decided on its reciprocal, so its fall by t / (1 + t) "
        "is a change of t (a 20 % fall = +25 %); the row shows the counter's own change.");
  }
  if (budgets) {
    steps.push_back(
        "Budgets (\"max\", \"min\"): head's 95 % interval exp(log(head median) -+ 1.96 "
        "se_head) with se_head = sqrt(se_within^2 + s_b^2 / R_head), se_within from the "
        "distribution-free 95 % interval of the median of head's log samples / 1.96 (else "
        "1.4826 x MAD / sqrt(n), else the noise floor / sqrt(n)), s_b as in step 3 (head's "
        "runs only). Wholly beyond the budget: broken, a regression of its tier (fails a "
        "fail-action tier); across it: inconclusive; wholly inside: within. Judged with or "
        "without a base, without multiple-comparison correction (a budget is a stated target).");
  }
  return steps;
}

std::string decision_rule_text(const Config& config) {
  std::string text;
  for (const auto& step : decision_rule_steps(config)) text += (text.empty() ? "" : " ") + step;
  for (const auto& step : gate_rule_steps(config)) text += " " + step;
  return text;
}

namespace {

// The row of one benchmark before statistics: tier, centers, sample and run counts.
BenchmarkComparison start_row(const std::string& name, const Config& config, const Side* b,
                              const Side* h) {
  BenchmarkComparison row;
  row.name = name;
  if (config.metric == Metric::instructions) row.unit = "instructions";
  const TierSpec& tier = tier_for(config, name);
  row.tier = tier.name;
  row.threshold = tier.threshold;
  row.action = tier.action;
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
  row.label = h && !h->label.empty() ? h->label : b ? b->label : "";
  return row;
}

std::string quantity_name(const BenchmarkComparison& row, Metric metric) {
  return row.counter.empty() ? std::string(metric_name(metric)) : row.counter;
}

// A final verdict without statistics (failed, new, removed, not measured), or nullopt when the
// benchmark is comparable.
bool settle_without_statistics(BenchmarkComparison& row, const Side* b, const Side* h,
                               const CompareInput& input, Metric metric) {
  if ((b && b->error) || (h && h->error)) {
    row.verdict = Verdict::failed;
    row.failed_side = (b && b->error) && (h && h->error) ? FailedSide::both
                      : (h && h->error)                  ? FailedSide::head
                                                         : FailedSide::base;
    if (h && h->error) row.message = "head: " + *h->error;
    if (b && b->error) row.message += (row.message.empty() ? "" : "; ") + ("base: " + *b->error);
    return true;
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
    return true;
  }
  if (!b || !h) {
    const auto& missing = b ? input.head_missing_shards : input.base_missing_shards;
    if (missing.empty()) {
      row.verdict = b ? Verdict::removed : Verdict::new_benchmark;
      return true;
    }
    row.verdict = Verdict::inconclusive;
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    row.noise_source =
        std::string("not measured: the ") + (b ? "head" : "base") + " run lacks " + list;
    row.message = row.noise_source;
    return true;
  }
  const bool base_unusable = b->samples.empty() && b->unusable;
  const bool head_unusable = h->samples.empty() && h->unusable;
  if (base_unusable || head_unusable) {
    // Only the gated metric must be usable: one row says it is not, the file stands.
    row.verdict = Verdict::inconclusive;
    const char* where = base_unusable && head_unusable ? "base and head"
                        : base_unusable                ? "base"
                                                       : "head";
    row.message = "not comparable: " + quantity_name(row, metric) +
                  " is 0 in every repetition of " + where +
                  " (below the timer's resolution, or not measured); gate on another metric";
    row.noise_source = row.message;
    return true;
  }
  if (b->samples.empty() || h->samples.empty()) {
    row.verdict = Verdict::failed;
    row.failed_side = h->samples.empty() ? FailedSide::head : FailedSide::base;
    row.message = std::string(b->samples.empty() ? "base" : "head") + ": no " +
                  quantity_name(row, metric) + " samples";
    return true;
  }
  return false;
}

// The within-run standard errors toward "slower" (low) and "faster" (high), in log units.
struct WithinRun {
  double se_low = 0, se_high = 0;
  std::string text;
};

WithinRun within_run(const Side& b, const Side& h, const Config& config) {
  WithinRun out;
  const std::vector<double> base_logs = flatten(b.run_logs);
  const std::vector<double> head_logs = flatten(h.run_logs);
  const std::string counts =
      std::to_string(base_logs.size()) + "+" + std::to_string(head_logs.size()) + " samples";
  // The HL interval is asymmetric when one side has a few outlying repetitions (a slow episode
  // inside a run), so "slower" is judged by the distance from the estimate down to the
  // interval's lower end and "faster" by the one up to its upper end -- with no between-run
  // noise this is exactly the Mann-Whitney interval's own verdict.
  if (base_logs.size() >= 2 && head_logs.size() >= 2) {
    const auto hl = stats::hodges_lehmann(head_logs, base_logs, 0.95);
    if (hl.ci_valid) {
      out.se_low = std::max(hl.shift - hl.ci_low, 0.0) / kZ95;
      out.se_high = std::max(hl.ci_high - hl.shift, 0.0) / kZ95;
      out.text = "within-run HL (" + counts + ")";
      return out;
    }
  }
  if (b.aggregate_runs > 0 || h.aggregate_runs > 0) {
    // Aggregates only: the file's own cv (a relative sd, ~ the sd of the logs) over the
    // repetitions behind each aggregate; 2 repetitions assumed where the file does not say.
    const double runs = b.aggregate_runs + h.aggregate_runs;
    const double sigma = std::sqrt((b.aggregate_cv2 + h.aggregate_cv2) / runs);
    auto reps = [](const Side& side) {
      return std::max<double>(1.0, static_cast<double>(side.aggregate_reps) +
                                       2.0 * side.aggregate_unknown_reps +
                                       static_cast<double>(side.samples.size()) -
                                       side.aggregate_runs);
    };
    if (sigma > 0) {
      // The sample is a median: its spread is sqrt(pi/2) times a mean's; and the cv itself comes
      // from few repetitions, so widen by t/z (Cornish-Fisher, df = n_base + n_head - 2). The
      // full data of the same runs is never judged less confidently.
      const double df = std::max(1.0, reps(b) + reps(h) - 2);
      const double t_over_z = 1 + (kZ95 * kZ95 + 1) / (4 * df);
      out.se_low = out.se_high = sigma * std::sqrt(M_PI / 2) * t_over_z *
                                 std::sqrt(1 / reps(b) + 1 / reps(h));
      out.text = "within-run cv " + util::percent(sigma) + " reported by the aggregates (" +
                 std::to_string(static_cast<long long>(reps(b))) + "+" +
                 std::to_string(static_cast<long long>(reps(h))) + " repetitions" +
                 (b.aggregate_unknown_reps + h.aggregate_unknown_reps
                      ? ", 2 assumed per run where the file does not say"
                      : "") +
                 ")";
      return out;
    }
  }
  // Pooled within-run MAD of the log samples around each run's median.
  std::vector<double> deviations;
  for (const Side* side : {&b, &h}) {
    for (const auto& r : side->run_logs) {
      if (r.size() < 2) continue;
      const double m = stats::median(r);
      for (double x : r) deviations.push_back(std::fabs(x - m));
    }
  }
  double sigma = deviations.empty() ? 0 : 1.4826 * stats::median(deviations);
  if (sigma > 0) {
    out.text = "within-run MAD (" + counts + ", too few for an HL interval)";
  } else {
    sigma = noise_floor_of(config);
    out.text = "within-run spread unknown (" + counts + "), noise floor " +
               util::percent(noise_floor_of(config)) + " assumed";
  }
  const double nb = static_cast<double>(base_logs.size());
  const double nh = static_cast<double>(head_logs.size());
  out.se_low = out.se_high = sigma * std::sqrt(1 / nb + 1 / nh);
  return out;
}

// The between-run sd s_b (log units) and how it was estimated.
struct BetweenRun {
  double sd = 0;
  std::string text;
};

BetweenRun between_run(const Side& b, const Side& h, const std::vector<double>* history,
                       const Config& config) {
  BetweenRun out;
  const int hist_runs = history ? static_cast<int>(history->size()) : 0;
  // Same-commit runs (several processes on one side) show the noise of *this* measurement: when
  // they disagree more than the history says (one process hit a slow episode), pool them in.
  double same_sd = -1, same_df = 0;
  if (b.run_logs.size() >= 2 || h.run_logs.size() >= 2) {
    double sum_sq = 0;
    for (const Side* side : {&b, &h}) {
      if (side->run_logs.size() < 2) continue;
      const auto medians = run_medians(side->run_logs);
      const double sd = stats::stddev(medians);
      sum_sq += sd * sd * static_cast<double>(medians.size() - 1);
      same_df += static_cast<double>(medians.size() - 1);
    }
    same_sd = std::sqrt(sum_sq / same_df);
  }
  const std::string same_runs =
      std::to_string(b.run_logs.size()) + "+" + std::to_string(h.run_logs.size()) +
      " same-commit runs";
  if (hist_runs >= kMinHistoryRuns) {
    const double hist_sd = history_sd(*history);
    out.sd = hist_sd;
    out.text = "from " + std::to_string(hist_runs) + " earlier runs";
    if (same_sd > hist_sd) {
      // Pool the two variances by their degrees of freedom: one disagreeing pair of runs (one
      // degree of freedom) must not outvote a history of ten, yet a +160 % episode still does.
      const double df_h = hist_runs - 1.0;
      out.sd = std::sqrt((df_h * hist_sd * hist_sd + same_df * same_sd * same_sd) / (df_h + same_df));
      out.text = "from " + std::to_string(hist_runs) + " earlier runs (" +
                 util::percent(hist_sd) + ") pooled with " + same_runs + " (" +
                 util::percent(same_sd) + "), which disagree more";
    }
  } else if (same_sd >= 0) {
    out.sd = same_sd;
    out.text = "from " + same_runs;
  } else {
    out.sd = noise_floor_of(config);
    out.text = "assumed noise floor (no history, one run per side)";
  }
  if (out.sd < 0.5 * noise_floor_of(config)) {
    out.sd = 0.5 * noise_floor_of(config);
    out.text += ", raised to half the noise floor";
  }
  return out;
}

// The statistics of a comparable benchmark: change, interval, p-values, MDE, and what an
// inconclusive verdict would need.
void estimate(Candidate& cand, const Side& b, const Side& h, const std::vector<double>* history,
              const Config& config) {
  BenchmarkComparison& row = cand.row;
  cand.comparable = true;
  const double log_change = std::log(row.head_center / row.base_center);
  row.change = std::expm1(log_change);
  const WithinRun within = within_run(b, h, config);
  const BetweenRun between = between_run(b, h, history, config);
  const double rb = static_cast<double>(b.run_logs.size());
  const double rh = static_cast<double>(h.run_logs.size());
  const double between_part = between.sd * between.sd * (1 / rb + 1 / rh);
  const double within_part = within.se_low * within.se_low;
  // se toward "no change" on the slower side (lower end) and on the faster side (upper end).
  const double se_low = std::max(std::sqrt(within_part + between_part), 1e-12);
  const double se_high =
      std::max(std::sqrt(within.se_high * within.se_high + between_part), 1e-12);
  row.noise_source =
      within.text + " + between-run " + util::percent(between.sd) + " " + between.text;
  row.ci_low = std::expm1(log_change - kZ95 * se_low);
  row.ci_high = std::expm1(log_change + kZ95 * se_high);
  cand.p_slower = 1 - stats::normal_cdf(log_change / se_low);
  cand.p_faster = stats::normal_cdf(log_change / se_high);
  row.p_value = row.change >= 0 ? cand.p_slower : cand.p_faster;
  row.mde = rule_mde(se_low);  // the smallest slowdown found with 80 % power

  // What an inconclusive verdict would need: decided from these terms (advice.hpp).
  cand.noise = NoiseTerms{within.se_low, between.sd, static_cast<double>(b.samples.size()),
                          static_cast<double>(h.samples.size()), rb, rh};
}

// Head's 95 % interval of its median, in the row's unit: the within-run term of one side (the
// distribution-free interval of the median of its log samples, else their MAD, else the noise
// floor) and the between-run term of its runs, as the stored rule combines them.
void judge_row_budget(BenchmarkComparison& row, const Budget& budget, const Side& h,
                      const std::vector<double>* history, const Config& config, bool invert) {
  const std::vector<double> logs = flatten(h.run_logs);
  const double n = static_cast<double>(logs.size());
  const auto interval = stats::median_interval(logs, 0.95);
  double se_low = 0, se_high = 0;
  if (interval.ci_valid) {
    se_low = (interval.median - interval.ci_low) / kZ95;
    se_high = (interval.ci_high - interval.median) / kZ95;
  } else {
    std::vector<double> deviations;
    for (const auto& r : h.run_logs) {
      const double m = stats::median(r);
      for (double x : r) deviations.push_back(std::fabs(x - m));
    }
    double sigma = deviations.size() >= 2 ? 1.4826 * stats::median(deviations) : 0;
    if (!(sigma > 0)) sigma = noise_floor_of(config);
    se_low = se_high = sigma / std::sqrt(n);
  }
  const BetweenRun between = between_run(Side{}, h, history, config);
  const double between_part =
      between.sd * between.sd / static_cast<double>(std::max<std::size_t>(1, h.run_logs.size()));
  const double below = kZ95 * std::sqrt(se_low * se_low + between_part);
  const double above = kZ95 * std::sqrt(se_high * se_high + between_part);
  // In log space of the samples (negated logs when inverted): back to the row's unit.
  double low = std::exp(interval.median - below), high = std::exp(interval.median + above);
  if (invert) std::tie(low, high) = std::pair{1 / high, 1 / low};
  row.budget = budget;
  row.budget_low = low;
  row.budget_high = high;
  row.budget_verdict = judge_budget(budget, low, high);
}

// The rule's tier, threshold and direction on a counter row.
void gate_counter_row(BenchmarkComparison& row, const TierRule& rule, const Config& config) {
  row.counter = rule.counter;
  row.direction = rule.direction;
  row.name += " [" + rule.counter + "]";
  row.unit = counter_unit(rule.counter);
  if (!rule.tier.empty()) {
    for (const auto& tier : config.tiers) {
      if (tier.name != rule.tier) continue;
      row.tier = tier.name;
      row.threshold = tier.threshold;
      row.action = tier.action;
    }
  }
  if (rule.threshold > 0) row.threshold = rule.threshold;
}

double median_or_zero(const std::vector<double>& values) {
  return values.empty() ? 0 : stats::median(values);
}

// The benchmark's throughput (bytes per second, else items per second) on both sides.
void set_throughput(BenchmarkComparison& row, const Side* b, const Side* h) {
  for (auto [field, unit] : {std::pair{&Side::bytes_per_second, "B/s"},
                             std::pair{&Side::items_per_second, "items/s"}}) {
    const double base = b ? median_or_zero(b->*field) : 0, head = h ? median_or_zero(h->*field) : 0;
    if (base > 0 || head > 0) {
      row.base_throughput = base;
      row.head_throughput = head;
      row.throughput_unit = unit;
      return;
    }
  }
}

// One candidate per benchmark that has the quantity on either side (for a counter: only where a
// rule gates it with this direction).
// A rule gates `name` on a metric a side did not measure at all (say, instructions on runs that
// were only timed): refuse, naming the benchmark, the metric and how to record it.
void refuse_missing_metric(const std::string& name, Metric metric, const Side* side,
                           const char* which) {
  if (!side || !side->samples.empty() || side->unusable || side->error || side->skipped) return;
  const std::string m(metric_name(metric));
  throw Error(ExitCode::input_error,
              "config: a rule gates " + util::one_line_text(name) + " on " + m + ", but the " +
                  which + " runs have no " + m + " measurements: record them with `bench-gate " +
                  "record --metric " + m + "` (runs of both metrics are kept side by side)");
}

void add_candidates(const Quantity& q, const std::vector<const Run*>& base_runs,
                    const std::vector<const Run*>& head_runs, const CompareInput& input,
                    std::vector<Candidate>& out) {
  const Config& config = input.config;
  const SideMap base = collect(base_runs, q);
  const SideMap head = collect(head_runs, q);
  std::set<std::string> names;
  for (const auto& [name, side] : base) names.insert(name);
  for (const auto& [name, side] : head) names.insert(name);
  const auto history = history_medians(input.history, q, config.history_runs);
  // The metric's own config when a rule chose another metric for these rows (rules[].metric).
  Config metric_config;
  if (q.metric != config.metric) {
    metric_config = config;
    metric_config.metric = q.metric;
  }
  const Config& row_config = q.metric != config.metric ? metric_config : config;
  for (const auto& name : names) {
    const TierRule* rule = nullptr;
    if (!q.counter.empty()) {
      for (const TierRule* r : counter_rules(config, name)) {
        if (r->counter == q.counter && (r->direction == Direction::bigger_is_better) == q.invert)
          rule = r;
      }
      if (!rule) continue;
    } else if (metric_for(config, name) != q.metric) {
      continue;  // a rule gates this benchmark on another metric: its row comes from that pass
    }
    const auto bi = base.find(name), hi = head.find(name);
    const Side* b = bi == base.end() ? nullptr : &bi->second;
    const Side* h = hi == head.end() ? nullptr : &hi->second;
    if (q.counter.empty() && q.metric != config.metric) {
      refuse_missing_metric(name, q.metric, b, "base");
      refuse_missing_metric(name, q.metric, h, "head");
    }
    Candidate cand;
    cand.row = start_row(name, row_config, b, h);
    if (rule) gate_counter_row(cand.row, *rule, config);
    if (!rule) set_throughput(cand.row, b, h);
    const auto found = history.find(name);
    const std::vector<double>* past = found == history.end() ? nullptr : &found->second;
    if (!settle_without_statistics(cand.row, b, h, input, q.metric))
      estimate(cand, *b, *h, past, row_config);
    const TierRule* budget = budget_rule(config, name, q.counter);
    if (budget && h && !h->samples.empty() && !h->error && !h->skipped) {
      if (budget->budget->is_time && q.metric == Metric::instructions && q.counter.empty()) {
        throw Error(ExitCode::input_error,
                    (config.source_path.empty() ? "config" : config.source_path) + ": " +
                        budget->path + ": the time budget '" + budget->budget->text +
                        "' cannot judge metric instructions (give a count)");
      }
      judge_row_budget(cand.row, *budget->budget, *h, past, row_config, q.invert);
    }
    out.push_back(std::move(cand));
  }
}

// A bigger-is-better counter row, decided on its reciprocal, back in the counter's own terms.
void to_counter_terms(BenchmarkComparison& row) {
  auto reciprocal = [](double v) { return v > 0 ? 1 / v : 0; };
  row.base_center = reciprocal(row.base_center);
  row.head_center = reciprocal(row.head_center);
  const double low = row.ci_low, high = row.ci_high;
  row.change = 1 / (1 + row.change) - 1;
  row.ci_low = 1 / (1 + high) - 1;
  row.ci_high = 1 / (1 + low) - 1;
}

// A budget's verdict on its row: broken makes it a regression of its tier, across the budget
// makes a passing row inconclusive.
void apply_budget(BenchmarkComparison& row) {
  if (!row.budget) return;
  const bool gated = row.verdict != Verdict::failed && row.verdict != Verdict::skipped &&
                     row.verdict != Verdict::removed;
  const std::string what = std::string(row.budget->kind == Budget::Kind::max ? "max " : "min ") +
                           row.budget->text;
  auto note = [&](const std::string& text) {
    row.message += (row.message.empty() ? "" : "; ") + text;
  };
  if (row.budget_verdict == BudgetVerdict::broken && gated) {
    row.verdict = Verdict::regression;
    note("budget " + what + " broken: head's 95 % interval lies wholly beyond it");
  } else if (row.budget_verdict == BudgetVerdict::inconclusive && gated &&
             row.verdict != Verdict::regression) {
    row.verdict = Verdict::inconclusive;
    note("budget " + what + ": head's 95 % interval straddles it");
  }
}

}  // namespace

namespace {

// Every benchmark of either side on its way to a verdict (statistics done, not yet decided).
std::vector<Candidate> candidates_of(const CompareInput& input, Comparison& c) {
  const Config& config = input.config;
  const auto base_runs = distinct_runs(input.base_runs, "base", c.information);
  const auto head_runs = distinct_runs(input.head_runs, "head", c.information);
  add_environments(base_runs, c.base_environments);
  add_environments(head_runs, c.head_environments);
  describe_environments(c);
  describe_complexity(base_runs, head_runs, c.information);

  std::vector<Candidate> candidates;
  add_candidates(Quantity{config.metric, "", false}, base_runs, head_runs, input, candidates);
  std::set<std::pair<std::string, bool>> counters;  // (counter, bigger is better)
  for (const auto& rule : config.rules) {
    if (!rule.counter.empty())
      counters.emplace(rule.counter, rule.direction == Direction::bigger_is_better);
  }
  for (const auto& [counter, bigger] : counters) {
    add_candidates(Quantity{config.metric, counter, bigger}, base_runs, head_runs, input,
                   candidates);
  }
  // A rule may gate some benchmarks on another metric (rules[].metric): their rows, apart.
  std::set<Metric> rule_metrics;
  for (const auto& rule : config.rules) {
    if (rule.metric && *rule.metric != config.metric) rule_metrics.insert(*rule.metric);
  }
  for (const Metric m : rule_metrics) {
    add_candidates(Quantity{m, "", false}, base_runs, head_runs, input, candidates);
  }
  return candidates;
}

}  // namespace

Comparison compare_runs(const CompareInput& input) {
  Comparison c;
  c.rule = decision_rule_text(input.config);
  decide(candidates_of(input, c), input.config, c);
  for (auto& row : c.benchmarks) {
    if (row.direction == Direction::bigger_is_better) to_counter_terms(row);
    apply_budget(row);
  }
  c.exit_code = gate_exit_code(c.benchmarks);
  sort_rows(c.benchmarks);
  return c;
}

std::map<std::string, NoiseTerms> stored_noise_terms(const CompareInput& input) {
  Comparison c;
  std::map<std::string, NoiseTerms> out;
  for (auto& cand : candidates_of(input, c)) {
    if (cand.noise) out.emplace(cand.row.name, *cand.noise);
  }
  return out;
}

}  // namespace bg
