// bench-gate calibrate: run the suite N times on this machine and say, per benchmark, how noisy it
// is within a run and between runs, the smallest change the stored rule could detect with the
// configured repetitions and processes, and the strictest tier that detection supports; then a
// `rules` block for bench-gate.json. The detectable change is compare's own: the rule's noise
// terms (compare.hpp stored_noise_terms, the N runs as the same-commit runs of both sides, the
// stored history of HEAD's first-parent line as compare would use it) scaled to the configured
// runs per side (advice.hpp rule_se) -- never a second copy of the formula.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>

#include "bench_gate/app/commands.hpp"
#include "bench_gate/app/compare_flow.hpp"
#include "bench_gate/app/workspace.hpp"
#include "bench_gate/advice.hpp"
#include "bench_gate/compare.hpp"
#include "bench_gate/config.hpp"
#include "bench_gate/note_codec.hpp"
#include "bench_gate/stats.hpp"
#include "bench_gate/verdict.hpp"
#include "bench_gate/util/files.hpp"
#include "bench_gate/util/ids.hpp"
#include "bench_gate/util/text.hpp"
#include "bench_gate/util/time.hpp"
#include "bench_gate/version.hpp"

namespace bg {
namespace {

struct Row {
  std::string name;
  int runs = 0;
  double median_ns = 0;
  double within_cv = 0;   // pooled 1.4826 MAD of log samples around their run's median
  double between_cv = 0;  // sd of the per-run log medians
  double mde = 0;         // stored rule (compare's), `processes` runs per side, configured reps
  std::string tier;       // the strictest tier whose threshold the mde reaches, "—" for none
  std::string error;
};

double noise_floor_of(const Config& config) {
  return config.metric == Metric::instructions ? config.instruction_noise_floor
                                               : config.noise_floor;
}

// Tiers from the strictest (smallest threshold) to the loosest.
std::vector<TierSpec> tiers_by_threshold(const Config& config) {
  std::vector<TierSpec> tiers = config.tiers;
  std::stable_sort(tiers.begin(), tiers.end(),
                   [](const TierSpec& a, const TierSpec& b) { return a.threshold < b.threshold; });
  return tiers;
}

// Per benchmark: the log samples of each run, the raw samples and the first error.
struct Samples {
  std::map<std::string, std::vector<std::vector<double>>> logs;
  std::map<std::string, std::vector<double>> raw;
  std::map<std::string, std::string> errors;
};

Samples collect(const std::vector<Run>& runs, Metric metric) {
  Samples s;
  for (const auto& run : runs) {
    for (const auto& b : run.benchmarks) {
      if (b.error) {
        s.errors.emplace(b.name, *b.error);
        continue;
      }
      std::vector<double> l;
      for (double v : samples_of(b, metric)) {
        if (v > 0 && std::isfinite(v)) {
          l.push_back(std::log(v));
          s.raw[b.name].push_back(v);
        }
      }
      if (!l.empty()) s.logs[b.name].push_back(std::move(l));
    }
  }
  return s;
}

Row row_of(const std::string& name, const std::vector<std::vector<double>>& per_run,
           const std::vector<double>& raw, const NoiseTerms* terms, const Config& config) {
  Row r;
  r.name = name;
  r.runs = static_cast<int>(per_run.size());
  r.median_ns = stats::median(raw);
  std::vector<double> deviations, medians;
  for (const auto& l : per_run) {
    const double m = stats::median(l);
    medians.push_back(m);
    for (double x : l) deviations.push_back(std::fabs(x - m));
  }
  r.within_cv = 1.4826 * stats::median(deviations);
  r.between_cv = stats::stddev(medians);
  r.tier = "—";
  if (!terms) return r;
  // What record and compare make per side: `processes` runs of the configured repetitions (one
  // count per process under instruction counting).
  const double repetitions = config.metric == Metric::instructions ? 1.0 : config.repetitions;
  r.mde = rule_mde(rule_se(*terms, config.processes, repetitions));
  for (const auto& tier : tiers_by_threshold(config)) {
    if (r.mde <= tier.threshold) {
      r.tier = tier.name;
      break;
    }
  }
  return r;
}

// The rule's terms of an A/A comparison of the calibration runs with themselves, the stored
// history (newest first) as compare's between-run history.
std::vector<Row> rows_of(const std::vector<Run>& runs, std::vector<std::vector<Run>> history,
                         const Config& config) {
  CompareInput input;
  input.base_runs = runs;
  input.head_runs = runs;
  // Stored history runs per benchmark: with one run per side and fewer than 3 of them, compare
  // has no measured between-run spread and assumes the noise floor (rule step 3); so does this.
  std::map<std::string, int> history_runs;
  for (const auto& commit_runs : history)
    for (const auto& run : commit_runs)
      for (const auto& b : run.benchmarks) ++history_runs[b.name];
  input.history = std::move(history);
  input.config = config;
  std::map<std::string, NoiseTerms> terms = stored_noise_terms(input);
  if (config.processes == 1) {
    for (auto& [name, t] : terms) {
      if (history_runs[name] < 3) t.between_sd = noise_floor_of(config);
    }
  }
  Samples s = collect(runs, config.metric);
  std::vector<Row> rows;
  for (const auto& [name, per_run] : s.logs) {
    const auto found = terms.find(name);
    Row r = row_of(name, per_run, s.raw[name], found == terms.end() ? nullptr : &found->second,
                   config);
    if (s.errors.count(name)) r.error = s.errors[name];
    rows.push_back(std::move(r));
  }
  for (const auto& [name, error] : s.errors) {
    if (!s.logs.count(name)) rows.push_back(Row{name, 0, 0, 0, 0, 0, "—", error});
  }
  return rows;
}

void print_table(const std::vector<Row>& rows, const CalibrateOptions& options,
                 const SuiteRequest& req, const Config& config, int history_runs) {
  std::size_t width = 9;
  for (const auto& r : rows) width = std::max(width, util::one_line_text(r.name).size());
  std::printf("%-*s  %12s  %10s  %11s  %9s  %s\n", static_cast<int>(width), "benchmark",
              "median ns", "within cv", "between cv", "mde", "strictest tier");
  for (const auto& r : rows) {
    const std::string error = r.error.empty() ? "" : "  (error: " + r.error + ")";
    std::printf("%-*s  %12.1f  %10s  %11s  %9s  %s%s\n", static_cast<int>(width),
                util::one_line_text(r.name).c_str(), r.median_ns,
                util::percent(r.within_cv, 2).c_str(), util::percent(r.between_cv, 2).c_str(),
                util::percent(r.mde, 2).c_str(), util::one_line_text(r.tier).c_str(),
                util::one_line_text(error).c_str());
  }
  std::string needs;
  for (const auto& tier : tiers_by_threshold(config)) {
    needs += (needs.empty() ? "" : ", ") + util::one_line_text(tier.name) + " needs mde <= " +
             util::percent(tier.threshold, 2);
  }
  std::printf(
      "%d runs x %d repetitions; mde: compare's stored rule for %d run(s) per side (config "
      "processes) with %d repetitions each, its noise terms measured on these runs (between-run: "
      "their sd%s, at least %s%s); %s\n",
      options.runs, req.repetitions, config.processes,
      config.metric == Metric::instructions ? 1 : config.repetitions,
      history_runs > 0 ? (", pooled with " + std::to_string(history_runs) +
                          " stored runs of history as compare does").c_str()
                       : "",
      util::percent(noise_floor_of(config) / 2, 2).c_str(),
      config.processes == 1
          ? ("; with one run per side and fewer than 3 stored runs of history the noise floor " +
             util::percent(noise_floor_of(config), 1) + ", as compare assumes")
                .c_str()
          : "",
      needs.c_str());
}

// One rule per benchmark that holds a tier: its name as an exact glob, its strictest tier.
nlohmann::json rules_json(const std::vector<Row>& rows) {
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& r : rows) {
    if (r.tier == "—" || !r.error.empty()) continue;
    rules.push_back(nlohmann::json{{"pattern", glob_escape(r.name)}, {"tier", r.tier}});
  }
  return rules;
}

// The rules block, valid JSON to paste into bench-gate.json's top-level object.
void print_rules(const std::vector<Row>& rows, const Config& config) {
  const nlohmann::json rules = rules_json(rows);
  std::printf("\nrules for bench-gate.json (replace its \"rules\"; benchmarks no tier can hold "
              "stay with default_tier \"%s\"):\n\"rules\": [",
              util::one_line_text(config.default_tier).c_str());
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const std::string rule = rules[i].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::printf("%s\n  %s", i == 0 ? "" : ",", rule.c_str());
  }
  std::printf("%s]\n", rules.empty() ? "" : "\n");
}

