// bench-gate compare BASE HEAD, bench-gate report: run the compare flow (compare_flow.hpp) or
// read a saved comparison, then render, write and print it. The exit code is the comparison's.
#include <iostream>

#include "bench_gate/app/branch_history.hpp"
#include "bench_gate/app/commands.hpp"
#include "bench_gate/app/compare_flow.hpp"
#include "bench_gate/app/name_filter.hpp"
#include "bench_gate/app/workspace.hpp"
#include "bench_gate/compare.hpp"
#include "bench_gate/report/comparison_json.hpp"
#include "bench_gate/report/render.hpp"
#include "bench_gate/util/files.hpp"
#include "bench_gate/util/ids.hpp"
#include "bench_gate/util/json_fields.hpp"
#include "bench_gate/util/text.hpp"

namespace bg {
namespace {

// First-parent commits of HEAD the nightly report reads for its change points.
constexpr int kNightlyLine = 200;

std::string template_name(const OutputOptions& out) {
  return out.template_path.empty() ? "pr-comment" : out.template_path;
}

// Render the report, write the files asked for, print stdout's format.
void emit(const Comparison& cmp, const OutputOptions& out, const std::string& template_text,
          std::size_t budget) {
  ReportOptions ropts;
  ropts.budget = budget;
  const std::string markdown = render_markdown(cmp, template_text, template_name(out), ropts);
  if (!out.output.empty()) util::write_file_atomically(out.output, markdown);
  if (!out.json_output.empty())
    util::write_file_atomically(out.json_output, comparison_to_json(cmp).dump(2) + "\n");
  switch (out.format) {
    case OutputFormat::markdown:
      if (out.output.empty()) std::cout << markdown;
      break;
    case OutputFormat::github:
      std::cout << render_github_annotations(cmp);
      break;
    case OutputFormat::json:
      std::cout << comparison_to_json(cmp).dump(2) << "\n";
      break;
    case OutputFormat::none:
      break;
  }
}

// Exit 4 is an error: say on one line of stderr which benchmarks failed and why.
void report_failed_benchmarks(const Comparison& cmp) {
  std::string detail;
  int failed = 0;
  for (const auto& row : cmp.benchmarks) {
    if (row.verdict != Verdict::failed) continue;
    if (++failed <= 3) {
      detail +=
          (failed > 1 ? "; " : "") + row.name + (row.message.empty() ? "" : ": " + row.message);
    }
  }
  if (failed > 3) detail += "; and " + std::to_string(failed - 3) + " more";
  std::cerr << "bench-gate: error: " << failed << " benchmark(s) reported an error in "
            << util::one_line_text(cmp.head_rev) << " (" << util::short_id(cmp.head_commit)
            << "): " << util::one_line_text(detail) << "\n";
}

// issue 16: `compare --files BASE.json HEAD.json`: the same report, JSON and exit code from two
// results files (Google Benchmark JSON or `bench-gate run` output), without git.
int compare_files(const GlobalOptions& global, const CompareOptions& options) {
  CompareInput input;
  input.config = config_without_repository(global);
  const std::string template_text = load_template(template_name(options.out));  // fail early
  const std::string harness = input_harness(input.config, options.request.run);
  for (std::size_t side = 0; side < 2; ++side) {
    std::vector<Run> runs = ingest_files({options.files[side]}, harness,
                                           criterion_baseline(options.request.run, side));
    for (std::size_t i = 0; i < runs.size(); ++i) {
      runs[i].run_id = side == 0 ? "base" : "head";
      if (i > 0) runs[i].run_id += '-' + std::to_string(i + 1);
      (side == 0 ? input.base_runs : input.head_runs).push_back(std::move(runs[i]));
    }
  }
  Comparison cmp = compare_runs(input);
  cmp.base_rev = options.files[0];
  cmp.head_rev = options.files[1];
  emit(cmp, options.out, template_text,
       options.out.budget > 0 ? static_cast<std::size_t>(options.out.budget)
                              : input.config.report_budget);
  if (cmp.exit_code == ExitCode::suite_failed) report_failed_benchmarks(cmp);
  return static_cast<int>(cmp.exit_code);
}

}  // namespace

int compare_command(const GlobalOptions& global, const CompareOptions& options) {
  if (!options.files.empty()) return compare_files(global, options);  // issue 16
  if (options.request.base.empty()) {
    throw Error(ExitCode::input_error,
                "compare: give BASE (a revision) or --files BASE.json HEAD.json");
  }
  const Workspace ws(global);
  const std::string template_text = load_template(template_name(options.out));  // fail early
  CompareRequest request = options.request;
  request.quiet = global.quiet;
  ProcessSuiteRunner runner;
  StderrProgress progress(global.quiet);
  Comparison cmp = compare(request, ws, runner, progress);
  if (template_name(options.out) == "nightly") {  // issue 13: what moved since the last night
    const NameFilter filter(request.run.filter, "--filter");
    describe_line_since_baseline(ws, cmp, kNightlyLine, filter);
  }
  emit(cmp, options.out, template_text,
       options.out.budget > 0 ? static_cast<std::size_t>(options.out.budget)
                              : ws.config.report_budget);
  if (cmp.exit_code == ExitCode::suite_failed) report_failed_benchmarks(cmp);
  return static_cast<int>(cmp.exit_code);
}

int report_command(const GlobalOptions&, const ReportOptionsCli& options) {
  const nlohmann::json j = util::parse_json(util::read_file(options.input), options.input);
  const Comparison cmp = comparison_from_json(j, options.input);
  const std::string template_text = load_template(template_name(options.out));
  OutputOptions out = options.out;
  out.json_output.clear();
  emit(cmp, out, template_text,
       out.budget > 0 ? static_cast<std::size_t>(out.budget) : ReportOptions{}.budget);
  return 0;
}

}  // namespace bg
