// bench-gate calibrate: run the suite N times on this machine and say, per benchmark, how noisy it
// is within a run and between runs, the smallest change the stored rule could detect with the
// configured repetitions and processes, and the strictest tier that detection supports.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>

#include "bench_gate/app/commands.hpp"
#include "bench_gate/app/compare_flow.hpp"
#include "bench_gate/app/workspace.hpp"
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

constexpr double kZPower = 1.6448536269514722 + 0.8416212335729143;  // one-sided 5 %, 80 % power

struct Row {
  std::string name;
  int runs = 0;
  double median_ns = 0;
  double within_cv = 0;   // pooled 1.4826 MAD of log samples around their run's median
  double between_cv = 0;  // sd of the per-run log medians
  double mde = 0;         // stored rule, `processes` runs per side, configured repetitions
  std::string tier;       // the strictest tier whose threshold the mde reaches, "—" for none
  std::string error;
};

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
           const std::vector<double>& raw, const Config& config) {
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
  const double processes = config.processes;  // runs per side that record and compare make
  const double s_b = std::max(r.between_cv, config.noise_floor / 2);
  const double se_within = r.within_cv * std::sqrt(2.0 / (config.repetitions * processes));
  r.mde = std::expm1(kZPower * std::sqrt(se_within * se_within + 2 * s_b * s_b / processes));
  r.tier = "—";
  for (const auto& tier : tiers_by_threshold(config)) {
    if (r.mde <= tier.threshold) {
      r.tier = tier.name;
      break;
    }
  }
  return r;
}

std::vector<Row> rows_of(const std::vector<Run>& runs, const Config& config) {
  Samples s = collect(runs, config.metric);
  std::vector<Row> rows;
  for (const auto& [name, per_run] : s.logs) {
    Row r = row_of(name, per_run, s.raw[name], config);
    if (s.errors.count(name)) r.error = s.errors[name];
    rows.push_back(std::move(r));
  }
  for (const auto& [name, error] : s.errors) {
    if (!s.logs.count(name)) rows.push_back(Row{name, 0, 0, 0, 0, 0, "—", error});
  }
  return rows;
}

void print_table(const std::vector<Row>& rows, const CalibrateOptions& options,
                 const SuiteRequest& req, const Config& config) {
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
      "%d runs x %d repetitions; mde: stored rule, %d run(s) per side (config processes) with "
      "%d repetitions each, between-run noise as measured (at least %s); %s\n",
      options.runs, req.repetitions, config.processes, config.repetitions,
      util::percent(config.noise_floor / 2, 2).c_str(), needs.c_str());
}

void write_json(const std::vector<Row>& rows, const CalibrateOptions& options,
                const SuiteRequest& req, const Config& config) {
  nlohmann::json j{{"runs", options.runs},
                   {"repetitions", req.repetitions},
                   {"default_repetitions", config.repetitions},
                   {"processes", config.processes},
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
  const std::vector<Row> rows = rows_of(runs, config);
  print_table(rows, options, req, config);
  if (!options.json_output.empty()) write_json(rows, options, req, config);
  if (options.record) record_runs(*ws, head, runs, global.quiet);
  return static_cast<int>(run_exit_code(runs));
}

}  // namespace bg