void write_json(const std::vector<Row>& rows, const CalibrateOptions& options,
                const SuiteRequest& req, const Config& config) {
  nlohmann::json j{{"runs", options.runs},
                   {"repetitions", req.repetitions},
                   {"default_repetitions", config.repetitions},
                   {"processes", config.processes},
                   {"rules", rules_json(rows)},
                   {"benchmarks", nlohmann::json::array()}};
  for (const auto& r : rows) {
    nlohmann::json b{{"name", r.name},         {"runs", r.runs},
                     {"median_ns", r.median_ns}, {"within_cv", r.within_cv},
                     {"between_cv", r.between_cv}, {"mde", r.mde},
                     {"tier", r.tier}};
    if (!r.error.empty()) b["error"] = r.error;
    j["benchmarks"].push_back(std::move(b));
  }
  util::write_file_atomically(options.json_output, j.dump(2) + "\n");
}

// The stored runs of HEAD's first-parent line (HEAD included), newest first, of at most
// history_runs commits: the history a compare against HEAD would draw its between-run term from.
std::vector<std::vector<Run>> stored_history(const Workspace& ws, const Config& config) {
  std::vector<std::vector<Run>> history;
  const auto head = ws.repo.is_bare() ? std::nullopt : ws.repo.head_commit();
  if (!head || config.history_runs <= 0) return history;
  const auto line = ws.repo.first_parent_history(*head, 1 + 4 * config.history_runs);
  std::vector<std::string> problems;  // an unreadable note is no history, as in compare
  for (const auto& commit : line.commits) {
    if (auto runs = ws.runs_of(commit, nullptr, &problems)) history.push_back(std::move(*runs));
    if (static_cast<int>(history.size()) >= config.history_runs) break;
  }
  return history;
}

