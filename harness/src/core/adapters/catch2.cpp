// Catch2 XML reporter with benchmark results (issue 16): Catch2 keeps no raw samples in its
// report, only their mean and standard deviation, so each benchmark is a summary (use_summary).
#include <pugixml.hpp>

#include <cmath>
#include <cstdlib>
#include <set>

#include "bench_gate/adapters.hpp"
#include "bench_gate/environment.hpp"
#include "bench_gate/ingest.hpp"
#include "bench_gate/util/text.hpp"
#include "samples.hpp"

namespace bg {
namespace {

class Catch2Reader {
 public:
  explicit Catch2Reader(const std::string& origin) : origin_(origin) {}

  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw Error(ExitCode::input_error, util::one_line_text(origin_ + ": " + where + ": " + what));
  }

  // The number in attribute `attr` of `node` (under `where`), checked.
  double number(const pugi::xml_node& node, const char* attr, const std::string& where) const {
    const pugi::xml_attribute a = node.attribute(attr);
    const std::string path = where + "/" + node.name() + "@" + attr;
    if (!a) fail(path, "is missing");
    char* end = nullptr;
    const double value = std::strtod(a.value(), &end);
    if (end == a.value() || *end != '\0' || !std::isfinite(value)) {
      fail(path, "expected a number, got '" + std::string(a.value()) + "'");
    }
    return value;
  }

  BenchmarkResult benchmark(const pugi::xml_node& result, const std::string& where,
                            bool test_failed) const {
    BenchmarkResult b;
    b.name = result.attribute("name").value();
    if (b.name.empty()) fail(where, "a BenchmarkResults without a name");
    if (const pugi::xml_node failed = result.child("failed")) {
      b.error = std::string("the benchmark failed: ") + failed.attribute("message").value();
      return b;
    }
    b.iterations = static_cast<std::int64_t>(number(result, "iterations", where));
    const pugi::xml_node mean = result.child("mean");
    const pugi::xml_node sd = result.child("standardDeviation");
    if (!mean) fail(where, "no <mean> (Catch2 writes mean, standardDeviation and outliers)");
    SummaryStatistics summary;
    summary.real_ns = number(mean, "value", where);
    if (summary.real_ns < 0 || summary.real_ns > adapter_support::kMaxSampleNs) {
      fail(where + "/mean@value", "expected a time >= 0 and <= 1e15 ns");
    }
    const double sd_ns = sd ? number(sd, "value", where) : 0;
    summary.real_cv = summary.real_ns > 0 ? sd_ns / summary.real_ns : 0;
    summary.repetitions = static_cast<long long>(number(result, "samples", where));
    summary.what = "mean and standard deviation (Catch2 reports no raw samples)";
    summary.center = "mean";
    use_summary(b, summary);
    if (const pugi::xml_node outliers = result.child("outliers")) {
      for (const char* attr : {"lowMild", "lowSevere", "highMild", "highSevere"}) {
        if (outliers.attribute(attr)) {
          b.counters.emplace_back(std::string("outliers_") + attr,
                                  std::vector<double>{number(outliers, attr, where)});
        }
      }
      std::sort(b.counters.begin(), b.counters.end());
    }
    if (test_failed) b.error = "its test case failed";
    return b;
  }

  Run read(std::string_view text) const {
    pugi::xml_document doc;
    const pugi::xml_parse_result parsed = doc.load_buffer(text.data(), text.size());
    if (!parsed) {
      fail("byte " + std::to_string(parsed.offset),
           std::string("invalid XML (") + parsed.description() + ")");
    }
    const pugi::xml_node root = doc.document_element();
    const std::string root_name = root.name();
    if (root_name != "Catch" && root_name != "Catch2TestRun") {
      fail("<" + root_name + ">", "not Catch2 XML output (expected <Catch> or <Catch2TestRun>)");
    }
    Run run;
    run.environment = environment_from_context(
        {{"harness", "catch2"},
         {"catch2_version", root.attribute("catch2-version").value()},
         {"executable", root.attribute("name").value()}});
    std::set<std::string> seen;
    for (const pugi::xpath_node& found : root.select_nodes("//TestCase")) {
      const pugi::xml_node test = found.node();
      const std::string where =
          root_name + "/TestCase[@name='" + test.attribute("name").value() + "']";
      const bool failed = std::string_view(test.child("OverallResult").attribute("success").value()) == "false";
      for (const pugi::xpath_node& r : test.select_nodes(".//BenchmarkResults")) {
        BenchmarkResult b = benchmark(r.node(), where, failed);
        if (!seen.insert(b.name).second) {
          fail(where, "benchmark '" + b.name + "' appears twice (names must be unique)");
        }
        run.benchmarks.push_back(std::move(b));
      }
    }
    return run;
  }

 private:
  std::string origin_;
};

}  // namespace

bool looks_like_catch2(std::string_view text) {
  const std::string_view head = text.substr(0, 1024);
  const std::size_t i = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  return i != std::string_view::npos && head[i] == '<' &&
         (head.find("<Catch2TestRun") != std::string_view::npos ||
          head.find("<Catch ") != std::string_view::npos ||
          head.find("<Catch>") != std::string_view::npos);
}

Run ingest_catch2_xml(std::string_view text, const std::string& origin) {
  return Catch2Reader(origin).read(text);
}

}  // namespace bg
