// Fuzz the whole report path with untrusted text: the input, split at 0x1E bytes, fills every text
// field of a comparison (names, tiers, units, messages, hosts, revisions, rule, differences...)
// and the names of a log view. The Markdown report (pr-comment and nightly, budget 20000) and
// the log's Markdown table must keep report_properties.hpp's properties (no raw '<', no "::" line,
// no autolink, within budget); the log's terminal table and Untrusted::terminal no control byte.
#include <string>
#include <vector>

#include "bench_gate/report/log_view.hpp"
#include "bench_gate/report/render.hpp"
#include "bench_gate/report/untrusted.hpp"
#include "fuzz_support.hpp"
#include "report_properties.hpp"

namespace {

using bg::fuzz::require;

void check(const std::string& problem, const char* what) {
  if (!problem.empty()) std::fprintf(stderr, "%s: %s\n", what, problem.c_str());
  require(problem.empty(), what);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = bg::fuzz::as_text(data, size);
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find('\x1e', start);
    parts.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  const auto field = [&](int i) { return parts[static_cast<std::size_t>(i) % parts.size()]; };
  const bg::Comparison c = bg::props::comparison_from_fields(field);
  bg::ReportOptions options;
  options.budget = 20000;
  options.title = field(60);
  static const std::string pr = bg::load_template("pr-comment");
  static const std::string nightly = bg::load_template("nightly");
  for (const std::string* tmpl : {&pr, &nightly}) {
    const std::string out = bg::render_markdown(c, *tmpl, "fuzz", options);
    require(out.size() <= options.budget, "report: within its budget");
    check(bg::props::markdown_problem(out), "report");
  }
  bg::LogView view;
  view.commits = {"aaaa111", "bbbb222"};
  for (int i = 0; i < 3; ++i) view.series.push_back({bg::Untrusted(field(i)), "ns", {1.0, 2.0}, {}});
  view.history_note = bg::Untrusted(field(3));
  check(bg::props::markdown_problem(bg::render_log(view)), "log --markdown");
  check(bg::props::terminal_problem(bg::render_log_text(view)), "log");
  check(bg::props::terminal_problem(bg::Untrusted(text).terminal()), "terminal");
  check(bg::props::terminal_problem(bg::Untrusted(text).one_line()), "one_line");
  return 0;
}
