// A tier rule chooses the metric that gates the benchmarks it matches (issue 12): compare judges
// each row on its rule's metric from the stored runs, and refuses when a side never measured it.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "bench_gate/compare.hpp"
#include "bench_gate/config.hpp"
#include "bench_gate/util/error.hpp"

namespace {

bg::BenchmarkResult timed(const std::string& name, double ns) {
  bg::BenchmarkResult b;
  b.name = name;
  for (int i = 0; i < 10; ++i) b.real_time_ns.push_back(ns * (1 + 0.3 * ((i % 5) - 2) / 2));
  b.cpu_time_ns = b.real_time_ns;
  b.iterations = 100;
  return b;
}

bg::BenchmarkResult counted(const std::string& name, double count) {
  bg::BenchmarkResult b;
  b.name = name;
  b.instructions = {count};
  b.iterations = 1;
  return b;
}

bg::Run run(std::vector<bg::BenchmarkResult> benchmarks, const std::string& id) {
  bg::Run r;
  r.run_id = id;
  r.benchmarks = std::move(benchmarks);
  return r;
}

}  // namespace

TEST_CASE("rule metric: parsed, chosen by the first matching rule, unknown names refused") {
  const bg::Config config = bg::parse_config(
      R"({"rules": [{"pattern": "BM_count*", "tier": "critical", "metric": "instructions"},
                    {"pattern": "BM_*", "tier": "standard"}]})",
      "bench-gate.json");
  CHECK(bg::metric_for(config, "BM_count/1") == bg::Metric::instructions);
  CHECK(bg::metric_for(config, "BM_time") == bg::Metric::real_time);
  CHECK(bg::metric_for(config, "other") == bg::Metric::real_time);
  CHECK_THROWS_WITH_AS(
      bg::parse_config(R"({"rules": [{"pattern": "*", "tier": "critical", "metric": "cycles"}]})",
                       "bench-gate.json"),
      doctest::Contains("rules[0].metric: 'cycles' is not one of"), bg::Error);
}

TEST_CASE("rule metric: each row is judged on its rule's metric from the stored runs") {
  bg::CompareInput input;
  input.config = bg::parse_config(
      R"({"rules": [{"pattern": "BM_count", "tier": "critical", "metric": "instructions"}],
          "default_tier": "critical"})",
      "bench-gate.json");
  // Each side: a timed run (30 % spread) and an instruction-count run; head does 2 % more work.
  input.base_runs = {run({timed("BM_count", 1000), timed("BM_time", 500)}, "t1"),
                     run({counted("BM_count", 1e6), counted("BM_time", 5e5)}, "i1")};
  input.head_runs = {run({timed("BM_count", 1020), timed("BM_time", 500)}, "t2"),
                     run({counted("BM_count", 1.02e6), counted("BM_time", 5e5)}, "i2")};
  input.config.tiers[0].threshold = 0.01;  // critical at 1 %
  const bg::Comparison c = bg::compare_runs(input);
  REQUIRE(c.benchmarks.size() == 2);
  for (const auto& row : c.benchmarks) {
    if (row.name == "BM_count") {
      CHECK(row.unit == "instructions");
      CHECK(row.verdict == bg::Verdict::regression);  // +2 % of counts, a 0.1 % floor
      CHECK(row.change == doctest::Approx(0.02));
    } else {
      CHECK(row.unit == "ns");
      CHECK(row.verdict == bg::Verdict::inconclusive);  // 30 % spread cannot resolve 1 %
    }
  }
  CHECK(c.exit_code == bg::ExitCode::regression);
  CHECK(c.rule.find("Rules choose another metric for the benchmarks they match (BM_count: "
                    "instructions)") != std::string::npos);
}

TEST_CASE("rule metric: a side that never measured the rule's metric is refused, named") {
  bg::CompareInput input;
  input.config = bg::parse_config(
      R"({"rules": [{"pattern": "BM_count", "tier": "critical", "metric": "instructions"}]})",
      "bench-gate.json");
  input.base_runs = {run({timed("BM_count", 1000)}, "t1"), run({counted("BM_count", 1e6)}, "i1")};
  input.head_runs = {run({timed("BM_count", 1000)}, "t2")};  // only timed
  CHECK_THROWS_WITH_AS(bg::compare_runs(input),
                       "config: a rule gates BM_count on instructions, but the head runs have no "
                       "instructions measurements: record them with `bench-gate record --metric "
                       "instructions` (runs of both metrics are kept side by side)",
                       bg::Error);
}
