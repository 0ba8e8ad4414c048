// Fuzz the compare → report path: input is <control byte><base JSON>"\n--\n"<head JSON>, two Google
// Benchmark outputs. Ingested runs are compared and rendered with the built-in pr-comment
// template: no crash, every Markdown table has one column count, the report is valid UTF-8, and
// the comparison JSON reads back to the same document.
#include <string>
#include <vector>

#include "bench_gate/compare.hpp"
#include "bench_gate/ingest.hpp"
#include "bench_gate/report/comparison_json.hpp"
#include "bench_gate/report/render.hpp"
#include "fuzz_support.hpp"

namespace {

using bg::fuzz::require;

constexpr std::string_view kSeparator = "\n--\n";

// Check that every run of consecutive lines starting with '|' has the same number of '|'.
void check_tables(const std::string& markdown) {
  std::size_t columns = 0;  // of the current table, 0 = not in a table
  std::size_t start = 0;
  while (start <= markdown.size()) {
    std::size_t end = markdown.find('\n', start);
    if (end == std::string::npos) end = markdown.size();
    const std::string_view line = std::string_view(markdown).substr(start, end - start);
    if (!line.empty() && line[0] == '|') {
      std::size_t pipes = 0;
      for (char c : line) pipes += c == '|';
      if (columns == 0) columns = pipes;
      if (pipes != columns) {
        std::fprintf(stderr, "table row with %zu pipes, table has %zu: %.*s\n", pipes, columns,
                     static_cast<int>(line.size()), line.data());
      }
      require(pipes == columns, "every row of a Markdown table has the same column count");
    } else {
      columns = 0;
    }
    start = end + 1;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const std::uint8_t control = data[0];
  const std::string_view text = bg::fuzz::as_text(data + 1, size - 1);
  const std::size_t split = text.find(kSeparator);
  if (split == std::string_view::npos) return 0;

  bg::CompareInput input;
  try {
    input.base_runs.push_back(bg::ingest_benchmark_json(text.substr(0, split), "base.json"));
    input.head_runs.push_back(
        bg::ingest_benchmark_json(text.substr(split + kSeparator.size()), "head.json"));
  } catch (const bg::Error&) {
    return 0;
  }
  if (control & 1) input.config.metric = bg::Metric::cpu_time;
  if (control & 2) input.history.push_back(input.base_runs);  // one earlier run on the line
  if (control & 4) input.base_runs.push_back(input.base_runs.front());  // two runs on a side

  bg::Comparison comparison = bg::compare_runs(input);
  comparison.base_rev = "main";
  comparison.head_rev = "HEAD";
  require(comparison.exit_code == bg::ExitCode::pass ||
              comparison.exit_code == bg::ExitCode::regression ||
              comparison.exit_code == bg::ExitCode::suite_failed,
          "compare_runs decides pass, regression or suite_failed");

  bg::ReportOptions options;
  options.budget = 2000 + static_cast<std::size_t>(control >> 3) * 1000;  // exercise folding
  options.title = "fuzz | <title>";
  const std::string markdown =
      bg::render_markdown(comparison, bg::load_template("pr-comment"), "pr-comment", options);
  require(bg::fuzz::is_valid_utf8(markdown), "the report is valid UTF-8");
  check_tables(markdown);
  (void)bg::render_github_annotations(comparison);

  const nlohmann::json document = bg::comparison_to_json(comparison);
  bg::Comparison back;
  try {
    back = bg::comparison_from_json(document, "fuzz-comparison");
  } catch (const bg::Error& e) {
    std::fprintf(stderr, "comparison JSON rejected: %s\n", e.what());
    require(false, "comparison_from_json reads what comparison_to_json writes");
  }
  require(bg::comparison_to_json(back) == document, "comparison JSON round-trips");
  return 0;
}
