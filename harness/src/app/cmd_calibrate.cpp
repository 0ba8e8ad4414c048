// bench-gate calibrate: run the suite N times on this machine and say, per benchmark, how noisy it
// is within a run and between runs, the smallest change the stored rule could detect with the
// default repetitions, and the strictest tier that detection supports.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "bench_gate/app/commands.hpp"
#include "bench_gate/app/workspace.hpp"
#include "bench_gate/note_codec.hpp"
#include "bench_gate/stats.hpp"
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
  double mde = 0;         // stored rule, one run per side, default repetitions
  std::string tier;
  std::string error;
};

double threshold_of(const Config& config, const std::string& tier, double fallback) {
  for (const auto& t : config.tiers) {
    if (t.name == tier) return t.threshold;
  }
  return fallback;
}

std::string pct(double f) {
  char b[32];
  std::snprintf(b, sizeof b, "%.2f %%", f * 100);
  return b;
}

}  // namespace

int calibrate_command(const GlobalOptions& global, const CalibrateOptions& options) {
  std::optional<Workspace> ws;
  try {
    ws.emplace(Workspace::open(global));
    // The notes store points at the repository it was made with; moving into the optional moved it.
    ws->notes = std::make_unique<git::NotesStore>(ws->repo, ws->config.notes_ref);
  } catch (const Error&) {
    if (options.run.command.empty() || options.record) throw;
  }
  const Config config = ws ? ws->config : config_without_repository(global);
  SuiteRequest req;
  if (ws) {
    req = ws->suite_request(options.run, global.quiet);
  } else {
    req.command = options.run.command;
    req.repetitions = options.run.repetitions > 0 ? options.run.repetitions : config.repetitions;
    req.filter = options.run.filter;
    req.timeout_seconds =
        options.run.timeout_seconds >= 0 ? options.run.timeout_seconds : config.timeout_seconds;
    req.quiet = global.quiet;
  }
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
    run.run_id = new_run_id();
    run.recorded_at = utc_now();
    run.tool_version = tool_version();
    run.commit = head;
    runs.push_back(std::move(run));
  }

  // Per benchmark: the log samples of each run.
  std::map<std::string, std::vector<std::vector<double>>> logs;
  std::map<std::string, std::vector<double>> raw;
  std::map<std::string, std::string> errors;
  for (const auto& run : runs) {
    for (const auto& b : run.benchmarks) {
      if (b.error) {
        errors.emplace(b.name, *b.error);
        continue;
      }
      const auto& values = config.metric == "cpu_time" ? b.cpu_time_ns : b.real_time_ns;
      std::vector<double> l;
      for (double v : values) {
        if (v > 0 && std::isfinite(v)) {
          l.push_back(std::log(v));
          raw[b.name].push_back(v);
        }
      }
      if (!l.empty()) logs[b.name].push_back(std::move(l));
    }
  }
  const double critical = threshold_of(config, "critical", 0.05);
  const double standard = threshold_of(config, "standard", 0.10);
  const int default_reps = config.repetitions;
  const int processes = config.processes;  // runs per side that record and compare will make
  std::vector<Row> rows;
  for (const auto& [name, per_run] : logs) {
    Row r;
    r.name = name;
    r.runs = static_cast<int>(per_run.size());
    r.median_ns = stats::median(raw[name]);
    std::vector<double> deviations, medians;
    for (const auto& l : per_run) {
      const double m = stats::median(l);
      medians.push_back(m);
      for (double x : l) deviations.push_back(std::fabs(x - m));
    }
    r.within_cv = 1.4826 * stats::median(deviations);
    r.between_cv = stats::stddev(medians);
    const double s_b = std::max(r.between_cv, config.noise_floor / 2);
    const double se_within = r.within_cv * std::sqrt(2.0 / (default_reps * processes));
    r.mde = std::expm1(kZPower * std::sqrt(se_within * se_within + 2 * s_b * s_b / processes));
    r.tier = r.mde <= critical ? "critical" : r.mde <= standard ? "standard" : "background";
    if (errors.count(name)) r.error = errors[name];
    rows.push_back(std::move(r));
  }
  for (const auto& [name, error] : errors) {
    if (!logs.count(name)) rows.push_back(Row{name, 0, 0, 0, 0, 0, "—", error});
  }

  std::size_t width = 9;
  for (const auto& r : rows) width = std::max(width, r.name.size());
  std::printf("%-*s  %12s  %10s  %11s  %9s  %s\n", static_cast<int>(width), "benchmark",
              "median ns", "within cv", "between cv", "mde", "strictest tier");
  for (const auto& r : rows) {
    std::printf("%-*s  %12.1f  %10s  %11s  %9s  %s%s\n", static_cast<int>(width), r.name.c_str(),
                r.median_ns, pct(r.within_cv).c_str(), pct(r.between_cv).c_str(),
                pct(r.mde).c_str(), r.tier.c_str(),
                r.error.empty() ? "" : ("  (error: " + r.error + ")").c_str());
  }
  std::printf(
      "%d runs x %d repetitions; mde: stored rule, %d run(s) per side (config processes) with "
      "%d repetitions each, between-run "
      "noise as measured (at least %s); critical needs mde <= %s, standard <= %s\n",
      options.runs, req.repetitions, processes, default_reps, pct(config.noise_floor / 2).c_str(),
      pct(critical).c_str(), pct(standard).c_str());

  if (!options.json_output.empty()) {
    nlohmann::json j{{"runs", options.runs},
                     {"repetitions", req.repetitions},
                     {"default_repetitions", default_reps},
                     {"processes", processes},
                     {"benchmarks", nlohmann::json::array()}};
    for (const auto& r : rows) {
      nlohmann::json b{{"name", r.name},
                       {"runs", r.runs},
                       {"median_ns", r.median_ns},
                       {"within_cv", r.within_cv},
                       {"between_cv", r.between_cv},
                       {"mde", r.mde},
                       {"tier", r.tier}};
      if (!r.error.empty()) b["error"] = r.error;
      j["benchmarks"].push_back(std::move(b));
    }
    write_file_atomically(options.json_output, j.dump(2) + "\n");
  }

  if (options.record) {
    const std::string origin = "note of commit " + short_id(head) + " on " + ws->config.notes_ref;
    ws->notes->update(
        head,
        [&](const std::optional<std::string>& current) {
          NoteDocument doc;
          if (current) doc = parse_note(*current, origin);  // never overwrite what we cannot read
          doc.commit = head;
          for (const auto& run : runs) doc.runs.push_back(run);
          return serialize_note(doc);
        },
        "bench-gate: calibrate, " + std::to_string(runs.size()) + " runs for " + head);
    if (!global.quiet) {
      std::cerr << "bench-gate: recorded " << runs.size() << " runs for " << short_id(head)
                << " on " << ws->config.notes_ref << "\n";
    }
  }
  return errors.empty() ? 0 : static_cast<int>(ExitCode::suite_failed);
}

}  // namespace bg