void record_runs(Workspace& ws, const std::string& head, const std::vector<Run>& runs,
                 bool quiet) {
  ws.append_runs(head, runs,
                 "bench-gate: calibrate, " + std::to_string(runs.size()) + " runs for " + head);
  if (!quiet) {
    std::cerr << "bench-gate: recorded " << runs.size() << " runs for " << util::short_id(head)
              << " on " << ws.config.notes_ref << "\n";
  }
}

}  // namespace

int calibrate_command(const GlobalOptions& global, const CalibrateOptions& options) {
  std::optional<Workspace> ws;
  try {
    ws.emplace(global);
  } catch (const Error&) {
    if (options.run.command.empty() || options.record) throw;
  }
  Config config = ws ? ws->config : config_without_repository(global);
  if (options.run.metric) config.metric = *options.run.metric;  // --metric
  const SuiteRequest req = ws ? ws->suite_request(options.run, global.quiet)
                              : suite_request_without_repository(options.run, config, global.quiet);
  std::string head;
  if (options.record) {
    auto checked_out = ws->repo.is_bare() ? std::nullopt : ws->repo.head_commit();
    if (!checked_out)
      throw Error(ExitCode::input_error, "calibrate --record: no checked-out commit to record for");
    head = *checked_out;
  }
  std::vector<Run> runs;
  for (int i = 0; i < options.runs; ++i) {
    if (!global.quiet)
      std::cerr << "bench-gate: calibration run " << i + 1 << "/" << options.runs << "\n";
    Run run = run_suite(req);
    run.run_id = util::new_run_id();
    run.recorded_at = util::utc_now();
    run.tool_version = tool_version();
    run.commit = head;
    runs.push_back(std::move(run));
  }
  std::vector<std::vector<Run>> history = ws ? stored_history(*ws, config) : decltype(history){};
  int history_runs = 0;
  for (const auto& commit_runs : history) history_runs += static_cast<int>(commit_runs.size());
  const std::vector<Row> rows = rows_of(runs, std::move(history), config);
  print_table(rows, options, req, config, history_runs);
  print_rules(rows, config);
  if (!options.json_output.empty()) write_json(rows, options, req, config);
  if (options.record) record_runs(*ws, head, runs, global.quiet);
  return static_cast<int>(run_exit_code(runs));
}

}  // namespace bg
